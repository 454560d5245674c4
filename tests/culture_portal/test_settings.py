"""Settings come from the environment; mistakes stop start-up with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from culture_portal.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7#kq2-production-secret-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "vanhoacongvu.hatinh.gov.vn",
}


def run_manage(*args, **env):
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CAPTCHA_TEST_MODE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.setdefault("VAR_DIR", str(ROOT / "var"))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_bool_accepts_usual_spellings_and_rejects_others(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("PORT_X", "twelve")
    with pytest.raises(ImproperlyConfigured, match="PORT_X must be a whole number"):
        env_int("PORT_X", 1)
    monkeypatch.setenv("PORT_X", "-3")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("PORT_X", 1, minimum=0)
    monkeypatch.setenv("HOSTS_X", " a.gov.vn, ,b.gov.vn ")
    assert env_list("HOSTS_X") == ["a.gov.vn", "b.gov.vn"]


def test_missing_secret_key_in_production_stops_with_one_line():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY is required when DEBUG is off: set SECRET_KEY to a long random string "
        "(or DEBUG=1 for a local trial)."
    ]


def test_wrong_database_url_stops_with_one_line():
    result = run_manage("check", DEBUG="1", DATABASE_URL="mysqlx://somewhere/db")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Configuration error: DATABASE_URL must look like postgres://")


def test_bad_boolean_names_the_variable():
    result = run_manage("check", DEBUG="perhaps")
    assert result.returncode == 2
    assert "DEBUG must be one of" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_captcha_test_mode_is_refused_with_a_warning_when_debug_is_off():
    code = "from django.conf import settings as s; print(s.CAPTCHA_TEST_MODE)"
    result = run_manage("shell", "--verbosity", "0", "-c", code, CAPTCHA_TEST_MODE="1", **PRODUCTION)
    assert result.stdout.split() == ["False"], result.stderr
    result = run_manage("check", "--deploy", CAPTCHA_TEST_MODE="1", **PRODUCTION)
    assert "feedback.W001" in result.stderr + result.stdout


def test_defaults_are_sqlite_and_eager_tasks():
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env={**clean, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"], result.stderr


def test_database_url_and_broker_switch_to_postgresql_and_real_workers():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['HOST'], d['NAME'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "culture_portal.settings",
            "DEBUG": "1",
            "DATABASE_URL": "postgres://portal:secret@db.internal:5432/culture",
            "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "db.internal", "culture", "False"], result.stderr
