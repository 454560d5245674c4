"""Administrators may see sign-in attempts and unlock accounts (delete the attempts) in the back office."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_accessattempt", "delete_accessattempt", "view_accessfailurelog", "view_accesslog"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="axes", codename__in=CODENAMES
    )
    missing = set(CODENAMES) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Unknown permissions: {sorted(missing)}")
    apps.get_model("auth", "Group").objects.get(name="administrator").permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("culture_portal", "0006_audit_append_only"), ("axes", "0010_accessattemptexpiration")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
