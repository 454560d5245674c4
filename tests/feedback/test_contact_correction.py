"""A complainant corrects their contact details (Decree 13/2023/NĐ-CP): the officer handling the case keys the
correction in on the case page; it is audited without the values, and the next messages go to the new address."""

import pytest

from culture_portal.models import AuditEntry, OutgoingEmail
from feedback import personal_data, services
from feedback.models import Case, Complainant
from tests.factories import CaseFactory, UserFactory

from .conftest import step_url, submitted

pytestmark = pytest.mark.django_db
CORRECTION = {
    "full_name": "Nguyễn Văn An",
    "phone": "0977 111 222",
    "email": "An.Moi@Example.com",
    "address": "12 Phan Đình Phùng, Hà Tĩnh",
    "reason": "Gọi điện ngày 02/12/2026, đã đối chiếu CCCD",
}


@pytest.fixture
def case(tree, norm, officer_user):
    """A complaint assigned to officer_user, sent with the name, phone 0912 345 678 and an e-mail."""
    case = CaseFactory(unit=tree["office_a"], norm=norm, assigned=True, track="complaint", officer=officer_user)
    return Case.objects.get(pk=case.pk)


def test_the_officer_corrects_the_contact_details_and_the_next_message_goes_to_the_new_address(
    client, case, officer_user, settings
):
    client.force_login(officer_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    revealed = client.post(step_url(case, "identity"), {}).content.decode()
    assert 'value="0912 345 678"' in revealed, "the form starts from the details on record"
    assert 'for="id_contact_reason"' in revealed

    response = client.post(step_url(case, "correct_contact"), CORRECTION, follow=True)

    assert "The contact details were corrected." in response.content.decode()
    assert "0977 111 222" not in response.content.decode(), "after saving, the identity is hidden again"
    complainant = Complainant.objects.get(case=case)
    assert (complainant.phone, complainant.email, complainant.address) == (
        "0977 111 222",
        "an.moi@example.com",
        "12 Phan Đình Phùng, Hà Tĩnh",
    )
    # The person is found by the new phone, no longer by the old one.
    assert list(personal_data.person(phone="0977111222").complainants()) == [complainant]
    assert not personal_data.person(phone="0912345678").complainants().exists()
    entry = AuditEntry.objects.get(action="person.corrected")
    assert entry.actor == officer_user and entry.object_ref == case.tracking_code
    assert entry.detail == "fields: phone, email, address; Gọi điện ngày 02/12/2026, đã đối chiếu CCCD"
    services.case_answer(
        case=case, user=officer_user, answer="Đã xử lý.", publish=False, public_summary="", upheld="upheld"
    )
    assert OutgoingEmail.objects.filter(to="an.moi@example.com").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "12345"}, "Enter a Vietnamese phone number such as 0912 345 678."),
        ({"email": "an@"}, "Enter a valid email address."),
        ({"reason": ""}, "This field is required."),
        ({"full_name": "", "phone": "", "email": ""}, "Keep at least a name, a phone or an e-mail."),
        ({"address": "x" * 256}, "Ensure this value has at most 255 characters (it has 256)."),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(client, case, officer_user, settings, change, message):
    client.force_login(officer_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = Complainant.objects.values().get(case=case)
    response = client.post(step_url(case, "correct_contact"), {**CORRECTION, **change})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Nothing was changed: please correct the form below." in body
    assert '<details class="mt-3" open>' in body, "the form stays open on its errors"
    assert Complainant.objects.values().get(case=case) == before
    assert not AuditEntry.objects.filter(action="person.corrected").exists()


def test_the_error_is_in_vietnamese_by_default(client, case, officer_user):
    client.force_login(officer_user)
    response = client.post(step_url(case, "correct_contact"), {**CORRECTION, "phone": "12345"})
    assert "Nhập số điện thoại Việt Nam" in response.content.decode()


@pytest.mark.parametrize("role", ["staff_user", "inspector_user", "unit_head_user", "leader_user", "admin_user_role"])
def test_no_one_else_may_correct(client, case, request, role):
    client.force_login(request.getfixturevalue(role))
    before = Complainant.objects.values().get(case=case)
    assert client.post(step_url(case, "correct_contact"), CORRECTION).status_code == 403
    assert Complainant.objects.values().get(case=case) == before


def test_another_officer_than_the_assignee_may_not_correct(client, case):
    client.force_login(UserFactory(username="officer2", roles=["staff", "feedback_officer"]))
    assert client.post(step_url(case, "correct_contact"), CORRECTION).status_code == 403
    assert Complainant.objects.get(case=case).phone == "0912 345 678"


def test_leadership_sees_the_identity_without_the_correction_form(client, case, leader_user):
    client.force_login(leader_user)
    body = client.post(step_url(case, "identity"), {}).content.decode()
    assert "0912 345 678" in body and "correct_contact" not in body


def test_an_anonymous_case_has_nothing_to_correct(client, tree, norm, officer_user):
    case, _pin = submitted(tree["office_a"], norm, full_name="", phone="", email="", consent=False)
    client.force_login(officer_user)
    assert client.post(step_url(case, "correct_contact"), CORRECTION).status_code == 404
    assert Complainant.objects.get(case=case).is_anonymous
