"""The feedback officer's work: box openings, hotline calls, triage, duplicates, tracks, assignment, answers."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import Notification
from feedback import services
from feedback.models import BoxOpening, Case, CaseEvent
from feedback.reminders import case_reminders_send
from feedback.selectors import likely_duplicates
from tests.factories import OfficialFactory, UserFactory

from .conftest import step_url, submitted

pytestmark = pytest.mark.django_db


def test_officer_keys_in_a_box_opening_with_two_letters_and_a_hotline_call(client, tree, norm, officer_user):
    client.force_login(officer_user)
    response = client.post(
        reverse("feedback:box_create"),
        {"location": tree["desk_a"].pk, "opened_on": timezone.localdate().isoformat(), "opened_by": "Nguyễn Thị Mai",
         "witnesses": "Trần Văn Nam", "letter_count": 2},
    )  # fmt: skip
    opening = BoxOpening.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("feedback:box", args=[opening.public_id])
    for text in ("Thư thứ nhất: cán bộ đến muộn.", "Thư thứ hai: khen cán bộ tận tình."):
        response = client.post(
            reverse("feedback:box", args=[opening.public_id]),
            {"unit": tree["desk_a"].pk, "topic": f"norm:{norm.pk}", "description": text},
        )
        assert response.status_code == 302
    letters = Case.objects.filter(box_opening=opening)
    assert letters.count() == 2 and set(letters.values_list("channel", flat=True)) == {"box"}
    assert set(letters.values_list("keyed_in_by", flat=True)) == {officer_user.pk}
    page = client.get(reverse("feedback:box", args=[opening.public_id])).content.decode()
    assert page.count("PA-") >= 2

    response = client.post(
        reverse("feedback:key_in"),
        {"channel": "hotline", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "topic": "praise",
         "description": "Người gọi khen quầy số 2.", "full_name": "Người gọi"},
    )  # fmt: skip
    call = Case.objects.get(channel="hotline")
    assert response.status_code == 302 and call.nature == "praise" and call.complainant.full_name == "Người gọi"


def test_a_box_letter_cannot_be_keyed_in_as_a_loose_case(client, tree, norm, officer_user):
    client.force_login(officer_user)
    response = client.post(
        reverse("feedback:key_in"),
        {"channel": "box", "received_at": "2026-01-05T09:00", "topic": "other", "description": "Thư."},
    )
    assert response.status_code == 400 and not Case.objects.exists()


def test_triage_assign_answer_through_the_pages(client, tree, norm, officer_user, unit_head_user):
    case, _ = submitted(tree["office_a"], norm)
    client.force_login(officer_user)
    url = reverse("feedback:case", args=[case.public_id])
    assert (
        client.post(step_url(case, "triage"), {"decision": "accept", "track": "complaint", "norm": norm.pk}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == "accepted" and case.track == "complaint" and case.accepted_on == timezone.localdate()
    response = client.post(
        step_url(case, "assign"), {"handling_unit": tree["office_a"].pk, "assignee": officer_user.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_progress" and case.handling_unit == tree["office_a"]
    # The unit head of the handling unit is told, without the complainant's identity.
    note = Notification.objects.get(recipient=unit_head_user)
    assert case.tracking_code in note.text and "Nguyễn Văn An" not in note.text
    assert client.post(step_url(case, "note"), {"text": "Đã xác minh qua camera."}).status_code == 302
    # A criticism's answer says what the verification found; without it nothing is saved.
    assert client.post(step_url(case, "answer"), {"answer": "Đã chấn chỉnh."}).status_code == 400
    assert client.post(step_url(case, "answer"), {"answer": "Đã chấn chỉnh.", "upheld": "partly"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "answered" and case.answered_by == officer_user and case.upheld == "partly"
    page = client.get(url).content.decode()
    assert "Phản ánh đúng một phần" in page or "Partly upheld" in page, "the case page shows the outcome"


def test_a_stale_page_cannot_triage_twice(client, tree, norm, officer_user):
    case, _ = submitted(tree["office_a"], norm)
    services.case_mark_spam(case=Case.objects.get(pk=case.pk), user=officer_user)
    client.force_login(officer_user)
    response = client.post(step_url(case, "triage"), {"decision": "accept", "track": "feedback"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "spam"


def test_likely_duplicates_same_unit_similar_text_or_same_contact(tree, norm):
    first, _ = submitted(
        tree["desk_a"], norm, description="Cán bộ quầy số 2 nói trống không, không hướng dẫn hồ sơ đất đai."
    )
    similar, _ = submitted(tree["desk_a"], norm, description="Cán bộ quầy số 2 nói trống không và không hướng dẫn hồ sơ đất đai!",
                           full_name="", phone="", email="")  # fmt: skip
    other_unit, _ = submitted(tree["ward_b"], norm, description="Chuyện khác hẳn về lịch tiếp dân.",
                              phone="+84 912 345 678", email="")  # fmt: skip
    unrelated, _ = submitted(tree["desk_a"], norm, description="Phòng chờ thiếu ghế ngồi vào buổi sáng.",
                             full_name="", phone="", email="")  # fmt: skip
    found = {item["case"].pk: item["reason"] for item in likely_duplicates(similar)}
    assert found == {first.pk: "text"}
    # Same phone written another way (+84 …): the same contact.
    found = {item["case"].pk: item["reason"] for item in likely_duplicates(other_unit)}
    assert found.get(first.pk) == "contact"
    assert unrelated.pk not in {item["case"].pk for item in likely_duplicates(first)}


def test_merging_keeps_every_submitter_informed(tree, norm, officer_user, django_capture_on_commit_callbacks):
    original, _ = submitted(tree["desk_a"], norm, email="first@example.com")
    repeat, _ = submitted(tree["desk_a"], norm, email="second@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_mark_duplicate(case=repeat, user=officer_user, original=original)
        services.case_accept(case=original, user=officer_user, track="feedback")
        services.case_answer(case=original, user=officer_user, answer="Câu trả lời chung.", upheld="partly")
    repeat.refresh_from_db()
    assert repeat.status == "answered" and repeat.answer == "Câu trả lời chung."
    second_mail = [m for m in mail.outbox if m.to == ["second@example.com"]]
    assert any(original.tracking_code in m.body or original.tracking_code in m.subject for m in second_mail)
    assert any(repeat.tracking_code in m.subject and "Đã trả lời" in m.subject for m in second_mail)


def test_anonymous_submissions_are_never_handled_as_denunciations(tree, norm, officer_user):
    anonymous, _ = submitted(tree["desk_a"], norm, full_name="", phone="", email="")
    with pytest.raises(ValidationError, match="ẩn danh|anonymous"):
        services.case_accept(case=anonymous, user=officer_user, track="denunciation")
    services.case_accept(case=anonymous, user=officer_user, track="feedback")
    with pytest.raises(ValidationError):
        services.case_change_track(
            case=anonymous, user=officer_user, track="denunciation", reason="Có dấu hiệu vi phạm"
        )
    anonymous.refresh_from_db()
    assert anonymous.track == "feedback"


def test_moving_tracks_needs_a_reason_and_recomputes_the_deadline(tree, norm, officer_user):
    case, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=case, user=officer_user, track="feedback")
    with pytest.raises(ValidationError):
        services.case_change_track(case=case, user=officer_user, track="complaint", reason="  ")
    feedback_due = case.due_on
    services.case_change_track(case=case, user=officer_user, track="denunciation", reason="Tố cáo hành vi nhận tiền")
    case.refresh_from_db()
    assert case.track == "denunciation" and case.due_on != feedback_due
    event = CaseEvent.objects.filter(case=case, action="track_changed").get()
    assert event.note == "Tố cáo hành vi nhận tiền" and event.public_text  # the citizen sees the move, not the reason


def test_extensions_follow_the_law_and_are_shown_to_the_citizen(client, tree, norm, officer_user):
    case, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=case, user=officer_user, track="denunciation")
    first_due = case.due_on
    with pytest.raises(ValidationError):
        services.case_extend(case=case, user=officer_user, complexity="complex", reason="")
    services.case_extend(case=case, user=officer_user, complexity="complex", reason="Cần xác minh nhiều nơi")
    case.refresh_from_db()
    assert case.due_on > first_due + datetime.timedelta(days=29)
    with pytest.raises(ValidationError):  # complex: once only
        services.case_extend(case=case, user=officer_user, complexity="complex", reason="Lần nữa")
    services.case_extend(case=case, user=officer_user, complexity="especially_complex", reason="Đặc biệt phức tạp")
    with pytest.raises(ValidationError):  # especially complex: twice in all
        services.case_extend(case=case, user=officer_user, complexity="especially_complex", reason="Lần ba")
    public = list(case.events.exclude(public_text="").values_list("public_text", flat=True))
    assert any("Cần xác minh nhiều nơi" in text for text in public)


def test_overdue_cases_are_flagged_reminded_and_escalated_once(client, tree, norm, officer_user, leader_user):
    case, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=case, user=officer_user, track="feedback")
    services.case_assign(case=case, user=officer_user, handling_unit=tree["desk_a"], assignee=officer_user)
    Case.objects.filter(pk=case.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(officer_user)
    page = client.get(reverse("feedback:cases")).content.decode()
    assert "case-overdue" in page and "Quá hạn" in page
    assert case_reminders_send() == {"reminders": 0, "escalations": 1}
    assert Notification.objects.filter(recipient=leader_user, text__contains=case.tracking_code).count() == 1
    assert case_reminders_send() == {"reminders": 0, "escalations": 0}


def test_the_handler_is_reminded_before_the_deadline(tree, norm, officer_user):
    case, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=case, user=officer_user, track="feedback")
    services.case_assign(case=case, user=officer_user, handling_unit=tree["desk_a"], assignee=officer_user)
    today = datetime.date(2026, 3, 2)  # a Monday: due Wednesday is within 2 working days
    Case.objects.filter(pk=case.pk).update(due_on=datetime.date(2026, 3, 4))
    assert case_reminders_send(today) == {"reminders": 1, "escalations": 0}
    assert case_reminders_send(today) == {"reminders": 0, "escalations": 0}
    assert Notification.objects.filter(recipient=officer_user, text__contains="04/03/2026").exists()


def test_a_deactivated_unit_head_is_not_told_of_a_case_sent_to_the_unit(tree, norm, officer_user, unit_head_user):
    former_head = UserFactory(username="former_head", roles=["staff", "unit_head"])
    OfficialFactory(user=former_head, unit=tree["office_a"])
    former_head.is_active = False
    former_head.save(update_fields=["is_active"])
    case, _pin = submitted(tree["office_a"], norm)
    services.case_accept(case=case, user=officer_user, track="complaint")
    services.case_assign(case=case, user=officer_user, handling_unit=tree["office_a"], assignee=officer_user)
    assert Notification.objects.filter(recipient=unit_head_user, text__contains=case.tracking_code).exists()
    assert not Notification.objects.filter(recipient=former_head).exists()


def test_a_case_left_with_a_departed_officer_reminds_the_other_officers(tree, norm, officer_user):
    departed = UserFactory(username="departed_officer", roles=["staff", "feedback_officer"])
    case, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=case, user=officer_user, track="feedback")
    services.case_assign(case=case, user=officer_user, handling_unit=tree["desk_a"], assignee=departed)
    departed.is_active = False
    departed.save(update_fields=["is_active"])
    Case.objects.filter(pk=case.pk).update(due_on=datetime.date(2026, 3, 4))
    assert case_reminders_send(datetime.date(2026, 3, 2)) == {"reminders": 1, "escalations": 0}
    assert Notification.objects.filter(recipient=officer_user, text__contains="04/03/2026").exists()
    assert not Notification.objects.filter(recipient=departed, text__contains="04/03/2026").exists()


def test_a_unit_head_adds_notes_only_to_cases_sent_to_their_unit(client, tree, norm, officer_user, unit_head_user):
    """The head of OFFICE-A reads complaints about DESK-A (below it); verification sent elsewhere is not theirs."""
    about_desk, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=about_desk, user=officer_user, track="complaint")
    services.case_assign(case=about_desk, user=officer_user, handling_unit=tree["ward_b"], assignee=officer_user)
    sent_here, _ = submitted(tree["desk_a"], norm)
    services.case_accept(case=sent_here, user=officer_user, track="complaint")
    services.case_assign(case=sent_here, user=officer_user, handling_unit=tree["office_a"])
    client.force_login(unit_head_user)
    note = {"text": "Đã làm việc với cán bộ."}

    page = client.get(reverse("feedback:case", args=[about_desk.public_id]))
    assert page.status_code == 200 and f'action="{step_url(about_desk, "note")}"' not in page.content.decode()
    assert client.post(step_url(about_desk, "note"), note).status_code == 403
    assert client.post(step_url(sent_here, "note"), note).status_code == 302
    assert list(CaseEvent.objects.filter(action="note").values_list("case", flat=True)) == [sent_here.pk]
