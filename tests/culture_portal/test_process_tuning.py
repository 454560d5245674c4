"""The web process tunes its garbage collector once the application is loaded (culture_portal/process_tuning.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_web_process_has_its_application_frozen_out_of_the_collectors_walks():
    probe = "import gc, culture_portal.wsgi; print(gc.get_threshold()[0], gc.get_freeze_count())"
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "culture_portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    threshold, frozen = map(int, result.stdout.split())
    assert threshold == 20_000
    assert frozen > 10_000, "Django and the apps are frozen, not only a few objects"
