"""Administrators edit the repeated-breach rules in the back office; a province starts with one in force: the same
norm breached three times within twelve months by one official brings its provision back to be re-read within ten
working days (issue 18 §3). It is data: change it, add one for units, or take it out of force."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def seed(apps, schema_editor):
    app_config = apps.get_app_config("inspections")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="inspections",
        codename__in=[f"{action}_repeatedbreachrule" for action in ("view", "add", "change", "delete")],
    )
    apps.get_model("auth", "Group").objects.get(name="administrator").permissions.add(*permissions)
    apps.get_model("inspections", "RepeatedBreachRule").objects.get_or_create(
        name="Vi phạm lặp lại của một cán bộ",
        defaults={"subject": "official", "breaches": 3, "months": 12, "working_days": 10, "is_active": True},
    )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0019_repeated_breach_rules")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
