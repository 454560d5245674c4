"""Complainants' personal data: retention, and one person's export and erasure requests (Decree 13/2023)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from culture_portal.models import AuditEntry, OutgoingEmail
from feedback import codes
from feedback.models import Case, Complainant
from feedback.personal_data import contact_details_erase_expired, person_export
from feedback.tasks_retention import erase_expired_contact_details
from tests.feedback.conftest import submitted

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
RETENTION = 365
OLD = timezone.now() - datetime.timedelta(days=400)  # closed more than RETENTION days ago
RECENT = timezone.now() - datetime.timedelta(days=60)


@pytest.fixture(autouse=True)
def retention(settings):
    settings.FEEDBACK_CONTACT_RETENTION_DAYS = RETENTION


def case_of(unit, norm, *, status, received_at=OLD, answered_at=None, **contact):
    case, _pin = submitted(unit, norm, **contact)
    Case.objects.filter(pk=case.pk).update(status=status, received_at=received_at, answered_at=answered_at)
    case.refresh_from_db()
    return case


def identity(case) -> tuple:
    complainant = Complainant.objects.get(case=case)
    return (
        complainant.full_name,
        complainant.phone,
        complainant.email,
        complainant.address,
        complainant.consent_at,
        complainant.phone_key,
        complainant.email_key,
    )


def is_erased(case) -> bool:
    complainant = Complainant.objects.get(case=case)
    return identity(case) == ("", "", "", "", None, "", "") and complainant.erased_at is not None


def person(n: int) -> dict:
    return {
        "full_name": f"Nguyễn Văn {n}",
        "phone": f"09{n:08d}",
        "email": f"nguoi{n}@example.com",
        "address": f"{n} Phan Đình Phùng",
    }


# --- retention ---------------------------------------------------------------------------------------------------


def test_retention_erases_contact_details_of_cases_closed_long_ago_and_never_of_open_ones(tree, norm):
    unit = tree["desk_a"]
    answered_long_ago = case_of(unit, norm, status="answered", answered_at=OLD, **person(1))
    spam_long_ago = case_of(unit, norm, status="spam", **person(2))  # no answer: the date received counts
    forwarded_long_ago = case_of(unit, norm, status="forwarded", **person(3))
    answered_recently = case_of(unit, norm, status="answered", answered_at=RECENT, **person(4))
    received_long_ago = case_of(unit, norm, status="received", **person(5))
    in_progress = case_of(unit, norm, status="in_progress", **person(6))
    merged_into_open = case_of(unit, norm, status="duplicate", **person(7))
    Case.objects.filter(pk=merged_into_open.pk).update(duplicate_of=received_long_ago)
    anonymous = case_of(unit, norm, status="answered", answered_at=OLD, full_name="", phone="", email="")

    assert contact_details_erase_expired(today=TODAY) == 3
    for case in (answered_long_ago, spam_long_ago, forwarded_long_ago):
        assert is_erased(case)
        assert Case.objects.get(pk=case.pk).description  # the case stays
    for case in (answered_recently, received_long_ago, in_progress, merged_into_open):
        assert not is_erased(case) and identity(case)[0]
    assert Complainant.objects.get(case=anonymous).erased_at is None  # nothing to erase

    entry = AuditEntry.objects.get(action="feedback.contacts_expired")
    assert entry.detail.startswith("3 erased") and "365 days" in entry.detail
    # Run again: nothing left, and the run is still recorded.
    assert contact_details_erase_expired(today=TODAY) == 0
    assert AuditEntry.objects.filter(action="feedback.contacts_expired").count() == 2


def test_retention_counts_from_the_retention_setting(tree, norm, settings):
    case = case_of(tree["desk_a"], norm, status="answered", answered_at=RECENT, **person(1))
    assert contact_details_erase_expired(today=TODAY) == 0
    settings.FEEDBACK_CONTACT_RETENTION_DAYS = 30
    assert contact_details_erase_expired(today=TODAY) == 1 and is_erased(case)


def test_retention_forgets_outbox_mail_to_erased_addresses_only(tree, norm):
    unit = tree["desk_a"]
    case_of(unit, norm, status="answered", answered_at=OLD, **person(1))
    kept = case_of(unit, norm, status="answered", answered_at=OLD, **person(2))
    case_of(unit, norm, status="received", received_at=RECENT, **person(2))  # same person, open case
    assert OutgoingEmail.objects.filter(to="nguoi1@example.com").exists()
    OutgoingEmail.objects.create(to="Nguoi1@Example.com", subject="Trả lời", body="...")
    contact_details_erase_expired(today=TODAY)
    assert not OutgoingEmail.objects.filter(to__iexact="nguoi1@example.com").exists()
    assert is_erased(kept)  # closed long ago, even though the same person has an open case...
    assert OutgoingEmail.objects.filter(to="nguoi2@example.com").exists()  # ...whose address is still in use


def test_the_command_and_the_beat_task_run_the_retention_job(tree, norm, settings):
    case = case_of(tree["desk_a"], norm, status="answered", answered_at=OLD, **person(1))
    out = io.StringIO()
    call_command("erase_contact_details", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
    assert "1 complainants' contact details would be erased" in out.getvalue() and not is_erased(case)
    assert not AuditEntry.objects.filter(action="feedback.contacts_expired").exists()
    call_command("erase_contact_details", "--today", TODAY.isoformat(), stdout=out)
    assert "Erased the contact details of 1 complainants" in out.getvalue() and is_erased(case)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("erase_contact_details", "--today", "01/06/2026")

    other = case_of(tree["desk_a"], norm, status="spam", **person(2))
    settings.FEEDBACK_CONTACT_RETENTION_DAYS = 30
    assert erase_expired_contact_details.delay().get() == 1
    assert is_erased(other)


# --- one person's requests ---------------------------------------------------------------------------------------


@pytest.fixture
def an(tree, norm):
    """Nguyễn Văn An's two cases, the phone written two ways, and someone else's case."""
    first = case_of(tree["desk_a"], norm, status="answered", answered_at=RECENT, phone="0912.345.678")
    Case.objects.filter(pk=first.pk).update(answer="Đã nhắc nhở cán bộ quầy số 2.")
    second = case_of(
        tree["ward_b"], None, status="in_progress", received_at=RECENT, phone="+84 912 345 678", email="an@example.vn"
    )
    other = case_of(tree["desk_a"], norm, status="received", received_at=RECENT, **person(9))
    return {"first": first, "second": second, "other": other}


def export(*args) -> dict:
    out = io.StringIO()
    call_command("person_data", "export", *args, stdout=out)
    return json.loads(out.getvalue())


def test_export_finds_every_case_of_the_person_however_the_phone_is_written(an):
    for phone in ("0912345678", "+84 912 345 678", "84912345678", "0912 345 678"):
        data = export("--phone", phone)
        assert [case["tracking_code"] for case in data["cases"]] == [
            an["first"].tracking_code,
            an["second"].tracking_code,
        ]
    first, second = data["cases"]
    assert first["contact_details"]["full_name"] == "Nguyễn Văn An"
    assert first["contact_details"]["phone"] == "0912.345.678"
    assert first["contact_details"]["consent_at"]
    assert first["answer"] == "Đã nhắc nhở cán bộ quầy số 2." and first["status"] == "answered"
    assert first["status_label"] == "Đã trả lời"  # as the portal shows it
    assert first["description"] and first["received_at"] == timezone.localtime(OLD).isoformat()
    assert second["contact_details"]["email"] == "an@example.vn" and second["answered_at"] is None
    assert an["other"].tracking_code not in json.dumps(data)


def test_export_by_email_and_the_audit_line_names_a_digest_never_the_contact(an, officer_user):
    data = export("--email", " AN@example.vn ", "--requested-by", "officer")
    assert [case["tracking_code"] for case in data["cases"]] == [an["second"].tracking_code]
    entry = AuditEntry.objects.get(action="person.exported")
    assert entry.actor == officer_user and entry.object_type == "person"
    assert entry.object_ref == "email:" + codes.contact_key("email", "an@example.vn")[:16]
    export("--phone", "+84 912 345 678")
    refs = " ".join(AuditEntry.objects.values_list("object_ref", flat=True))
    details = " ".join(AuditEntry.objects.values_list("detail", flat=True))
    for secret in ("912345678", "345 678", "an@example", "Nguyễn Văn An"):
        assert secret not in refs and secret not in details


def test_the_person_is_found_through_the_digests_not_the_plain_text(an, settings):
    Complainant.objects.filter(case=an["first"]).update(phone="")  # the digest alone finds it
    Complainant.objects.filter(case=an["second"]).update(phone_key="", email_key="")  # the text alone does not
    data = export("--phone", "0912345678")
    assert [case["tracking_code"] for case in data["cases"]] == [an["first"].tracking_code]


def test_digests_made_before_a_key_rotation_still_find_the_person(an, settings):
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" + "x" * 40
    assert len(export("--phone", "0912345678")["cases"]) == 2


def test_export_to_a_file_readable_by_its_owner_only(an, tmp_path):
    target = tmp_path / "an.json"
    err = io.StringIO()
    call_command("person_data", "export", "--phone", "0912345678", "--output", str(target), stderr=err)
    assert len(json.loads(target.read_text(encoding="utf-8"))["cases"]) == 2
    assert oct(target.stat().st_mode & 0o777) == "0o600" and "2 cases" in err.getvalue()


def test_erase_blanks_the_identity_on_all_the_persons_cases_and_keeps_the_cases(an, officer_user):
    before = OutgoingEmail.objects.count()
    assert OutgoingEmail.objects.filter(to="an@example.vn").exists()
    out = io.StringIO()
    call_command(
        "person_data", "erase", "--phone", "+84 912 345 678", "--requested-by", "officer",
        "--reason", "Đơn yêu cầu xóa dữ liệu ngày 02/06/2031", stdout=out,
    )  # fmt: skip
    assert "Erased the identity on 2 cases" in out.getvalue()
    assert an["second"].tracking_code in out.getvalue()  # still open: told so
    assert is_erased(an["first"]) and is_erased(an["second"])
    assert not is_erased(an["other"]) and identity(an["other"])[0] == "Nguyễn Văn 9"
    assert Case.objects.count() == 3 and Case.objects.get(pk=an["first"].pk).answer
    assert not OutgoingEmail.objects.filter(to__in=["an@example.vn", "an.nguyen@example.com"]).exists()
    assert OutgoingEmail.objects.filter(to="nguoi9@example.com").exists() and OutgoingEmail.objects.count() < before
    entry = AuditEntry.objects.get(action="person.erased")
    assert entry.actor == officer_user
    assert entry.object_ref == "phone:" + codes.contact_key("phone", "0912345678")[:16]
    assert entry.detail == "2 cases; Đơn yêu cầu xóa dữ liệu ngày 02/06/2031"
    # Nothing is found any more; the export of nothing is still recorded.
    assert export("--phone", "0912345678")["cases"] == []
    assert AuditEntry.objects.filter(action="person.exported", detail="0 cases").count() == 1


def test_erase_needs_who_asked_and_why(an, officer_user):
    for args, message in [
        (["--phone", "0912345678", "--reason", "Đơn ngày 02/06"], "--requested-by"),
        (["--phone", "0912345678", "--requested-by", "officer"], "--reason"),
        (["--phone", "0912345678", "--requested-by", "nobody", "--reason", "x"], "No active user"),
        (["--requested-by", "officer", "--reason", "x"], "phone number or an e-mail"),
        (["--phone", "không có", "--requested-by", "officer", "--reason", "x"], "phone number or an e-mail"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("person_data", "erase", *args)
    assert not Complainant.objects.filter(erased_at__isnull=False).exists()
    assert not AuditEntry.objects.filter(action="person.erased").exists()


def test_export_function_returns_the_cases_for_other_callers(an):
    assert len(person_export(phone="0912345678")["cases"]) == 2
