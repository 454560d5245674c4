"""What is backed up: which models go into the archive, which `migrate` seeds, and what a database holds."""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

AUDIT_MODEL = "culture_portal.auditentry"
OUTBOX_MODEL = "culture_portal.outgoingemail"

# Not backed up: rebuilt by `migrate` (content types, permissions) or worthless after a restore (sign-in
# sessions, CAPTCHA challenges, the worker heartbeat, sign-in lock-out counters).
EXCLUDED_APPS = ("contenttypes", "sessions", "captcha")
EXCLUDED_MODELS = ("auth.permission", "culture_portal.workerheartbeat", "axes.accessattempt")

# Filled by data migrations, so present in a database that `migrate` just created. A restore replaces their
# rows with the backup's (administrators may have edited them). tests/culture_portal/test_backup.py checks that
# a freshly migrated database holds nothing else: a new data migration seeding another model must add it here,
# or, for a model of an app, register it with register_seeded_by_migrations() in the app's AppConfig.ready().
SEEDED_BY_MIGRATIONS = (
    "auth.group",
    "culture_portal.documentkind",
    "culture_portal.deadlinerule",
    "culture_portal.disciplinarymeasure",
    "culture_portal.calendarexception",  # the government's announced swaps the package does not know (2026)
    "culture_portal.portalidentity",  # its one row, with empty names (derived until an administrator words them)
)

# Apps add the models their data migrations seed in AppConfig.ready(); the core knows no app.
_seeded_by_apps: list[str] = []


def register_seeded_by_migrations(*labels: str) -> None:
    """`labels` ("app_label.modelname") are seeded by the app's data migrations: a restore replaces their rows."""
    for label in labels:
        if label not in _seeded_by_apps:
            _seeded_by_apps.append(label)


def seeded_by_migrations() -> tuple[str, ...]:
    """The core's seeded models, then the apps' in the order they registered (INSTALLED_APPS)."""
    return (*SEEDED_BY_MIGRATIONS, *_seeded_by_apps)


def label_of(model) -> str:
    return model._meta.label_lower


def _is_excluded(model) -> bool:
    return model._meta.app_label in EXCLUDED_APPS or label_of(model) in EXCLUDED_MODELS


def backed_up_models() -> list:
    """The models whose rows go into the archive (through tables of many-to-many fields travel with them)."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and not _is_excluded(model)
    ]


def dump_excludes() -> list[str]:
    """dumpdata's --exclude, naming only apps and models that are installed (it refuses unknown ones)."""
    installed = {config.label for config in apps.get_app_configs()}
    labels = [label for label in EXCLUDED_APPS if label in installed]
    for label in EXCLUDED_MODELS:
        app_label, model_name = label.split(".")
        if app_label in installed and model_or_none(label) is not None:
            labels.append(f"{app_label}.{model_name}")
    return [*labels, AUDIT_MODEL]


def model_or_none(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def database_contents(*, include_seeded: bool = False) -> dict[str, int]:
    """Rows per backed-up model ({} for a database as `migrate` leaves it, unless include_seeded)."""
    seeded = () if include_seeded else seeded_by_migrations()
    contents = {}
    for model in backed_up_models():
        if label_of(model) in seeded:
            continue
        count = model._base_manager.using(DEFAULT_DB_ALIAS).count()
        if count:
            contents[label_of(model)] = count
    return contents


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}
