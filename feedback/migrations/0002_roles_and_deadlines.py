"""The roles' permissions on feedback, and the deadline rules of the feedback track that the core did not seed."""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = ["view_case", "add_case", "change_case", "handle_case", "view_identity", "view_boxopening",
           "add_boxopening", "view_deskrating", "print_poster"]  # fmt: skip
ROLE_PERMISSIONS = {
    "feedback_officer": OFFICER,
    "leadership": ["view_case", "view_identity", "view_boxopening", "view_deskrating", "print_poster"],
    "unit_head": ["view_case", "verify_case", "view_deskrating", "print_poster"],
    "administrator": ["view_deskrating", "print_poster"],
}

CITY_RULE = "Quy chế tiếp nhận, xử lý phản ánh, kiến nghị của UBND thành phố (giá trị mặc định, cần xác nhận)"
FEEDBACK_RULES = [
    # track, step, days, counting, legal basis
    ("feedback", "accept", 5, "working", "Nghị định 20/2008/NĐ-CP; " + CITY_RULE),
    ("feedback", "decide", 10, "working", CITY_RULE),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("feedback")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        permissions = Permission.objects.filter(content_type__app_label="feedback", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for role {role}: {sorted(missing)}")
        Group.objects.get(name=role).permissions.add(*permissions)


def seed_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("culture_portal", "DeadlineRule")
    for track, step, days, counting, basis in FEEDBACK_RULES:
        DeadlineRule.objects.get_or_create(
            track=track, step=step, valid_from=datetime.date(2008, 3, 1),
            defaults={"days": days, "counting": counting, "legal_basis": basis},
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial"), ("culture_portal", "0005_audit_outbox")]
    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(seed_rules, migrations.RunPython.noop),
    ]
