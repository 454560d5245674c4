"""Create the portal's roles as groups with their permissions.

Later apps add their own permissions to these groups in their own migrations.
The lists are literal on purpose: a migration must not change when code does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_ORGANISATION = ["view_unit", "view_official", "view_calendarexception"]
ROLE_PERMISSIONS = {
    "staff": [("culture_portal", ["view_unit", "view_calendarexception"])],
    "inspector": [("culture_portal", VIEW_ORGANISATION)],
    "feedback_officer": [("culture_portal", VIEW_ORGANISATION)],
    "unit_head": [("culture_portal", VIEW_ORGANISATION)],
    "leadership": [
        (
            "culture_portal",
            [*VIEW_ORGANISATION, "view_issuingbody", "view_deadlinerule", "view_disciplinarymeasure", "view_documentkind"],
        )
    ],
    "administrator": [
        (
            "culture_portal",
            [
                f"{action}_{model}"
                for model in [
                    "unit",
                    "official",
                    "issuingbody",
                    "documentkind",
                    "deadlinerule",
                    "disciplinarymeasure",
                    "calendarexception",
                ]
                for action in ["view", "add", "change", "delete"]
            ]
            + ["import_organisation", "view_documentnumber"],
        ),
        ("auth", ["view_user", "add_user", "change_user", "view_group"]),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now
    # so a fresh database gets its groups filled in this same run.
    for label in ("auth", "culture_portal"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        for app_label, codenames in grants:
            permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            missing = set(codenames) - set(permissions.values_list("codename", flat=True))
            if missing:
                raise RuntimeError(f"Unknown permissions for role {role}: {sorted(missing)}")
            group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("culture_portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
