"""The audit log: what it records, who can search it, and that nobody can change it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from culture_portal.models import AuditEntry
from culture_portal.organisation import role_grant
from culture_portal.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "Mật-khẩu-thử-2026"


def test_sign_ins_failed_sign_ins_and_sign_outs_are_recorded(client, staff_user):
    staff_user.set_password(PASSWORD)
    staff_user.save()
    client.post(reverse("login"), {"username": "staff", "password": "wrong-password"})
    client.post(reverse("login"), {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.2.3.4")
    client.post(reverse("logout"))
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "actor_name", "detail", "client_address"))
    assert actions[-3][0] == "auth.sign_in_failed" and actions[-3][2] == "staff"
    assert actions[-2] == ("auth.signed_in", "staff", "", "10.2.3.4")
    assert actions[-1][:2] == ("auth.signed_out", "staff")
    assert not AuditEntry.objects.filter(detail__contains="wrong-password").exists()


def test_role_changes_are_recorded(staff_user):
    role_grant(user=staff_user, role=Role.INSPECTOR)
    entry = AuditEntry.objects.filter(action="auth.roles_added").latest("pk")
    assert entry.detail == "staff: inspector"


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff_user", 403), ("inspector_user", 403), ("officer_user", 403), ("unit_head_user", 403),
     ("leader_user", 200), ("admin_user_role", 200)],
)  # fmt: skip
def test_only_leadership_and_administrators_search_it(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("audit_log")).status_code == status


def test_search_by_user_action_and_object(client, leader_user, staff_user, django_assert_max_num_queries):
    role_grant(user=staff_user, role=Role.INSPECTOR)
    AuditEntry.objects.create(actor_name="officer", action="feedback.identity_viewed", object_ref="PA-2026-ABCDEF")
    client.force_login(leader_user)
    page = client.get(reverse("audit_log"), {"action": "feedback.identity_viewed"}).content.decode()
    assert "PA-2026-ABCDEF" in page and "staff: inspector" not in page
    page = client.get(reverse("audit_log"), {"object_ref": "PA-2026-ABCDEF", "user": "OFFICER"}).content.decode()
    assert "PA-2026-ABCDEF" in page
    AuditEntry.objects.bulk_create([AuditEntry(actor_name="x", action="auth.signed_in") for _ in range(200)])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("audit_log"), {"page": "3"}).status_code == 200


def test_bad_filters_do_not_fail(client, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("audit_log"), {"since": "31/31/2026", "action": "nope", "page": "x" * 500})
    assert response.status_code == 200


def test_the_portal_offers_no_way_to_change_it(client, admin_user_role):
    client.force_login(admin_user_role)
    assert client.post(reverse("audit_log")).status_code == 405
    assert client.get("/admin/culture_portal/auditentry/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database-level guard is on PostgreSQL")
def test_the_database_refuses_to_update_or_delete_a_line(staff_user):
    entry = AuditEntry.objects.create(actor=staff_user, actor_name="staff", action="auth.signed_in")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    # Removing the account leaves the line as written.
    staff_user.delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == "staff"
