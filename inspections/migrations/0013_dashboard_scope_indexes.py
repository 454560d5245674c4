"""Indexes for the dashboard of a unit's subtree (culture_portal/leadership/figures.py, the inspections section).

The two model indexes serve the period filters (inspections started in it, conclusions approved in it). The third is
plain SQL on the inspections' units table, which Django creates for the many-to-many field and lets no Meta
describe: (unit, inspection) lets PostgreSQL list the inspections of a subtree's units from the index alone, where
the existing indexes ((inspection, unit) unique, and unit alone) make it read the whole table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0012_requirement_counted_from"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="conclusion",
            index=models.Index(fields=["status", "approved_at"], name="conclusion_approved_idx"),
        ),
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(fields=["window_start"], name="inspection_window_start_idx"),
        ),
        migrations.RunSQL(
            sql="CREATE INDEX inspection_units_by_unit_idx ON inspections_inspection_units (unit_id, inspection_id)",
            reverse_sql="DROP INDEX inspection_units_by_unit_idx",
        ),
    ]
