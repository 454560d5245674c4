"""A complainant's identity: seen only by the feedback officers handling the case and by leadership, each viewing
logged; never by the unit or official concerned, in no list, notification or e-mail sent to them."""

import pytest
from django.core import mail
from django.urls import reverse

from culture_portal.models import AuditEntry, Notification, OutgoingEmail
from feedback import services
from feedback.models import Case
from tests.factories import CaseFactory, UserFactory

from .conftest import step_url, submitted

pytestmark = pytest.mark.django_db
NAME, PHONE, EMAIL = "Phạm Thị Tố Cáo", "0987 654 321", "to.cao@example.com"
IDENTITY = (NAME, PHONE, EMAIL, "0987654321")


def identity_in(text: str) -> bool:
    return any(part in text for part in IDENTITY)


@pytest.fixture
def case(tree, norm, officer_user, unit_head_user, django_capture_on_commit_callbacks):
    """A denunciation about DESK-A, sent for verification to OFFICE-A, which manages the desk (its head is
    unit_head_user), with a redacted dossier: never to the unit it accuses (issue 18 §5)."""
    case, _ = submitted(tree["desk_a"], norm, full_name=NAME, phone=PHONE, email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(case=case, user=officer_user, track="denunciation")
        services.case_assign(
            case=case, user=officer_user, handling_unit=tree["office_a"], assignee=unit_head_user,
            dossier_text="Cán bộ quầy nhận tiền của người dân khi giải quyết hồ sơ.",
        )  # fmt: skip
    return Case.objects.get(pk=case.pk)


def reveal(client, case):
    return client.post(step_url(case, "identity"), {})


@pytest.mark.parametrize(
    ("role", "list_status", "detail_status", "reveal_status"),
    [
        ("staff_user", 403, 403, 403),
        ("inspector_user", 403, 403, 403),
        ("unit_head_user", 200, 200, 403),  # the unit sent the case: sees the file, never the identity
        ("admin_user_role", 403, 403, 403),
        ("leader_user", 200, 200, 200),
    ],
)
def test_identity_per_role_and_page(client, case, request, role, list_status, detail_status, reveal_status):
    user = request.getfixturevalue(role)
    client.force_login(user)
    listing = client.get(reverse("feedback:cases"))
    detail = client.get(reverse("feedback:case", args=[case.public_id]))
    assert (listing.status_code, detail.status_code) == (list_status, detail_status)
    for response in (listing, detail):
        assert not identity_in(response.content.decode())
    response = reveal(client, case)
    assert response.status_code == reveal_status
    assert identity_in(response.content.decode()) == (reveal_status == 200)
    assert AuditEntry.objects.filter(action="feedback.identity_viewed", actor=user).exists() == (reveal_status == 200)


def test_officers_see_identity_only_while_triaging_or_when_the_case_is_theirs(client, tree, norm, officer_user):
    other_officer = UserFactory(username="officer2", roles=["staff", "feedback_officer"])
    case, _ = submitted(tree["office_a"], norm, full_name=NAME, phone=PHONE, email=EMAIL)
    client.force_login(other_officer)
    assert reveal(client, case).status_code == 200  # waiting for triage: any officer
    services.case_accept(case=case, user=officer_user, track="complaint")
    services.case_assign(case=case, user=officer_user, handling_unit=tree["office_a"], assignee=officer_user)
    assert reveal(client, case).status_code == 403
    client.force_login(officer_user)
    response = reveal(client, case)
    assert response.status_code == 200 and NAME in response.content.decode()
    entry = AuditEntry.objects.filter(action="feedback.identity_viewed", actor=officer_user).get()
    assert entry.object_ref == case.tracking_code and entry.client_address == "127.0.0.1"


def test_nothing_sent_to_the_unit_or_staff_carries_the_identity(case, unit_head_user, leader_user):
    from feedback.reminders import case_reminders_send

    Case.objects.filter(pk=case.pk).update(due_on="2020-01-01")
    case_reminders_send()
    for note in Notification.objects.all():
        assert not identity_in(note.text)
    staff_mail = [m for m in mail.outbox if m.to != [EMAIL]]
    staff_mail += [m for m in OutgoingEmail.objects.exclude(to=EMAIL)]
    assert staff_mail, "the unit head and leadership were told"
    for message in staff_mail:
        assert not identity_in(f"{message.subject} {message.body}")


def test_the_unit_complained_about_never_lists_a_denunciation_it_was_not_sent(
    client, tree, norm, officer_user, unit_head_user
):
    case, _ = submitted(tree["office_a"], norm, full_name=NAME, phone=PHONE)
    services.case_accept(case=case, user=officer_user, track="denunciation")
    client.force_login(unit_head_user)
    assert case.tracking_code not in client.get(reverse("feedback:cases")).content.decode()
    assert client.get(reverse("feedback:case", args=[case.public_id])).status_code == 404


def officer_case(tree, norm, holder):
    case = CaseFactory(
        unit=tree["office_a"], norm=norm, full_name=NAME, phone=PHONE, email=EMAIL, assigned=True,
        track="denunciation", officer=holder,
    )  # fmt: skip
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize("new_assignee", ["nobody", "themselves"])
def test_another_officer_cannot_take_a_case_to_read_its_identity(client, tree, norm, officer_user, new_assignee):
    case = officer_case(tree, norm, officer_user)
    other = UserFactory(username="officer2", roles=["staff", "feedback_officer"])
    client.force_login(other)
    client.cookies["django_language"] = "en"
    data = {
        "handling_unit": tree["office_a"].pk,
        "assignee": other.pk if new_assignee == "themselves" else "",
    }
    response = client.post(step_url(case, "assign"), data)
    assert response.status_code == 400
    assert "only they can hand it over" in response.content.decode()
    assert Case.objects.get(pk=case.pk).assignee == officer_user
    assert reveal(client, case).status_code == 403


def test_the_holder_hands_the_case_over_and_a_departed_holder_frees_it(tree, norm, officer_user):
    case = officer_case(tree, norm, officer_user)
    second = UserFactory(username="officer2", roles=["staff", "feedback_officer"])
    third = UserFactory(username="officer3", roles=["staff", "feedback_officer"])
    services.case_assign(case=case, user=officer_user, handling_unit=tree["city"], assignee=second)
    assert Case.objects.get(pk=case.pk).assignee == second
    second.is_active = False
    second.save(update_fields=["is_active"])
    case.refresh_from_db()
    services.case_assign(case=case, user=third, handling_unit=tree["city"], assignee=third)
    assert Case.objects.get(pk=case.pk).assignee == third


def test_a_closed_case_without_an_officer_shows_its_identity_to_leadership_only(
    client, tree, norm, officer_user, leader_user
):
    case, _ = submitted(tree["office_a"], norm, full_name=NAME, phone=PHONE, email=EMAIL)
    services.case_mark_spam(case=case, user=officer_user, note="Quảng cáo")
    client.force_login(officer_user)
    assert reveal(client, case).status_code == 403
    client.force_login(leader_user)
    assert reveal(client, case).status_code == 200
