"""Store the provisions' tsvector (PostgreSQL) and index it, replacing the expression index of 0002."""

from django.db import migrations

import regulations.models


def use_stored_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS regulations_provision_search_gin")
    schema_editor.execute(
        "UPDATE regulations_provision SET search_vector = to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS regulations_provision_vector_gin ON regulations_provision USING gin (search_vector)"
    )


def back_to_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS regulations_provision_vector_gin")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS regulations_provision_search_gin ON regulations_provision "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [("regulations", "0003_search_words")]
    operations = [
        migrations.AddField(
            model_name="provision",
            name="search_vector",
            field=regulations.models.FoldedTextVector(editable=False, null=True),
        ),
        migrations.RunPython(use_stored_vector, back_to_expression_index),
    ]
