"""finding_unit_idx also carries the norm, the commendation flag and the inspection, so a unit's history counts its
breaches by year and norm group from the index alone (inspections.selectors.finding_counts_by_year_and_group)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0014_action_list_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="finding", name="finding_unit_idx"),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(
                fields=["unit", "-created_at"],
                include=("norm", "is_commendation", "inspection"),
                name="finding_unit_idx",
            ),
        ),
    ]
