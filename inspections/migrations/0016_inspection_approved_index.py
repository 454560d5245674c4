"""The ids of approved inspections as an index of their own: a unit head's history reads "approved" from it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0015_finding_unit_index_covers_counts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(
                fields=["id"],
                condition=models.Q(status__in=["conclusion_approved", "notice_issued"]),
                name="inspection_approved_idx",
            ),
        ),
    ]
