"""Corrective actions: reported by the unit head with evidence, accepted or reopened, reminded and escalated."""

import datetime
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from culture_portal.keyset import KeysetPaginator
from culture_portal.models import Notification
from inspections.actions import actions_send_reminders
from inspections.corrective_actions import ACTION_LIST_KEYS, actions_filtered
from inspections.models import CorrectiveAction, Requirement
from tests.factories import CorrectiveActionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def action(tree, inspector_user, leader_user, settings, tmp_path):
    """office_a's action of a surprise inspection: 5 working days from the approval on Thursday 12/02/2026."""
    settings.MEDIA_ROOT = tmp_path
    return CorrectiveActionFactory(
        unit=tree["office_a"], approved_on=D(2026, 2, 12), inspection__surprise=True,
        inspection__leader=inspector_user, inspection__approver=leader_user,
    )  # fmt: skip


def test_approval_makes_one_action_per_requirement_with_its_deadline(action):
    assert action.unit.code == "OFFICE-A" and action.deadline == D(2026, 2, 26) and action.status == "open"


def test_unit_head_reports_inspector_reopens_then_accepts(client, action, unit_head_user, inspector_user):
    report = reverse("inspections:action_report", args=[action.public_id])
    review = reverse("inspections:action_review", args=[action.public_id])
    client.force_login(unit_head_user)
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(report, {"report": "Đã tổ chức kiểm điểm, chấn chỉnh giờ giấc.", "evidence": pdf})
    action.refresh_from_db()
    assert action.status == "reported" and action.evidence.count() == 1
    client.force_login(inspector_user)
    client.post(review, {"decision": "reopen", "comment": ""})
    action.refresh_from_db()
    assert action.status == "reported", "reopening needs a reason"
    client.post(review, {"decision": "reopen", "comment": "Chưa có biên bản kiểm điểm."})
    action.refresh_from_db()
    assert action.status == "reopened"
    client.force_login(unit_head_user)
    client.post(report, {"report": "Bổ sung biên bản."})
    client.force_login(inspector_user)
    client.post(review, {"decision": "accept"})
    action.refresh_from_db()
    assert action.status == "accepted"


def test_other_units_cannot_see_or_report(client, action, tree, staff_user):
    from culture_portal.roles import Role
    from tests.factories import OfficialFactory, UserFactory

    other_head = UserFactory(username="otherhead", roles=[Role.STAFF, Role.UNIT_HEAD])
    OfficialFactory(user=other_head, unit=tree["ward_b"])
    client.force_login(other_head)
    assert client.get(reverse("inspections:action", args=[action.public_id])).status_code == 404
    assert client.get(reverse("inspections:actions")).context["page"].total == 0
    client.force_login(staff_user)
    assert client.get(reverse("inspections:action", args=[action.public_id])).status_code == 403


def test_reminder_and_escalation_dates_follow_the_calendar(action, unit_head_user, leader_user):
    # Deadline Thursday 26/02/2026; 3 working days before is Monday 23/02 (the lunar new year is skipped).
    assert actions_send_reminders(on=D(2026, 2, 20)) == {"reminders": 0, "escalations": 0}
    assert actions_send_reminders(on=D(2026, 2, 23)) == {"reminders": 1, "escalations": 0}
    assert actions_send_reminders(on=D(2026, 2, 24)) == {"reminders": 0, "escalations": 0}, "once"
    assert Notification.objects.filter(recipient=unit_head_user, text__contains="26/02/2026").exists()
    assert actions_send_reminders(on=D(2026, 2, 27)) == {"reminders": 0, "escalations": 1}
    assert actions_send_reminders(on=D(2026, 3, 2)) == {"reminders": 0, "escalations": 0}, "escalated once"
    assert Notification.objects.filter(recipient=leader_user).exists()


def test_leadership_sees_the_overdue_list(client, action, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("inspections:actions"), {"overdue": "1"})
    assert [row.pk for row in response.context["page"]] == [action.pk]  # 26/02/2026 has passed


def test_the_list_pages_by_deadline_through_its_links(client, action, leader_user):
    """Keyset pages (culture_portal/keyset.py): following "next" shows every action once, earliest deadline first."""
    conclusion, unit = action.requirement.conclusion, action.unit
    requirements = Requirement.objects.bulk_create(
        [Requirement(conclusion=conclusion, unit=unit, text=f"Yêu cầu {n}", working_days=5) for n in range(60)]
    )
    CorrectiveAction.objects.bulk_create(
        [
            CorrectiveAction(requirement=requirement, inspection=action.inspection, unit=unit,
                             deadline=action.deadline + datetime.timedelta(days=n % 4))
            for n, requirement in enumerate(requirements)
        ]
    )  # fmt: skip
    client.force_login(leader_user)
    expected = list(CorrectiveAction.objects.order_by("deadline", "id").values_list("pk", flat=True))
    seen, path = [], reverse("inspections:actions")
    while path:
        response = client.get(path)
        seen += [row.pk for row in response.context["page"]]
        following = re.search(r'rel="next" href="([^"]+)"', response.content.decode())
        path = reverse("inspections:actions") + unescape(following.group(1)) if following else None
    assert seen == expected and len(seen) == 61


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
def test_leaderships_list_of_actions_is_read_along_its_index(leader_user):
    """At a province, leadership's first page sorted all 137,000 actions on disk. With whole-table scans, bitmaps
    and sorts priced out (a test's few rows make any plan cheap), the plan left walks action_list_idx."""
    pages = KeysetPaginator(actions_filtered(leader_user, {}), ACTION_LIST_KEYS, 50)
    sql, params = pages.rows_beyond([datetime.date(2026, 3, 1), 1]).query.sql_with_params()
    with connection.cursor() as cursor:
        for planner_method in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{planner_method} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "using action_list_idx on" in plan and "Sort" not in plan, plan
