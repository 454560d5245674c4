"""Sign-in throttling and lock-out, session expiry, security headers, no inline script."""

import datetime
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db
PASSWORD = "Mật-khẩu-thử-2026"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def staff_with_password(staff_user):
    staff_user.set_password(PASSWORD)
    staff_user.save()
    return staff_user


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_account_is_locked_after_repeated_failures_from_anywhere(client, staff_with_password):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "staff", "wrong", address=f"10.0.0.{n}").status_code == 200
    assert sign_in(client, "staff", "wrong", address="10.0.0.99").status_code == 429  # the 5th failure locks
    response = sign_in(client, "staff", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_client_address_is_locked_after_failures_on_many_accounts(client, staff_with_password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "wrong", address="10.7.7.7")
    assert sign_in(client, "staff", PASSWORD, address="10.7.7.7").status_code == 429
    # The same account from another address still works: the address was locked, not the account.
    assert sign_in(client, "staff", PASSWORD, address="10.8.8.8").status_code == 302


def test_an_administrator_unlocks_the_account_in_the_back_office(client, staff_with_password, admin_user_role):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "staff", "wrong")
    attempt = AccessAttempt.objects.get(username="staff")
    admin = client.__class__()
    admin.force_login(admin_user_role)
    assert admin.get("/admin/axes/accessattempt/").status_code == 200
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert sign_in(client, "staff", PASSWORD, address="10.3.3.3").status_code == 302


def test_a_session_expires_after_an_hour_without_activity(client, staff_with_password):
    assert sign_in(client, "staff", PASSWORD).status_code == 302
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 3600
    session = client.session
    session.set_expiry(timezone.now() - datetime.timedelta(seconds=1))
    session.save()
    response = client.get(reverse("inspections:my_findings"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_security_headers(client):
    response = client.get(reverse("feedback:new"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_carries_inline_script():
    """The policy forbids inline script: a template that had one would break in the browser."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{template.name}: {tag}")
        offenders += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [f"{template.name}: javascript:" for _ in re.findall(r"javascript:", text)]
    assert not offenders


def test_expired_sessions_and_old_sign_in_records_are_purged(client, staff_with_password):
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session

    from culture_portal.tasks import purge_expired_sign_in_data

    assert sign_in(client, "staff", PASSWORD).status_code == 302
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - datetime.timedelta(1))
    old = AccessLog.objects.create(username="staff", ip_address="10.0.0.1", user_agent="t", path_info="/")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=91))
    result = purge_expired_sign_in_data()
    assert result["sessions"] == 1 and result["access_logs"] == 1
    assert client.get(reverse("inspections:my_findings")).status_code == 200  # the live session is kept
