"""Reorganisations as data (issue 15 §1): unit kinds of both tiers of local government since 1/7/2025 (the former
district-level People's Committee kept, relabelled, for the history), a unit's successor, and the record of a
merger, split, renaming or dissolution; administrators record and apply them."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ADMINISTRATOR = [f"{action}_reorganisation" for action in ("view", "add", "change")]


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


class Migration(migrations.Migration):
    dependencies = [
        ("culture_portal", "0012_legal_corrections_2026"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="successor",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="predecessors",
                to="culture_portal.unit",
                verbose_name="succeeded by",
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="kind",
            field=models.CharField(
                choices=[
                    ("provincial_committee", "Provincial People's Committee"),
                    ("department", "Department (sở)"),
                    ("peoples_committee", "District-level People's Committee (before 1/7/2025)"),
                    ("office", "Specialised office (phòng)"),
                    ("board", "Board (ban)"),
                    ("public_service_unit", "Public service unit"),
                    ("ward", "Ward People's Committee"),
                    ("commune", "Commune People's Committee"),
                    ("special_zone", "Special zone (đặc khu)"),
                    ("service_centre", "Public Administration Service Centre"),
                    ("reception_desk", "One-stop reception desk"),
                ],
                max_length=32,
                verbose_name="kind of unit",
            ),
        ),
        migrations.CreateModel(
            name="Reorganisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("merge", "Merger (several units into one)"),
                            ("split", "Split (one unit into several)"),
                            ("rename", "Renaming (one unit becomes another)"),
                            ("dissolve", "Dissolution"),
                        ],
                        max_length=16,
                        verbose_name="kind of reorganisation",
                    ),
                ),
                ("effective_on", models.DateField(verbose_name="effective from")),
                (
                    "legal_basis",
                    models.CharField(
                        help_text="E.g. Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025",
                        max_length=255,
                        verbose_name="legal basis",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("applied", "Applied")],
                        default="draft",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                ("summary", models.JSONField(blank=True, default=dict, editable=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("applied_at", models.DateTimeField(blank=True, null=True)),
                (
                    "applied_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "main_successor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="culture_portal.unit",
                        verbose_name="main successor",
                    ),
                ),
                (
                    "predecessors",
                    models.ManyToManyField(
                        blank=True,
                        related_name="dissolutions",
                        to="culture_portal.unit",
                        verbose_name="units that cease",
                    ),
                ),
                (
                    "successors",
                    models.ManyToManyField(
                        blank=True, related_name="successions", to="culture_portal.unit", verbose_name="successor units"
                    ),
                ),
            ],
            options={
                "verbose_name": "reorganisation",
                "verbose_name_plural": "reorganisations",
                "ordering": ["-effective_on", "-pk"],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
