"""E-mail bodies in the outbox are stored sealed (encrypted with a key derived from SECRET_KEY): a receipt carries
the citizen's PIN, which must never be readable in the database. The bodies already waiting are sealed here."""

from django.db import migrations

import culture_portal.models.outbox
from culture_portal.models.outbox import SEALED_PREFIX, seal, unseal


def seal_bodies(apps, schema_editor):
    OutgoingEmail = apps.get_model("culture_portal", "OutgoingEmail")  # the body still a plain TextField here
    for pk, body in OutgoingEmail.objects.values_list("pk", "body").iterator():
        if not body.startswith(SEALED_PREFIX):
            OutgoingEmail.objects.filter(pk=pk).update(body=seal(body))


def unseal_bodies(apps, schema_editor):
    OutgoingEmail = apps.get_model("culture_portal", "OutgoingEmail")  # a plain TextField again
    for pk, body in OutgoingEmail.objects.values_list("pk", "body").iterator():
        if body.startswith(SEALED_PREFIX):
            OutgoingEmail.objects.filter(pk=pk).update(body=unseal(body))


class Migration(migrations.Migration):

    dependencies = [
        ("culture_portal", "0008_setup_checklist"),
    ]

    operations = [
        migrations.RunPython(seal_bodies, unseal_bodies),
        migrations.AlterField(
            model_name="outgoingemail",
            name="body",
            field=culture_portal.models.outbox.SealedTextField(verbose_name="body"),
        ),
    ]
