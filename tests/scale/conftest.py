"""The data at `tiny` the scale tests stand on (seed_scale in the test database, SQLite or PostgreSQL)."""

import pytest
from django.core.management import call_command

from regulations.demo_content import NORMS
from regulations.models import Norm, NormGroup


@pytest.fixture
def catalogue(db):
    """The catalogue of norms the seeded findings and cases cite (the demo's, as a customer would load it)."""
    groups = {group.code: group for group in NormGroup.objects.all()}
    for code, group, title, citizen_title, description, severity, _article, _clause in NORMS:
        Norm.objects.create(
            code=code, group=groups[group], title=title, citizen_title=citizen_title, description=description,
            default_severity=severity,
        )  # fmt: skip


@pytest.fixture
def seeded(catalogue, settings, tmp_path):
    settings.DEBUG = True  # the command refuses without it (pytest-django switches it off)
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_scale", size="tiny", stdout=open(tmp_path / "seed.log", "w"))  # noqa: SIM115
    return tmp_path
