"""What the backup treats as seeded by migrations: the core's own models, and those the apps register."""

from pathlib import Path

import culture_portal.backup
from culture_portal.backup.contents import seeded_by_migrations


def test_apps_register_the_models_their_data_migrations_seed():
    seeded = seeded_by_migrations()
    assert {"regulations.normgroup", "leadership.tallystate"} <= set(seeded)
    assert seeded[0] == "auth.group"  # the core's first, then the apps' in INSTALLED_APPS order
    assert len(seeded) == len(set(seeded))


def test_the_backup_package_names_no_app():
    package = Path(culture_portal.backup.__file__).parent
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for app in ("regulations", "feedback", "inspections", "leadership"):
            assert f'"{app}.' not in text and f"from {app}" not in text, f"{source.name} names the app {app}"
