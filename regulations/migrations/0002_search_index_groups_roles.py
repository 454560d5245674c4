"""Search index (PostgreSQL), the norm groups of Decision 1847/QĐ-TTg, and the roles' permissions on regulations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Must be the very expression regulations.search builds (SearchVector(config="simple")),
# or PostgreSQL will not use the index.
INDEXES = [
    ("regulations_provision", "regulations_provision_search_gin"),
    ("regulations_legaldocument", "regulations_document_search_gin"),
]

NORM_GROUPS = [
    ("working_hours", "Chấp hành giờ giấc hành chính, kỷ luật lao động", 1),
    ("attitude", "Tinh thần, thái độ làm việc", 2),
    ("communication", "Chuẩn mực giao tiếp, ứng xử", 3),
    ("ethics", "Đạo đức, lối sống", 4),
    ("dress", "Trang phục, thẻ công chức", 5),
    ("premises", "Công sở: biển tên, biển chức danh, sắp xếp nơi làm việc", 6),
]

READ = ["view_legaldocument", "view_norm", "view_normgroup", "view_training", "view_issuer"]
CAMPAIGNS = ["view_campaign"]
EDIT = [
    f"{action}_{model}"
    for model in ["legaldocument", "issuer", "norm", "normgroup", "normcitation", "training", "campaign"]
    for action in ["view", "add", "change"]
]
ROLE_PERMISSIONS = {
    "staff": READ,
    "inspector": READ,
    "feedback_officer": READ,
    "unit_head": READ + CAMPAIGNS,
    "leadership": READ + CAMPAIGNS + ["add_campaign"],
    "administrator": READ + EDIT,
}


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def seed(apps, schema_editor):
    NormGroup = apps.get_model("regulations", "NormGroup")
    for code, name, order in NORM_GROUPS:
        NormGroup.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    app_config = apps.get_app_config("regulations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        permissions = Permission.objects.filter(content_type__app_label="regulations", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for role {role}: {sorted(missing)}")
        Group.objects.get(name=role).permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("regulations", "0001_initial"), ("culture_portal", "0002_roles")]
    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
