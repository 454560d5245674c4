"""The portal's identity as data (issue 15): its name and its leadership's title, one row edited by administrators
in the back office (empty fields: derived from the top unit); the issuing body's example names the province, since
the city's level was abolished on 1/7/2025."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Add: only when the row is missing (a database emptied since); the admin never offers delete.
ADMINISTRATOR = [f"{action}_portalidentity" for action in ("view", "add", "change")]


def the_row_and_rights(apps, schema_editor):
    apps.get_model("culture_portal", "PortalIdentity").objects.get_or_create(pk=1)
    app_config = apps.get_app_config("culture_portal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="culture_portal", codename__in=ADMINISTRATOR
    )
    missing = set(ADMINISTRATOR) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Unknown permissions: {sorted(missing)}")
    apps.get_model("auth", "Group").objects.get(name="administrator").permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("culture_portal", "0014_reorganisation_new_successor"),
    ]

    operations = [
        migrations.AlterField(
            model_name="issuingbody",
            name="name",
            field=models.CharField(
                help_text="As printed, e.g. ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", max_length=255, verbose_name="issuing body"
            ),
        ),
        migrations.CreateModel(
            name="PortalIdentity",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                (
                    "portal_name",
                    models.CharField(
                        blank=True,
                        help_text="Shown in the header and the browser's title, as the sender of e-mails and in "
                        "authenticator apps, e.g. Cổng văn hóa công vụ tỉnh Hà Tĩnh. Empty: “Cổng văn hóa công vụ” and "
                        "the name of the top unit.",
                        max_length=200,
                        verbose_name="portal name",
                    ),
                ),
                (
                    "leadership_title",
                    models.CharField(
                        blank=True,
                        help_text="Who leads the programme, as a sentence names them, e.g. lãnh đạo Ủy ban nhân dân "
                        "tỉnh. Empty: “lãnh đạo” and the name of the top unit.",
                        max_length=200,
                        verbose_name="leadership, as people read it",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "portal identity",
                "verbose_name_plural": "portal identity",
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="portal_identity_one_row")],
            },
        ),
        migrations.RunPython(the_row_and_rights, migrations.RunPython.noop),
    ]
