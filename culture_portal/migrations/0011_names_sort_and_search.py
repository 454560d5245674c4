"""Vietnamese order and diacritics-insensitive search for people and units (issue 15 §3).

Official.sort_key orders people by given name, middle name, family name in Vietnamese alphabetical order;
Official.search_name and Unit.search_name hold the folded name and code that searches match ("nguyen van" finds
"Nguyễn Văn An"). Existing rows are filled here (names made NFC on the way); new ones by the models' save() and
bulk writes. On PostgreSQL the searches (search_name LIKE '% nguyen van%') use trigram GIN indexes (pg_trgm, a
trusted extension: the database owner may create it).
"""

from django.db import migrations, models

from culture_portal.text import name_sort_key, normalise_text, search_key

BATCH = 2000

TRIGRAM_INDEXES = {
    "official_search_trgm_idx": "culture_portal_official",
    "unit_search_trgm_idx": "culture_portal_unit",
}


def fill(apps, schema_editor):
    Official = apps.get_model("culture_portal", "Official")
    Unit = apps.get_model("culture_portal", "Unit")
    batch = []
    for unit in Unit.objects.only("pk", "code", "name").iterator(chunk_size=BATCH):
        unit.name = normalise_text(unit.name)
        unit.search_name = search_key(unit.name, unit.code)
        batch.append(unit)
        if len(batch) == BATCH:
            Unit.objects.bulk_update(batch, ["name", "search_name"])
            batch = []
    Unit.objects.bulk_update(batch, ["name", "search_name"])
    batch = []
    for official in Official.objects.only("pk", "employee_code", "full_name").iterator(chunk_size=BATCH):
        official.full_name = normalise_text(official.full_name)
        official.sort_key = name_sort_key(official.full_name)
        official.search_name = search_key(official.full_name, official.employee_code)
        batch.append(official)
        if len(batch) == BATCH:
            Official.objects.bulk_update(batch, ["full_name", "sort_key", "search_name"])
            batch = []
    Official.objects.bulk_update(batch, ["full_name", "sort_key", "search_name"])


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_name gin_trgm_ops)")


def trigram_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("culture_portal", "0010_notification_subject"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="official",
            options={"ordering": ["sort_key", "employee_code"], "verbose_name": "official", "verbose_name_plural": "officials"},
        ),
        migrations.RemoveIndex(
            model_name="official",
            name="official_unit_roll_idx",
        ),
        migrations.AddField(
            model_name="official",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="official",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="unit",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=320),
        ),
        migrations.AddIndex(
            model_name="official",
            index=models.Index(fields=["unit", "is_active", "sort_key"], name="official_unit_roll_idx"),
        ),
        migrations.AddIndex(
            model_name="official",
            index=models.Index(fields=["sort_key", "employee_code"], name="official_sort_idx"),
        ),
        migrations.RunPython(trigram_indexes, trigram_indexes_drop),
        # Last: on PostgreSQL no ALTER or CREATE INDEX may follow the updates in this transaction.
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
