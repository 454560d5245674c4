"""Day one without a shell: the set-up checklist, signatories and calendar confirmation in the portal and back office,
every change to set-up data audited, and the first administrator created from the environment."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import AuditEntry, CalendarConfirmation, DeadlineRule, IssuingBody, Signatory
from culture_portal.roles import Role
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def item_state(html: str, key: str) -> str:
    marker = f'id="setup-{key}" data-done="'
    start = html.index(marker) + len(marker)
    return html[start : start + 3].rstrip('"')


# --- the set-up page ---------------------------------------------------------------------------------------------


def test_setup_page_lists_what_is_missing_with_links(client, admin_user_role, tree):
    client.force_login(admin_user_role)
    response = client.get(reverse("setup"))
    html = response.content.decode()
    assert response.status_code == 200
    # The tree fixture has an issuing body but nobody with the leadership role, no confirmed calendar, no norms.
    assert item_state(html, "issuing_body") == "yes"
    assert item_state(html, "document_kinds") == "yes"  # seeded by the migrations
    for key in ("signatories", "accounts", "calendar", "norms", "code_of_conduct", "deadline_rules", "worker"):
        assert item_state(html, key) == "no", key
    assert reverse("admin:culture_portal_signatory_changelist") in html
    assert reverse("organisation:import") in html
    assert "Chưa xác nhận" in html or "xác nhận" in html  # Vietnamese first


def test_setup_page_marks_items_done_once_they_are_set(client, admin_user_role, tree, leader_user):
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarConfirmation.objects.create(year=year, confirmed_by=admin_user_role, confirmed_at=timezone.now())
    DeadlineRule.objects.update(to_be_confirmed=False)
    client.force_login(admin_user_role)
    html = client.get(reverse("setup")).content.decode()
    assert item_state(html, "signatories") == "yes"  # the leader_user fixture records a signatory
    assert item_state(html, "calendar") == "yes"
    assert item_state(html, "deadline_rules") == "yes"


def test_setup_page_query_count_does_not_grow_with_leaders(
    client, admin_user_role, tree, django_assert_max_num_queries
):
    client.force_login(admin_user_role)
    for number in range(30):
        UserFactory(username=f"leader{number}", roles=[Role.LEADERSHIP])
    # session, user, roles, then one query per checklist item (issuing body, leaders, signatories, kinds, units,
    # officials, accounts, rules, calendar, heartbeat, norms twice, codes of conduct) and the years to confirm;
    # the portal's identity: worded or not, and the names in use (one query, then cached; the header reuses it).
    with django_assert_max_num_queries(25):
        html = client.get(reverse("setup")).content.decode()
    # The checklist names the first ten leaders without a signatory, then how many more: it does not grow.
    assert "và 20 tài khoản khác" in html


@pytest.mark.parametrize("fixture", ["staff_user", "inspector_user", "officer_user", "unit_head_user", "leader_user"])
def test_setup_page_is_for_administrators_only(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("setup")).status_code == 403


def test_setup_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("setup"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- calendar confirmation ------------------------------------------------------------------------------------


def test_administrator_confirms_a_year_once(client, admin_user_role):
    client.force_login(admin_user_role)
    year = timezone.localdate().year
    # 24/11 ("Ngày Văn hóa Việt Nam", from the holidays package since 2026, in no law the portal cites) waits for a
    # decision: the year cannot be confirmed before it is decided (issue 15 §2).
    refused = client.post(reverse("calendar_confirm"), {"year": year}, follow=True)
    assert not CalendarConfirmation.objects.exists()
    assert f"24/11/{year}" in refused.content.decode() and "alert-danger" in refused.content.decode()
    client.post(reverse("calendar_decide"), {"date": f"24/11/{year}", "decision": "working_day"})
    response = client.post(reverse("calendar_confirm"), {"year": year}, follow=True)
    assert CalendarConfirmation.objects.get(year=year).confirmed_by == admin_user_role
    assert AuditEntry.objects.filter(action="setup.calendar_confirmed", object_ref=str(year)).exists()
    assert "đã được xác nhận" in response.content.decode() or str(year) in response.content.decode()

    again = client.post(reverse("calendar_confirm"), {"year": year}, follow=True)
    assert CalendarConfirmation.objects.filter(year=year).count() == 1
    assert f"Lịch năm {year} đã được xác nhận trước đó" in again.content.decode()


@pytest.mark.parametrize("year", ["", "abc", "1800", "2090"])
def test_calendar_confirmation_refuses_bad_years(client, admin_user_role, year):
    client.force_login(admin_user_role)
    response = client.post(reverse("calendar_confirm"), {"year": year}, follow=True)
    assert response.status_code == 200
    assert not CalendarConfirmation.objects.exists()
    assert 'class="alert alert-danger' in response.content.decode() or "alert-danger" in response.content.decode()


def test_calendar_confirmation_is_post_only_and_for_administrators(client, leader_user, admin_user_role):
    client.force_login(admin_user_role)
    assert client.get(reverse("calendar_confirm")).status_code == 405
    client.force_login(leader_user)
    assert client.post(reverse("calendar_confirm"), {"year": timezone.localdate().year}).status_code == 403
    assert not CalendarConfirmation.objects.exists()


# --- signatories in the back office ---------------------------------------------------------------------------


def _signatory_form(tree, user, **overrides):
    return {
        "issuing_body_unit": tree["city"].pk,
        "user": user.pk,
        "full_name": "Nguyễn Văn An",
        "capacity": "KT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "valid_from": "01/01/2026",
        "valid_until": "",
        "legal_basis": "Quyết định phân công",
        **overrides,
    }


def test_administrator_records_a_signatory_in_the_back_office(client, admin_user_role, tree):
    leader = UserFactory(username="leader2", roles=[Role.STAFF, Role.LEADERSHIP])
    client.force_login(admin_user_role)
    response = client.post(reverse("admin:culture_portal_signatory_add"), _signatory_form(tree, leader))
    assert response.status_code == 302, response.content.decode()[:2000]
    signatory = Signatory.objects.get(user=leader)
    assert signatory.capacity == "KT. CHỦ TỊCH" and signatory.valid_from == datetime.date(2026, 1, 1)
    entry = AuditEntry.objects.get(action="setup.added", object_type="culture_portal.signatory")
    assert entry.actor == admin_user_role and "KT. CHỦ TỊCH" in entry.detail


def test_a_signatory_needs_a_leadership_account(client, admin_user_role, tree, staff_user):
    client.force_login(admin_user_role)
    response = client.post(reverse("admin:culture_portal_signatory_add"), _signatory_form(tree, staff_user))
    assert response.status_code == 200
    assert "Chỉ tài khoản lãnh đạo mới được ký" in response.content.decode()
    assert not Signatory.objects.filter(user=staff_user).exists()
    assert not AuditEntry.objects.filter(action__startswith="setup.").exists()


def test_overlapping_signatory_dates_are_refused(client, admin_user_role, tree, leader_user):
    client.force_login(admin_user_role)  # leader_user already signs from 01/01/2019, open-ended
    response = client.post(reverse("admin:culture_portal_signatory_add"), _signatory_form(tree, leader_user))
    assert response.status_code == 200
    assert "có hiệu lực trong khoảng thời gian này" in response.content.decode()
    assert Signatory.objects.filter(user=leader_user).count() == 1


def test_signatory_change_is_audited_with_old_and_new_values(client, admin_user_role, tree, leader_user):
    signatory = Signatory.objects.get(user=leader_user)
    client.force_login(admin_user_role)
    form = _signatory_form(
        tree, leader_user, valid_from="01/01/2019", valid_until="31/12/2026", full_name="Võ Hồng Hải"
    )
    response = client.post(reverse("admin:culture_portal_signatory_change", args=[signatory.pk]), form)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="setup.changed", object_ref=str(signatory.pk))
    assert "valid_until: — → 31/12/2026" in entry.detail
    assert entry.actor == admin_user_role and entry.at is not None


def test_issuing_body_change_is_audited_with_old_and_new_values(client, admin_user_role, tree):
    body = IssuingBody.objects.get(unit=tree["city"])
    client.force_login(admin_user_role)
    response = client.post(
        reverse("admin:culture_portal_issuingbody_change", args=[body.pk]),
        {
            "unit": tree["city"].pk, "name": "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "parent_name": "", "place_name": "Hà Tĩnh",
            "symbol": "UBND", "valid_from": "01/01/2019", "valid_until": "", "legal_basis": "",
        },
    )  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="setup.changed", object_type="culture_portal.issuingbody")
    assert "name: Ủy ban nhân dân thành phố Hà Tĩnh → ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH" in entry.detail
    # The audit log page finds it under "Set-up data".
    html = client.get(reverse("audit_log"), {"action": "setup."}).content.decode()
    assert "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH" in html


# --- the first administrator ----------------------------------------------------------------------------------


@pytest.fixture
def admin_env(monkeypatch):
    values = {"PORTAL_ADMIN_USERNAME": "quantri", "PORTAL_ADMIN_EMAIL": "quantri@hatinh.gov.vn"}
    values["PORTAL_ADMIN_PASSWORD"] = PASSWORD
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_first_administrator_is_created_from_the_environment(admin_env):
    call_command("create_first_admin")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="quantri")
    assert user.is_superuser and user.groups.filter(name=Role.ADMINISTRATOR).exists()
    assert user.check_password(PASSWORD)
    call_command("create_first_admin")  # a repeated deploy step changes nothing
    assert get_user_model().objects.filter(username="quantri").count() == 1


def test_first_administrator_needs_a_password_that_passes_the_rules(admin_env, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError):
        call_command("create_first_admin")
    assert not get_user_model().objects.filter(username="quantri").exists()


def test_a_second_administrator_is_not_created_by_the_command(admin_env, admin_user_role):
    from django.contrib.auth import get_user_model

    with pytest.raises(CommandError, match="trang quản trị"):
        call_command("create_first_admin")
    assert not get_user_model().objects.filter(username="quantri").exists()


def test_missing_variables_are_named(monkeypatch):
    monkeypatch.delenv("PORTAL_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("PORTAL_ADMIN_USERNAME", "quantri")
    monkeypatch.setenv("PORTAL_ADMIN_EMAIL", "quantri@hatinh.gov.vn")
    with pytest.raises(CommandError, match="PORTAL_ADMIN_PASSWORD"):
        call_command("create_first_admin")


def test_a_second_administrator_in_the_back_office_must_pass_the_password_rules(client, admin_user_role):
    from django.contrib.auth import get_user_model

    client.force_login(admin_user_role)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "quantri2", "password1": "12345678", "password2": "12345678", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="quantri2").exists()


def test_accounts_created_and_changed_in_the_back_office_are_audited_without_the_password(client, admin_user_role):
    from django.contrib.auth import get_user_model

    client.force_login(admin_user_role)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "thanhtra1", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="thanhtra1")
    added = AuditEntry.objects.get(action="setup.added", object_ref=str(user.pk))
    assert "thanhtra1" in added.detail and PASSWORD not in added.detail and "pbkdf2" not in added.detail
    assert added.actor == admin_user_role


# --- outgoing e-mail ------------------------------------------------------------------------------------------


def test_administrator_sends_a_test_email(client, admin_user_role, mailoutbox, django_capture_on_commit_callbacks):
    admin_user_role.email = "quantri@hatinh.gov.vn"
    admin_user_role.save(update_fields=["email"])
    client.force_login(admin_user_role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("email_test"), follow=True)
    assert "quantri@hatinh.gov.vn" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["quantri@hatinh.gov.vn"]]
    assert AuditEntry.objects.filter(action="setup.email_test", actor=admin_user_role).exists()


def test_a_test_email_needs_an_address_and_the_administrator_role(client, admin_user_role, leader_user, mailoutbox):
    admin_user_role.email = ""
    admin_user_role.save(update_fields=["email"])
    client.force_login(admin_user_role)
    response = client.post(reverse("email_test"), follow=True)
    assert "alert-danger" in response.content.decode() and not mailoutbox
    assert client.get(reverse("email_test")).status_code == 405
    client.force_login(leader_user)
    assert client.post(reverse("email_test")).status_code == 403


# --- imports are set-up changes too ------------------------------------------------------------------------------


def test_an_import_is_audited_with_each_changed_record_old_to_new(client, admin_user_role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.culture_portal.test_importing import UNITS_CSV

    client.force_login(admin_user_role)

    def upload(text, *, dry_run=False):
        data = {"kind": "units", "file": SimpleUploadedFile("don-vi.csv", text.encode(), content_type="text/csv")}
        if dry_run:
            data["dry_run"] = "on"
        return client.post(reverse("organisation:import"), data)

    upload(UNITS_CSV, dry_run=True)
    assert not AuditEntry.objects.filter(action__startswith="setup.").exists()  # a dry run changes nothing
    upload(UNITS_CSV)
    assert AuditEntry.objects.get(action="setup.imported").detail.startswith("4 rows: 4 created")
    upload(UNITS_CSV.replace("Phòng Nội vụ", "Phòng Nội vụ - Tư pháp"))
    changed = AuditEntry.objects.get(action="setup.changed", object_ref="P-NV")
    assert changed.detail == "name: Phòng Nội vụ → Phòng Nội vụ - Tư pháp" and changed.actor == admin_user_role


def test_audited_values_show_local_times_and_leave_out_sign_in_bookkeeping(admin_user_role):
    import datetime as dt

    from culture_portal.admin_audit import _values

    confirmation = CalendarConfirmation(
        year=2026, confirmed_by=admin_user_role, confirmed_at=dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)
    )
    assert _values(confirmation)["confirmed_at"] == "02/12/2026 06:30"
    assert not {"last_login", "date_joined", "password"} & set(_values(admin_user_role))
