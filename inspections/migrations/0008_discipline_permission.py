"""Only leadership (and users given the permission, e.g. the personnel office) see disciplinary outcomes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("inspections")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="inspections",
        codename__in=["view_disciplinaryoutcome", "add_disciplinaryoutcome"],
    )
    apps.get_model("auth", "Group").objects.get(name="leadership").permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0007_disciplinary_outcomes")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
