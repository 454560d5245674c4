"""Issue 18 §3: repeated breaches bring the clause back to be re-read — the rule at its boundary (N−1, N, N+1), across
a year end, never twice for the same breaches; the rule edited in the back office; the reading confirmed only
after it was opened."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import Notification
from culture_portal.workdays import WorkingCalendar
from inspections import services
from inspections.models import Finding, RepeatedBreachRule, RereadingTrigger
from inspections.rereading_rules import months_before
from regulations.models import NormCitation, NormGroup, Rereading
from tests.factories import DocumentFactory, InspectionFactory, NormFactory, OfficialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def norm(db):
    norm = NormFactory(code="GG-01", group__code="working_hours", title="Đi muộn, về sớm")
    document = DocumentFactory(text="Điều 1. Phạm vi\nQuy định chung.\nĐiều 3. Giờ giấc\nĐến cơ quan đúng giờ.")
    NormCitation.objects.create(norm=norm, document=document, anchor="dieu-3")
    return norm


def breach(unit, norm, official, inspector, leader, *, at=None):
    """One approved inspection of `unit` finding one breach of `norm` by `official` (recorded `at`, or now)."""
    inspection = InspectionFactory(
        started=True, units=[unit], leader=inspector, norm_groups=NormGroup.objects.filter(pk=norm.group_id)
    )
    finding = services.finding_record(
        inspection=inspection, unit=unit, official=official, norm=norm, observed="Đến lúc 7 giờ 50", severity="minor",
        user=inspector,
    )  # fmt: skip
    if at is not None:
        Finding.objects.filter(pk=finding.pk).update(created_at=at)
    services.findings_submit(inspection=inspection, user=inspector)
    services.conclusion_draft(inspection=inspection, user=inspector, overall="Có vi phạm.", good_points="",
                              requirements=[(unit, "Chấn chỉnh.", 5)])  # fmt: skip
    services.conclusion_approve(inspection=inspection, user=leader)
    return finding


def test_a_province_starts_with_one_rule_in_force():
    rule = RepeatedBreachRule.objects.get()
    assert (rule.subject, rule.breaches, rule.months, rule.working_days, rule.is_active) == (
        "official",
        3,
        12,
        10,
        True,
    )


def test_the_third_breach_within_a_year_brings_the_provision_back_once_and_the_sixth_again(
    tree, norm, staff_user, inspector_user, leader_user, unit_head_user
):
    official = staff_user.official
    for _ in range(2):  # N − 1
        breach(tree["office_a"], norm, official, inspector_user, leader_user)
    assert not Rereading.objects.exists() and not RereadingTrigger.objects.exists()

    breach(tree["office_a"], norm, official, inspector_user, leader_user)  # N
    rereading = Rereading.objects.get()
    assert (rereading.official, rereading.norm, rereading.anchor) == (official, norm, "dieu-3")
    assert rereading.due_on == WorkingCalendar().add_working_days(timezone.localdate(), 10)
    assert "GG-01" in rereading.reason and "3" in rereading.reason
    told = Notification.objects.get(recipient=unit_head_user)
    assert "GG-01" in told.text and told.url == reverse("regulations:rereadings") + "?open=1"

    breach(tree["office_a"], norm, official, inspector_user, leader_user)  # N + 1: the same breaches, spent
    assert Rereading.objects.count() == 1 and RereadingTrigger.objects.count() == 1
    for _ in range(2):  # three new breaches since the firing: it fires again
        breach(tree["office_a"], norm, official, inspector_user, leader_user)
    assert Rereading.objects.count() == 2 and RereadingTrigger.objects.count() == 2


def test_breaches_across_a_year_end_count_and_older_ones_do_not(tree, norm, staff_user, inspector_user, leader_user):
    official = staff_user.official
    now = timezone.localtime()
    year_end = now.year - 1 if now.month > 1 or now.day > 5 else now.year - 2
    tz = timezone.get_current_timezone()
    breach(tree["office_a"], norm, official, inspector_user, leader_user,
           at=datetime.datetime(year_end, 12, 30, 9, tzinfo=tz))  # fmt: skip
    breach(tree["office_a"], norm, official, inspector_user, leader_user,
           at=datetime.datetime(year_end + 1, 1, 2, 9, tzinfo=tz))  # fmt: skip
    assert not Rereading.objects.exists()
    breach(tree["office_a"], norm, official, inspector_user, leader_user)
    assert Rereading.objects.filter(official=official).count() == 1

    other = OfficialFactory(unit=tree["office_a"])
    too_old = months_before(timezone.now(), 12) - datetime.timedelta(days=1)
    breach(tree["office_a"], norm, other, inspector_user, leader_user, at=too_old)
    breach(tree["office_a"], norm, other, inspector_user, leader_user)
    breach(tree["office_a"], norm, other, inspector_user, leader_user)
    assert not Rereading.objects.filter(official=other).exists()  # two within the twelve months


def test_commendations_and_unapproved_breaches_do_not_count(tree, norm, staff_user, inspector_user, leader_user):
    official = staff_user.official
    in_field = InspectionFactory(started=True, units=[tree["office_a"]], leader=inspector_user)
    for _ in range(3):
        services.finding_record(inspection=in_field, unit=tree["office_a"], official=official, norm=norm,
                                observed="Chưa duyệt", severity="minor", user=inspector_user)  # fmt: skip
    breach(tree["office_a"], norm, official, inspector_user, leader_user)
    assert not Rereading.objects.exists()


def test_an_administrator_adds_a_unit_rule_in_the_back_office_and_everyone_in_the_unit_re_reads(
    client, tree, norm, staff_user, inspector_user, leader_user, admin_user_role
):
    client.force_login(admin_user_role)
    add = reverse("admin:inspections_repeatedbreachrule_add")
    form = {"name": "Vi phạm lặp lại trong một đơn vị", "subject": "unit", "breaches": "2", "months": "6",
            "working_days": "5", "is_active": "on"}  # fmt: skip
    assert client.post(add, form).status_code == 302
    colleague = OfficialFactory(unit=tree["office_a"])
    breach(tree["office_a"], norm, staff_user.official, inspector_user, leader_user)
    breach(tree["office_a"], norm, colleague, inspector_user, leader_user)
    unit_officials = set(tree["office_a"].officials.filter(is_active=True))
    assert {rereading.official for rereading in Rereading.objects.all()} == unit_officials
    assert Rereading.objects.first().due_on == WorkingCalendar().add_working_days(timezone.localdate(), 5)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"breaches": "0"}, "At least one breach"),
        ({"months": "61"}, "Between 1 and 60 months"),
        ({"months": "0"}, "Between 1 and 60 months"),
        ({"working_days": "0"}, "At least one working day"),
    ],
)
def test_a_rule_that_cannot_work_is_refused_with_a_reason(client, tree, admin_user_role, change, message):
    client.force_login(admin_user_role)
    form = {"name": "Sai", "subject": "official", "breaches": "3", "months": "12", "working_days": "10",
            "is_active": "on", **change}  # fmt: skip
    response = client.post(reverse("admin:inspections_repeatedbreachrule_add"), form)
    assert response.status_code == 200 and message in response.content.decode()
    assert RepeatedBreachRule.objects.count() == 1  # the one in force from the start


def test_the_official_opens_the_provision_before_confirming_and_nobody_else_can(
    client, tree, norm, staff_user, inspector_user, leader_user, unit_head_user
):
    for _ in range(3):
        breach(tree["office_a"], norm, staff_user.official, inspector_user, leader_user)
    rereading = Rereading.objects.get()
    page, confirm = (reverse("regulations:rereading", args=[rereading.public_id]),
                     reverse("regulations:rereading_confirm", args=[rereading.public_id]))  # fmt: skip
    client.force_login(staff_user)
    home = client.get("/").content.decode()
    assert "Provisions to re-read, not yet confirmed" in home
    response = client.post(confirm, follow=True)  # not opened yet
    assert "Open and read the provision before confirming." in response.content.decode()
    rereading.refresh_from_db()
    assert rereading.confirmed_at is None

    page_text = client.get(page).content.decode()
    assert "Đến cơ quan đúng giờ." in page_text
    client.post(confirm)
    rereading.refresh_from_db()
    assert rereading.opened_at is not None and rereading.confirmed_at >= rereading.opened_at

    for other in (unit_head_user, leader_user):  # they follow it on the list, but cannot read it in its place
        client.force_login(other)
        assert client.get(page).status_code == 404 and client.post(confirm).status_code == 404
    client.force_login(unit_head_user)
    listed = client.get(reverse("regulations:rereadings")).content.decode()
    assert staff_user.official.full_name in listed and "Confirmed on" in listed
    client.force_login(leader_user)
    dashboard = client.get(reverse("leadership:dashboard")).content.decode()
    assert "Provisions re-read after repeated breaches" in dashboard and "Confirmed: 1" in dashboard
