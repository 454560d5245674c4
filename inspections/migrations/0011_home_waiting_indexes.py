"""Indexes for the home page's "waiting for you" counts (culture_portal/waiting.py, inspections/waiting.py).

Plain SQL, valid on PostgreSQL and SQLite, with no model state: the models' Meta is not changed by this migration,
so `makemigrations` neither sees nor removes these indexes. Each names the query that needs it.
"""

from django.db import migrations

INDEXES = {
    # The unit head's "Conclusion notices about your units" (inspections_filtered with notices=recent): notices
    # done and issued in the last RECENT_NOTICE_DAYS days, WHERE status = 'done' AND issued_at >= ...; without it
    # PostgreSQL reads every notice (notice_status_idx is on created_at).
    "notice_status_issued_idx": "inspections_notice (status, issued_at)",
    # The unit head's "Corrective actions to report" and "Overdue corrective actions of your units"
    # (actions_filtered with units=mine): per unit of the subtree, WHERE unit_id = ... AND status IN ('open',
    # 'reopened'); without it each unit's every action is read to find its open ones.
    "action_unit_status_idx": "inspections_correctiveaction (unit_id, status)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0010_dashboard_indexes"),
    ]

    operations = [
        migrations.RunSQL(sql=f"CREATE INDEX {name} ON {target}", reverse_sql=f"DROP INDEX {name}")
        for name, target in INDEXES.items()
    ]
