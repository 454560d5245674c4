"""/healthz tells a load balancer whether the database and the broker answer."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import WorkerHeartbeat
from culture_portal.tasks import worker_heartbeat

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="memory://", CELERY_TASK_ALWAYS_EAGER=True)
def test_healthy_with_eager_tasks(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True}
    assert body["broker"] == {"ok": True, "mode": "eager"}


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0", CELERY_TASK_ALWAYS_EAGER=False)
def test_unreachable_broker_is_degraded_but_still_serving(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["broker"]["ok"] is False


@pytest.mark.django_db
def test_reports_when_a_worker_last_ran(client):
    worker_heartbeat.apply()
    last = WorkerHeartbeat.objects.get().seen_at
    assert (timezone.now() - last).total_seconds() < 60
    assert client.get("/healthz").json()["worker"]["last_seen"] == last.isoformat()


def test_unreachable_database_answers_503():
    # A real portal process whose database does not answer (nothing listens on port 1).
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='127.0.0.1').get('/healthz');"
        "print(r.status_code, json.dumps(r.json()))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "culture_portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "CELERY_BROKER_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    status, body = result.stdout.split(" ", 1)
    assert status == "503", result.stderr
    body = json.loads(body)
    assert body["status"] == "error" and body["database"]["ok"] is False and body["worker"] is None
