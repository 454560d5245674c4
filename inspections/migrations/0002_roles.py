"""The roles' permissions on inspections."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "inspector": ["view_inspection", "add_inspection", "change_inspection", "view_finding", "add_finding",
                  "view_inspectionplan"],
    "leadership": ["view_inspection", "add_inspection", "change_inspection", "view_finding", "view_inspectionplan",
                   "add_inspectionplan", "change_inspectionplan"],
    "unit_head": ["view_inspection", "view_finding"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("inspections")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        permissions = Permission.objects.filter(content_type__app_label="inspections", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for role {role}: {sorted(missing)}")
        Group.objects.get(name=role).permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial"), ("culture_portal", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
