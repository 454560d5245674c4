"""Day one without a shell: administrators record signatories and confirm each year's calendar in the portal;
seeded deadline rules that no legal text fixes are marked "to be confirmed"."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ADMINISTRATOR = [f"{action}_{model}" for model in ("signatory", "calendarconfirmation")
                 for action in ("view", "add", "change", "delete")]  # fmt: skip


def grant(apps, schema_editor):
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


def mark_defaults(apps, schema_editor):
    # The feedback track's defaults were seeded with "(giá trị mặc định, cần xác nhận)" in their legal basis.
    apps.get_model("culture_portal", "DeadlineRule").objects.filter(legal_basis__contains="cần xác nhận").update(
        to_be_confirmed=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("culture_portal", "0007_administrators_unlock_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # the rules to mark are seeded there
        ("feedback", "0002_roles_and_deadlines"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="signatory",
            options={
                "ordering": ["issuing_body_unit", "-valid_from"],
                "verbose_name": "signatory",
                "verbose_name_plural": "signatories",
            },
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="to_be_confirmed",
            field=models.BooleanField(
                default=False,
                help_text="A default value no legal text fixes: clear this once checked against your own regulation.",
                verbose_name="to be confirmed",
            ),
        ),
        migrations.CreateModel(
            name="CalendarConfirmation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                ("confirmed_at", models.DateTimeField(verbose_name="confirmed at")),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="confirmed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar confirmation",
                "verbose_name_plural": "calendar confirmations",
                "ordering": ["-year"],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(mark_defaults, migrations.RunPython.noop),
    ]
