"""Notices by issue date within a status: a unit's history lists its latest ones without sorting them all."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0016_inspection_approved_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="notice",
            index=models.Index(fields=["status", "-issued_on"], name="notice_issued_on_idx"),
        ),
    ]
