"""Issue 15 §2: a correction of the working-day calendar recounts the stored deadlines it changes.

An open case's due date and a corrective action's deadline move with the correction (a history line, the handler
told, one audit line); a deadline that has passed never moves; a correction of a past year that would change passed
deadlines is refused and nothing is saved. The service tests fix "today"; the back-office and page tests use dates of
next year, which are in the future whenever the suite runs.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from culture_portal import calendar_corrections
from culture_portal.models import AuditEntry, CalendarException, Notification
from feedback import services as feedback_services
from feedback.models import Case
from inspections import services as inspection_services
from inspections.models import CorrectiveAction, InspectionEvent
from regulations.demo import _norms
from tests.feedback.conftest import submitted
from tests.inspections.test_notices import ready_for_approval
from tests.regulations.conftest import code_of_conduct  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db
D = datetime.date


def case_at(tree, track: str, *, status: str = "accepted", start: datetime.date, assignee=None) -> Case:
    """An open case whose current step started on `start` (accepted on it, or received on it)."""
    received = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
    case, _pin = submitted(tree["desk_a"], received_at=received)
    case.track, case.status, case.assignee = track, status, assignee
    case.accepted_on = start if status != "received" else None
    feedback_services.deadlines.deadline_refresh(case)
    case.save()
    return case


def day_off(day: datetime.date, name: str = "Nghỉ bù") -> CalendarException:
    return CalendarException(date=day, kind="day_off", name=name, legal_basis="Thông báo của Bộ Nội vụ")


# --- the service: what moves, what stays --------------------------------------------------------------------------


def test_a_day_off_moves_the_open_working_day_deadlines_across_it(tree, officer_user, admin_user_role):
    # Feedback decided in 10 working days from Monday 28/12/2026: 29, 30, 31/12, 04 ... 08, 11, 12/01/2027.
    handled = case_at(tree, "feedback", start=D(2026, 12, 28), assignee=officer_user)
    # A complaint received the same day, to be accepted in 10 working days: the same 12/01/2027.
    waiting = case_at(tree, "complaint", status="received", start=D(2026, 12, 28))
    # A denunciation accepted 10/12/2026: 30 calendar days end on Saturday 09/01/2027, due Monday 11/01; a day off
    # inside a calendar-day period changes nothing.
    calendar_days = case_at(tree, "denunciation", start=D(2026, 12, 10))
    assert (handled.due_on, waiting.due_on, calendar_days.due_on) == (D(2027, 1, 12), D(2027, 1, 12), D(2027, 1, 11))

    plans = calendar_corrections.calendar_exception_save(
        exception=day_off(D(2027, 1, 4)), user=admin_user_role, today=D(2026, 12, 20)
    )

    for case in (handled, waiting, calendar_days):
        case.refresh_from_db()
    assert (handled.due_on, waiting.due_on, calendar_days.due_on) == (D(2027, 1, 13), D(2027, 1, 13), D(2027, 1, 11))
    cases_plan = next(plan for plan in plans if plan.key == "feedback.case")
    assert (cases_plan.moved, cases_plan.passed) == (2, 0)
    # The citizen's history says why; the handler is told once; the audit log has the correction's line.
    event = handled.events.get(action="deadline_recounted")
    assert "12/01/2027" in event.public_text and "13/01/2027" in event.public_text and event.actor == admin_user_role
    note = Notification.objects.get(recipient=officer_user, text__contains=handled.tracking_code)
    assert "13/01/2027" in note.text and note.url == reverse("feedback:case", args=[handled.public_id])
    audit = AuditEntry.objects.get(action="setup.calendar_deadlines")
    assert audit.object_ref == "04/01/2027" and audit.actor == admin_user_role


def test_deleting_the_day_off_moves_them_back(tree, officer_user, admin_user_role):
    handled = case_at(tree, "feedback", start=D(2026, 12, 28), assignee=officer_user)
    exception = day_off(D(2027, 1, 4))
    calendar_corrections.calendar_exception_save(exception=exception, user=admin_user_role, today=D(2026, 12, 20))
    calendar_corrections.calendar_exception_delete(exception=exception, user=admin_user_role, today=D(2026, 12, 20))
    handled.refresh_from_db()
    assert handled.due_on == D(2027, 1, 12)
    assert handled.events.filter(action="deadline_recounted").count() == 2


def test_a_deadline_that_has_passed_is_never_moved(tree, officer_user, admin_user_role):
    # Recorded late, on Friday 08/01/2027, for Monday 04/01/2027. Feedback received 28/12/2026 was to be accepted in
    # 5 working days, by 05/01: overdue, it stays so. The one accepted that day is due 12/01: it moves to 13/01.
    overdue = case_at(tree, "feedback", status="received", start=D(2026, 12, 28))
    running = case_at(tree, "feedback", start=D(2026, 12, 28), assignee=officer_user)
    assert (overdue.due_on, running.due_on) == (D(2027, 1, 5), D(2027, 1, 12))
    plans = calendar_corrections.calendar_exception_save(
        exception=day_off(D(2027, 1, 4)), user=admin_user_role, today=D(2027, 1, 8)
    )
    cases_plan = next(plan for plan in plans if plan.key == "feedback.case")
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.due_on == D(2027, 1, 5), "a deadline that has passed stays as it was"
    assert running.due_on == D(2027, 1, 13)
    assert (cases_plan.moved, cases_plan.passed) == (1, 1)
    assert not overdue.events.filter(action="deadline_recounted").exists()


def test_a_past_year_correction_that_would_move_passed_deadlines_is_refused(tree, officer_user, admin_user_role):
    overdue = case_at(tree, "feedback", start=D(2026, 12, 28), assignee=officer_user)  # due 12/01/2027
    answered = case_at(tree, "feedback", start=D(2026, 12, 28), assignee=officer_user)
    answered.status, answered.answered_due_on, answered.due_on = "answered", answered.due_on, None
    answered.save()
    with pytest.raises(ValidationError) as refused:
        calendar_corrections.calendar_exception_save(
            exception=day_off(D(2026, 12, 30)), user=admin_user_role, today=D(2027, 3, 1)
        )
    assert refused.value.code == "past_deadlines"
    # One open deadline that has passed and one of a case answered since: both would change.
    assert "30/12/2026" in refused.value.messages[0] and ": 2" in refused.value.messages[0]
    # Nothing applied half-way: no exception, no move, no history, no audit line.
    assert not CalendarException.objects.filter(date=D(2026, 12, 30)).exists()
    overdue.refresh_from_db()
    assert overdue.due_on == D(2027, 1, 12) and not overdue.events.filter(action="deadline_recounted").exists()
    assert not AuditEntry.objects.filter(action="setup.calendar_deadlines").exists()
    # A past day no deadline ran across can still be corrected.
    calendar_corrections.calendar_exception_save(
        exception=day_off(D(2026, 6, 15)), user=admin_user_role, today=D(2027, 3, 1)
    )
    assert CalendarException.objects.filter(date=D(2026, 6, 15)).exists()


def test_a_corrective_action_deadline_follows_the_calendar(
    request, tree, inspector_user, leader_user, unit_head_user, admin_user_role, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _norms(request.getfixturevalue("code_of_conduct"))
    inspection = ready_for_approval(tree, inspector_user)  # one requirement for OFFICE-A, 5 working days
    inspection_services.conclusion_approve(inspection=inspection, user=leader_user, on=D(2026, 12, 28))
    action = CorrectiveAction.objects.get()
    assert action.deadline == D(2027, 1, 5) and action.requirement.counted_from == D(2026, 12, 28)

    calendar_corrections.calendar_exception_save(
        exception=day_off(D(2027, 1, 4)), user=admin_user_role, today=D(2026, 12, 29)
    )

    action.refresh_from_db()
    assert action.deadline == D(2027, 1, 6) and action.requirement.deadline == D(2027, 1, 6)
    event = InspectionEvent.objects.get(inspection=inspection, action="deadline_moved")
    assert event.by == admin_user_role and "05/01/2027 → 06/01/2027" in event.detail["reason"]
    note = Notification.objects.get(recipient=unit_head_user, text__contains="06/01/2027")
    assert note.url == reverse("inspections:action", args=[action.public_id])


def test_recounting_a_handlers_many_cases_tells_them_once(tree, officer_user, admin_user_role):
    cases = [case_at(tree, "feedback", start=D(2026, 12, 28), assignee=officer_user) for _ in range(3)]
    calendar_corrections.calendar_exception_save(
        exception=day_off(D(2027, 1, 4)), user=admin_user_role, today=D(2026, 12, 20)
    )
    notes = Notification.objects.filter(recipient=officer_user)
    assert notes.count() == 1 and "3" in notes.get().text and notes.get().url.endswith("?mine=1")
    assert {case.tracking_code for case in cases}
    assert Case.objects.filter(due_on=D(2027, 1, 13)).count() == 3


def test_recounting_is_bounded(tree, officer_user, admin_user_role, django_assert_max_num_queries):
    for _ in range(6):
        case_at(tree, "feedback", start=D(2026, 12, 28), assignee=officer_user)
    for _ in range(6):
        case_at(tree, "complaint", status="received", start=D(2026, 12, 28))
    # However many cases: the savepoint and its release, the exception, the audit line; the calendar of each year
    # the periods cross (2026, 2027); the rules once; the open cases and the corrective actions in one query each;
    # one UPDATE per (old date, new date) pair; the history lines in one INSERT; per handler one notification (the
    # account, the row, the e-mail in the outbox). 14 here.
    with django_assert_max_num_queries(14):
        calendar_corrections.calendar_exception_save(
            exception=day_off(D(2027, 1, 4)), user=admin_user_role, today=D(2026, 12, 20)
        )
    assert Case.objects.filter(due_on=D(2027, 1, 13)).count() == 12


# --- the back office ------------------------------------------------------------------------------------------------


def next_year_tuesday() -> datetime.date:
    """The second Tuesday of March next year: a working day in the future whenever the suite runs."""
    first = D(timezone.localdate().year + 1, 3, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)


def test_back_office_add_change_and_delete_recount(client, tree, officer_user, admin_user_role):
    day = next_year_tuesday()
    case = case_at(tree, "feedback", start=day - datetime.timedelta(days=1), assignee=officer_user)  # a Monday
    original = case.due_on  # 10 working days later: the Monday two weeks on
    client.force_login(admin_user_role)
    response = client.post(
        reverse("admin:culture_portal_calendarexception_add"),
        {"date": day.strftime("%d/%m/%Y"), "kind": "day_off", "name": "Nghỉ bù", "legal_basis": "Thông báo"},
        follow=True,
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.due_on == original + datetime.timedelta(days=1)
    assert "Đã tính lại thời hạn" in response.content.decode()
    exception = CalendarException.objects.get(date=day)
    # Moved to the day after: the period still has one day off in it.
    client.post(
        reverse("admin:culture_portal_calendarexception_change", args=[exception.pk]),
        {"date": (day + datetime.timedelta(days=1)).strftime("%d/%m/%Y"), "kind": "day_off", "name": "Nghỉ bù",
         "legal_basis": "Thông báo"},
    )  # fmt: skip
    case.refresh_from_db()
    assert case.due_on == original + datetime.timedelta(days=1)
    client.post(reverse("admin:culture_portal_calendarexception_delete", args=[exception.pk]), {"post": "yes"})
    case.refresh_from_db()
    assert not CalendarException.objects.filter(pk=exception.pk).exists() and case.due_on == original
    assert AuditEntry.objects.filter(action="setup.calendar_deadlines").count() == 3


def test_back_office_refuses_a_past_year_correction_with_a_clear_message(client, tree, officer_user, admin_user_role):
    year = timezone.localdate().year - 1
    start = D(year, 12, 1)
    while start.weekday() != 0:
        start += datetime.timedelta(days=1)
    case = case_at(tree, "feedback", start=start, assignee=officer_user)  # overdue since last December
    corrected = start + datetime.timedelta(days=2)
    client.force_login(admin_user_role)
    response = client.post(
        reverse("admin:culture_portal_calendarexception_add"),
        {"date": corrected.strftime("%d/%m/%Y"), "kind": "day_off", "name": "Nghỉ bù", "legal_basis": ""},
    )
    assert response.status_code == 200
    assert "không bao giờ bị dời" in response.content.decode()
    assert not CalendarException.objects.filter(date=corrected).exists()
    due = case.due_on
    case.refresh_from_db()
    assert case.due_on == due


def test_back_office_offers_no_bulk_delete_of_exceptions(client, admin_user_role):
    client.force_login(admin_user_role)
    response = client.get(reverse("admin:culture_portal_calendarexception_changelist"))
    assert "delete_selected" not in response.content.decode()


# --- unconfirmed days and the calendar page ------------------------------------------------------------------------


def test_calendar_page_says_which_periods_count_working_days_and_which_calendar_days(
    client, django_assert_max_num_queries
):
    year = timezone.localdate().year + 1
    with django_assert_max_num_queries(3):  # the year's exceptions, the rules in force (no session for a visitor)
        response = client.get(reverse("calendar") + f"?year={year}")
    html = response.content.decode()
    assert "ngày làm việc" in html and "ngày theo lịch" in html
    assert "Luật Khiếu nại 2011, Điều 37" in html and "Luật Tố cáo 2018, Điều 30" in html
    # 24/11 (Ngày Văn hóa Việt Nam) comes from the package, not the law: shown as unconfirmed, counted as working.
    assert f"24/11/{year}" in html and "chưa xác nhận" in html
    assert 'name="decision"' not in html, "only administrators decide"


def test_administrator_confirms_an_unconfirmed_day_and_deadlines_move(client, tree, officer_user, admin_user_role):
    year = timezone.localdate().year + 1
    day = D(year, 11, 24)
    start = day - datetime.timedelta(days=7)
    case = case_at(tree, "feedback", start=start, assignee=officer_user)
    original = case.due_on
    client.force_login(admin_user_role)
    assert 'name="decision"' in client.get(reverse("calendar") + f"?year={year}").content.decode()
    # Confirming a day off needs the document that makes it one.
    refused = client.post(reverse("calendar_decide"), {"date": day.strftime("%d/%m/%Y"), "decision": "day_off"},
                          follow=True)  # fmt: skip
    assert "alert-danger" in refused.content.decode()
    assert not CalendarException.objects.filter(date=day).exists()
    client.post(
        reverse("calendar_decide"),
        {"date": day.strftime("%d/%m/%Y"), "decision": "day_off", "legal_basis": "Quyết định của Thủ tướng"},
    )
    exception = CalendarException.objects.get(date=day)
    assert exception.kind == "day_off" and exception.legal_basis == "Quyết định của Thủ tướng"
    assert AuditEntry.objects.filter(action="setup.calendar_day_confirmed", object_ref=day.strftime("%d/%m/%Y"))
    case.refresh_from_db()
    if day.weekday() < 5:  # on a weekend the decision changes no count
        assert case.due_on > original
    assert 'name="decision"' not in client.get(reverse("calendar") + f"?year={year}").content.decode()


def test_only_administrators_decide_on_unconfirmed_days(client, staff_user):
    year = timezone.localdate().year + 1
    data = {"date": f"24/11/{year}", "decision": "working_day"}
    client.force_login(staff_user)
    assert client.post(reverse("calendar_decide"), data).status_code == 403
    assert client.get(reverse("calendar_decide")).status_code == 405
    assert not CalendarException.objects.filter(date=D(year, 11, 24)).exists()
