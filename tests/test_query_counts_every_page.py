"""Every GET page of the portal at two sizes of data: the same number of queries, and the number pinned in PINNED.

The pages are the URL patterns of the permission matrix (tests/culture_portal/test_permission_matrix.py builds
their addresses from a small world): every named pattern that some audience may GET, asked as the first role of
PREFERENCE that tests/permission_matrix.py allows. Each page is asked once to warm the session and the
caches, then once counted; then the world grows (about ten more of every kind a page lists: units, officials,
inspections, findings, requirements, actions, cases, events, notifications, documents, campaigns, ...) and the
page is counted again. A page whose count grows with the data reads something per row (an N+1); one whose count
moves from its pin has gained or lost queries: either way the failure lists the statements asked most often.

The world is built and grown once for the module, in a transaction rolled back before the first test runs; each
test compares the counts of one page.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from culture_portal import celery_app
from culture_portal.identity import portal_identity_forget
from culture_portal.leadership.models import Report
from culture_portal.models import CalendarException, DisciplinaryMeasure, Reorganisation, Unit
from culture_portal.notifications import notify
from culture_portal.reorganisation import reorganisation_save
from culture_portal.roles import Role
from feedback import codes
from feedback import services as feedback_services
from feedback.models import Attachment, CaseEvent, DeskRating, Extension
from feedback.notification_subjects import CASE as CASE_SUBJECT
from feedback.public_views import RECEIPT_SESSION_KEY, TRACKED_SESSION_KEY
from inspections import services as inspection_services
from inspections.models import (
    ActionEvidence,
    AttendanceRecord,
    CorrectiveAction,
    DisciplinaryOutcome,
    Evidence,
    Finding,
    InspectionPlan,
    Requirement,
)
from regulations.models import Acknowledgement, Campaign, CampaignAssignment, DocumentRelation, Norm, Training
from tests import permission_matrix as matrix
from tests.conftest import _user_with_roles
from tests.culture_portal.test_permission_matrix import HEADERS, PATTERNS, _build_world, address
from tests.factories import OfficialFactory, UnitFactory
from tests.feedback.conftest import jpeg_bytes, submitted
from tests.inspections.test_pages import make_inspection
from tests.regulations.conftest import make_document

# The test database is made for marked tests only; the counts use it once. One xdist worker runs the whole module:
# the `counts` fixture GETs every page (not only those of the tests a worker is handed), so two would do it twice.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("query_counts_every_page")]
MORE = 10  # rows of each kind the world grows by (the small world has one or two)

# The role each page is asked as: the first one the matrix lets in. Leadership first: it sees the whole city.
# Citizens' pages are asked anonymously, as citizens ask them.
PREFERENCE = (
    matrix.LEADERSHIP,
    matrix.INSPECTOR,
    matrix.FEEDBACK_OFFICER,
    matrix.ADMINISTRATOR,
    matrix.UNIT_HEAD,
    matrix.STAFF,
)
ANONYMOUS_PAGES = {
    key
    for key in matrix.MATRIX
    if key.startswith(("feedback:", "open311:", "captcha-", "password_reset")) or key == "login"
}
# Pages whose answer is a redirect even for the role that may open them: what they read is still pinned.
REDIRECTS = {
    "notifications:open": 302,  # marks the notification read, then goes to what it is about
    "regulations:provision": 302,  # to the provision's anchor in the current version
    "two_factor:verify": 302,  # no app set up: to the setup page
    "two_factor:recovery_codes": 302,  # the codes are shown once, after setup
    "set_language": 302,
    "admin:culture_portal_portalidentity_changelist": 302,  # one row: to its change page
}


def role_for(key: str) -> str | None:
    outcomes = matrix.expected(key)
    if key in ANONYMOUS_PAGES and outcomes[matrix.ANONYMOUS] == matrix.ALLOW:
        return matrix.ANONYMOUS
    return next((role for role in PREFERENCE if outcomes[role] == matrix.ALLOW), None)


# Named patterns some role may GET. Left out: POST-only actions, addresses that exist for nobody (404 for all),
# the unnamed admin redirects, the development media server (DEBUG only) and the admin's sign-out (a GET only
# redirects those who are not administrators).
PAGES = {
    pattern.key: pattern
    for pattern in PATTERNS
    if pattern.name and role_for(pattern.key) and pattern.key != "admin:logout"
}

# url name -> queries of one GET (both sizes). Most pages: session, user, groups/permissions, the page's own
# reads, the notification bell; see the failure message for the statements themselves.
PINNED: dict[str, int] = {
    "home": 14,  # + provisions to re-read (issue 18)
    "healthz": 4,
    "calendar": 7,
    # One more when a broker is configured (CI): the page then asks when a worker was last seen.
    "setup": 20 + (not settings.CELERY_TASK_ALWAYS_EAGER),
    "audit_log": 7,
    "leadership:dashboard": 37,  # + re-readings in scope (issue 18)
    "leadership:dashboard_items": 8,
    "leadership:reports": 8,
    "leadership:report_new": 5,
    "leadership:report": 36,
    "leadership:report_progress": 6,
    "leadership:report_download": 6,
    "organisation:units": 6,
    "organisation:unit": 12,
    "organisation:officials": 8,
    "organisation:official": 16,  # per source a question or two: findings, outcomes, cases, readings, trainings
    "organisation:units_search": 2,
    "organisation:officials_search": 5,
    "organisation:import": 5,
    "organisation:reorganisations": 9,
    "organisation:reorganisation_create": 5,
    "organisation:reorganisation": 26,
    "notifications:list": 8,
    "notifications:open": 8,
    "regulations:documents": 8,
    "regulations:document_create": 5,
    "regulations:document": 16,
    "regulations:import": 6,
    "regulations:compare": 11,
    "regulations:provision": 7,
    "regulations:provision_record": 10,  # the document, its version, the provision, the norms citing it
    "regulations:norm": 13,  # per source: one count by year and unit, the latest (leadership); the units' names
    "regulations:rereadings": 8,  # one page of re-readings with their officials, units, norms and documents
    "regulations:rereading": 10,  # the re-reading, its opening recorded, the provision in the current version
    "regulations:campaign_create": 8,
    "regulations:version": 16,
    "regulations:print": 7,
    "regulations:pdf": 7,
    "regulations:norms": 8,
    "regulations:campaigns": 8,
    "regulations:campaign": 10,
    "regulations:campaign_export": 9,
    "regulations:trainings": 8,
    "inspections:list": 8,
    "inspections:create": 9,
    "inspections:from_case": 11,  # the case, the ids of the open cases beside it, those cases, the team
    "inspections:my_findings": 7,
    "inspections:actions": 8,
    "inspections:discipline": 10,
    "inspections:action": 7,
    "inspections:plans": 6,
    "inspections:plan": 8,
    "inspections:plan_export": 6,
    "inspections:detail": 17,  # with the complaints that grounded it (issue 18)
    "inspections:unit_history": 10,
    "inspections:official_history": 9,
    "inspections:conclusion": 10,
    "inspections:notice": 24,
    "inspections:notice_download": 7,
    "inspections:field": 16,
    "feedback:new": 1,
    "feedback:receipt": 2,
    "feedback:track_case": 3,
    "feedback:track": 1,
    "feedback:answered": 2,  # keyset pages: no count
    "feedback:desk_rate": 1,
    "feedback:cases": 8,  # the page and its bounded count, even when nothing matches
    "feedback:key_in": 5,
    "feedback:case": 11,  # with the inspections that took it up (issue 18)
    "feedback:attachment": 7,
    "feedback:boxes": 7,
    "feedback:box_create": 5,
    "feedback:box": 7,
    "feedback:satisfaction": 7,
    "feedback:posters": 6,
    "feedback:poster": 5,
    "open311:discovery": 0,
    "open311:services": 1,
    "open311:requests": 1,
    "open311:request": 1,
    "captcha-image": 1,
    "captcha-image-2x": 1,
    "captcha-refresh": 1,
    "two_factor:setup": 8,
    "two_factor:verify": 3,
    "two_factor:recovery_codes": 2,
    "login": 0,
    "password_change": 5,
    "password_change_done": 5,
    "password_reset": 0,
    "password_reset_done": 0,
    "password_reset_confirm": 1,
    "password_reset_complete": 0,
    "set_language": 2,
    "admin:index": 7,
    "admin:login": 4,
    "admin:password_change": 6,
    "admin:password_change_done": 6,
    "admin:autocomplete": 6,
    "admin:jsi18n": 2,
    "admin:auth_group_changelist": 8,
    "admin:auth_group_history": 7,
    "admin:auth_group_change": 14,
    "admin:culture_portal_unit_delete": 31,  # small world; grows (GROWING)
    "admin:culture_portal_unit_changelist": 8,
    "admin:culture_portal_unit_add": 5,
    "admin:culture_portal_unit_history": 7,
    "admin:culture_portal_unit_change": 6,
    "admin:culture_portal_official_changelist": 8,
    "admin:culture_portal_official_add": 5,
    "admin:culture_portal_official_history": 9,
    "admin:culture_portal_official_delete": 19,  # + the official's re-readings and the rules' firings about them
    "admin:inspections_repeatedbreachrule_changelist": 8,
    "admin:inspections_repeatedbreachrule_add": 5,
    "admin:inspections_repeatedbreachrule_history": 7,
    "admin:inspections_repeatedbreachrule_delete": 7,
    "admin:inspections_repeatedbreachrule_change": 6,
    "admin:culture_portal_official_change": 10,
    "admin:culture_portal_issuingbody_changelist": 8,
    "admin:culture_portal_issuingbody_add": 5,
    "admin:culture_portal_issuingbody_history": 8,
    "admin:culture_portal_issuingbody_delete": 7,
    "admin:culture_portal_issuingbody_change": 8,
    "admin:culture_portal_documentkind_changelist": 8,
    "admin:culture_portal_documentkind_add": 5,
    "admin:culture_portal_documentkind_history": 7,
    "admin:culture_portal_documentkind_delete": 7,
    "admin:culture_portal_documentkind_change": 6,
    "admin:culture_portal_deadlinerule_changelist": 8,
    "admin:culture_portal_deadlinerule_add": 5,
    "admin:culture_portal_deadlinerule_history": 7,
    "admin:culture_portal_deadlinerule_delete": 6,
    "admin:culture_portal_deadlinerule_change": 6,
    "admin:culture_portal_disciplinarymeasure_changelist": 8,
    "admin:culture_portal_disciplinarymeasure_add": 5,
    "admin:culture_portal_disciplinarymeasure_history": 7,
    "admin:culture_portal_disciplinarymeasure_delete": 8,
    "admin:culture_portal_disciplinarymeasure_change": 6,
    "admin:culture_portal_calendarexception_changelist": 10,
    "admin:culture_portal_calendarexception_add": 5,
    "admin:culture_portal_calendarexception_history": 7,
    "admin:culture_portal_calendarexception_delete": 6,
    "admin:culture_portal_calendarexception_change": 6,
    "admin:culture_portal_signatory_changelist": 9,
    "admin:culture_portal_signatory_add": 5,
    "admin:culture_portal_signatory_history": 9,
    "admin:culture_portal_signatory_delete": 10,
    "admin:culture_portal_signatory_change": 10,
    "admin:culture_portal_calendarconfirmation_changelist": 8,
    "admin:culture_portal_calendarconfirmation_history": 8,
    "admin:culture_portal_calendarconfirmation_delete": 7,
    "admin:culture_portal_calendarconfirmation_change": 7,
    "admin:culture_portal_portalidentity_changelist": 5,
    "admin:culture_portal_portalidentity_history": 7,
    "admin:culture_portal_portalidentity_change": 7,
    "admin:auth_user_password_change": 6,
    "admin:auth_user_changelist": 9,
    "admin:auth_user_add": 5,
    "admin:auth_user_history": 7,
    "admin:auth_user_change": 9,
    "admin:regulations_issuer_changelist": 8,
    "admin:regulations_issuer_add": 5,
    "admin:regulations_issuer_history": 7,
    "admin:regulations_issuer_change": 6,
    "admin:regulations_legaldocument_changelist": 11,
    "admin:regulations_legaldocument_add": 5,
    "admin:regulations_legaldocument_history": 8,
    "admin:regulations_legaldocument_change": 8,
    "admin:regulations_normgroup_changelist": 8,
    "admin:regulations_normgroup_add": 5,
    "admin:regulations_normgroup_history": 7,
    "admin:regulations_normgroup_change": 6,
    "admin:regulations_norm_changelist": 9,
    "admin:regulations_norm_add": 6,
    "admin:regulations_norm_history": 8,
    "admin:regulations_norm_change": 12,
    "admin:regulations_training_changelist": 10,
    "admin:regulations_training_add": 6,
    "admin:regulations_training_history": 7,
    "admin:regulations_training_change": 8,
    "admin:feedback_deskrating_changelist": 8,
    "admin:feedback_deskrating_history": 8,
    "admin:feedback_deskrating_change": 7,
    "admin:leadership_target_changelist": 8,
    "admin:leadership_target_add": 5,
    "admin:leadership_target_history": 7,
    "admin:leadership_target_delete": 6,
    "admin:leadership_target_change": 6,
    "admin:axes_accessattempt_changelist": 11,
    "admin:axes_accessattempt_history": 7,
    "admin:axes_accessattempt_delete": 7,
    "admin:axes_accessattempt_change": 7,
    "admin:axes_accesslog_changelist": 11,
    "admin:axes_accesslog_history": 7,
    "admin:axes_accesslog_change": 6,
    "admin:axes_accessfailurelog_changelist": 11,
    "admin:axes_accessfailurelog_history": 7,
    "admin:axes_accessfailurelog_change": 6,
    "admin:app_list": 6,
}

# Pages that still grow with the data: (reason) -> xfail(strict), so fixing one makes its test fail until the
# mark is removed.
GROWING: dict[str, str] = {
    "admin:culture_portal_unit_delete": "Django's delete confirmation lists each protected row by str(): a "
    "finding's __str__ reads its norm, one query per finding of the unit",
}


@dataclass
class Count:
    status: int
    small: list[str]  # the SQL of the counted GET in the small world
    large: list[str]  # and after the world grew


def _seed(w) -> None:
    """What the matrix's world lacks for the roles asked here, so that no list is empty at the small size."""
    notify(
        recipients=[w.users[matrix.LEADERSHIP]], text="Báo cáo kỳ", url="/", subject_type=CASE_SUBJECT,
        subject_key=w.case.public_id,
    )  # fmt: skip


# --- the second size ------------------------------------------------------------------------------------------


def _grow(w) -> None:
    """About MORE more rows of every kind a page lists, most of them where the pages of the small world look."""
    city, office_a = Unit.objects.get(code="CITY"), Unit.objects.get(code="OFFICE-A")
    inspector, officer = w.users[matrix.INSPECTOR], w.users[matrix.FEEDBACK_OFFICER]
    leader, administrator = w.users[matrix.LEADERSHIP], w.users[matrix.ADMINISTRATOR]
    norm, citizen_norm = Norm.objects.get(code="GG-01"), Norm.objects.get(code="GT-01")
    measure = DisciplinaryMeasure.objects.get(code="kiem-diem")
    wards = [UnitFactory(parent=city, kind=Unit.Kind.WARD) for _ in range(MORE)]
    desks = [UnitFactory(parent=office_a, kind=Unit.Kind.RECEPTION_DESK) for _ in range(MORE)]
    ward_b_officials = [OfficialFactory(unit=w.ward_b) for _ in range(MORE)]
    for index, ward in enumerate(wards):
        _user_with_roles([Role.STAFF], ward, f"staff-{index}")  # an official with an account in each new ward
    for desk in desks:
        DeskRating.objects.create(unit=desk, score=DeskRating.Score.SATISFIED)
        DeskRating.objects.create(unit=w.desk_a, score=DeskRating.Score.NOT_SATISFIED)

    # The approved inspection: more units, findings, attendance, requirements and their actions (written directly:
    # the services refuse to change an approved inspection), evidence on its finding and its action.
    w.done.units.add(*wards)
    requirements = Requirement.objects.bulk_create(
        Requirement(conclusion=w.done.conclusion, unit=ward, text=f"Chấn chỉnh lề lối {index}.", working_days=5,
                    deadline=datetime.date(2026, 12, 31), counted_from=datetime.date(2026, 12, 1))
        for index, ward in enumerate(wards)
    )  # fmt: skip
    for requirement, ward in zip(requirements, wards, strict=True):
        CorrectiveAction.objects.create(
            requirement=requirement, inspection=w.done, unit=ward, deadline=requirement.deadline
        )
        official = OfficialFactory(unit=ward)
        Finding.objects.create(inspection=w.done, unit=ward, official=official, norm=norm, observed="Đến muộn",
                               severity="minor", created_by=inspector)  # fmt: skip
        AttendanceRecord.objects.create(inspection=w.done, unit=ward, official=official, status="present")
    for official in ward_b_officials:
        AttendanceRecord.objects.create(inspection=w.done, unit=w.ward_b, official=official, status="late",
                                        late_minutes=10)  # fmt: skip
    for index in range(MORE):
        evidence = Evidence(finding=w.finding, content_type="image/jpeg", size=10)
        evidence.file.save(f"bang-chung-{index}.jpg", ContentFile(jpeg_bytes()), save=True)
        action_evidence = ActionEvidence(action=w.action, content_type="image/jpeg", size=10)
        action_evidence.file.save(f"minh-chung-{index}.jpg", ContentFile(jpeg_bytes()), save=True)

    # The inspection in progress: findings about more officials of WARD-B, their attendance, evidence.
    for official in ward_b_officials:
        finding = inspection_services.finding_record(
            inspection=w.ongoing, unit=w.ward_b, official=official, norm=norm, observed="Không đeo thẻ",
            severity="minor", user=inspector,
        )  # fmt: skip
        evidence = Evidence(finding=finding, content_type="image/jpeg", size=10)
        evidence.file.save("the.jpg", ContentFile(jpeg_bytes()), save=True)
        inspection_services.attendance_record(
            inspection=w.ongoing, unit=w.ward_b, official=official, status="present", user=inspector
        )

    # More inspections in the plan, each with a finding about the WARD-B official (and the leader's own official,
    # for "my findings"), half of them approved (their notices stay pending: nothing commits here).
    leader_official = leader.official
    for index, ward in enumerate(wards):
        inspection = make_inspection(inspector, [w.ward_b, ward, city], title=f"Kiểm tra số {index}")
        inspection.plan = w.plan
        inspection.save(update_fields=["plan"])
        inspection_services.inspection_start(inspection=inspection, user=inspector)
        for official, unit in ((w.ward_official, w.ward_b), (leader_official, city)):
            finding = inspection_services.finding_record(
                inspection=inspection, unit=unit, official=official, norm=norm, observed=f"Vi phạm {index}",
                severity="serious", user=inspector,
            )  # fmt: skip
        DisciplinaryOutcome.objects.create(
            finding=finding, official=leader_official, measure=measure, decision_reference=f"{index}/QĐ",
            decision_date=datetime.date(2026, 11, 20), recorded_by=leader,
        )  # fmt: skip
        if index % 2:
            inspection_services.findings_submit(inspection=inspection, user=inspector)
            inspection_services.conclusion_draft(
                inspection=inspection, user=inspector, overall="Đạt.", good_points="",
                requirements=[(w.ward_b, "Chấn chỉnh.", 5), (ward, "Chấn chỉnh.", 5)],
            )  # fmt: skip
            inspection_services.conclusion_approve(inspection=inspection, user=leader)
    for index in range(MORE):
        InspectionPlan.objects.create(year=2027 + index, title=f"Kế hoạch {index}", created_by=leader)

    # Feedback: more cases (answered and published, some from the box), more on the case of the small world.
    for index in range(MORE):
        case, _pin = submitted(wards[index] if index % 2 else w.ward_b, citizen_norm,
                               **({"channel": "box", "box_opening": w.box} if index % 3 == 0 else {}))  # fmt: skip
        feedback_services.case_accept(case=case, user=officer, track="feedback")
        feedback_services.case_assign(case=case, user=officer, handling_unit=w.ward_b, assignee=officer)
        feedback_services.case_answer(
            case=case, user=officer, answer="Đã xử lý.", publish=True, upheld="upheld", public_summary="Đã xử lý.",
        )  # fmt: skip
        CaseEvent.objects.create(case=w.case, actor=officer, action="note", public_text=f"Bước {index}",
                                 note=f"Ghi chú {index}")  # fmt: skip
        Extension.objects.create(case=w.case, by=officer, reason="Phức tạp", due_before=datetime.date(2026, 12, 1),
                                 due_after=datetime.date(2026, 12, 10))  # fmt: skip
        attachment = Attachment(case=w.case, content_type="image/jpeg", size=10)
        attachment.file.save(f"anh-{index}.jpg", ContentFile(jpeg_bytes()), save=True)
        notify(
            recipients=[officer, leader, inspector, administrator], text=f"Phản ánh {case.tracking_code}",
            url="/", subject_type=CASE_SUBJECT, subject_key=case.public_id,
        )  # fmt: skip

    # Regulations: more documents related to the one of the small world, another version, campaigns, trainings.
    for index in range(MORE):
        other = make_document(reference=f"{100 + index}/QĐ-UBND", text="", title=f"Văn bản số {index}")
        DocumentRelation.objects.create(source=other, target=w.document, kind=DocumentRelation.Kind.IMPLEMENTS)
        Campaign.objects.create(title=f"Quán triệt {index}", document=w.document, version=w.version,
                                due_date=datetime.date(2027, 1, 1))  # fmt: skip
        training = Training.objects.create(
            title=f"Tập huấn {index}", start_date=datetime.date(2026, 4, index + 1),
            end_date=datetime.date(2026, 4, index + 1), organiser="Sở Nội vụ",
        )  # fmt: skip
        training.participants.add(*ward_b_officials)
        Norm.objects.create(code=f"XT-{index:02d}", group=norm.group, title=f"Chuẩn mực {index}",
                            default_severity="minor")  # fmt: skip
    for official in ward_b_officials:
        CampaignAssignment.objects.create(campaign=w.campaign, official=official)
        Acknowledgement.objects.create(official=official, version=w.version)

    # The back office and the rest: reports, reorganisation drafts, holidays, sign-in attempts.
    for index, ward in enumerate(wards):
        Report.objects.create(period_start=datetime.date(2020 + index, 1, 1), period_end=datetime.date(2020 + index, 12, 31),
                              period_kind="year", created_by=leader)  # fmt: skip
        reorganisation_save(
            reorganisation=Reorganisation(kind="merge", effective_on=datetime.date(2025, 7, 1), legal_basis=f"{index}/NQ"),
            predecessors=[ward], successors=[w.ward_b], main_successor=None, user=administrator,
        )  # fmt: skip
        CalendarException.objects.create(date=datetime.date(2026, 10, index + 1), kind="day_off", name=f"Nghỉ {index}")
        AccessAttempt.objects.create(username=f"user{index}", ip_address="203.0.113.8", user_agent="pytest",
                                     path_info="/accounts/login/", get_data="", post_data="", failures_since_start=1)  # fmt: skip


# --- counting -------------------------------------------------------------------------------------------------


def _client(w, key: str) -> Client:
    client = Client()
    role = role_for(key)
    if role != matrix.ANONYMOUS:
        client.force_login(w.users[role])
    if key in ("feedback:receipt", "feedback:track_case"):  # as after the citizen sent the form or gave the PIN
        session = client.session
        session[RECEIPT_SESSION_KEY] = {"code": w.case.tracking_code, "pin": codes.pin_seal("123456")}
        session[TRACKED_SESSION_KEY] = [w.case.tracking_code]
        session.save()
    return client


def _get(w, key: str) -> tuple[int, list[str]]:
    client, path, headers = _client(w, key), address(PAGES[key], w), HEADERS.get(PAGES[key].key, {})
    _close(client.get(path, **headers))  # warm: the session's first read, the portal's identity, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
        _close(response)
    return response.status_code, [query["sql"] for query in queries.captured_queries]


def _close(response) -> None:
    if getattr(response, "file_to_stream", None) is not None:
        # The file only: response.close() would fire request_finished, which closes the connection.
        response.file_to_stream.close()


@pytest.fixture(scope="session")  # not "module": a worker may run other modules' tests between these
def counts(request, django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Count]:
    """GET every page selected for this run in the small world, grow it, GET them again; all rolled back."""
    keys = [item.callspec.params["key"] for item in request.session.items if item.module.__name__ == __name__]
    small: dict[str, tuple[int, list[str]]] = {}
    large: dict[str, tuple[int, list[str]]] = {}
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), TWO_FACTOR_REQUIRED=False),
        translation.override(None),
    ):
        try:
            with transaction.atomic():
                portal_identity_forget()
                world = _build_world()
                _seed(world)
                for key in keys:
                    small[key] = _get(world, key)
                with TestCase.captureOnCommitCallbacks(execute=False):
                    _grow(world)
                for key in keys:
                    large[key] = _get(world, key)
                transaction.set_rollback(True)
        finally:
            celery_app.conf.task_always_eager = eager
            portal_identity_forget()
    return {
        key: Count(status=small[key][0] if small[key][0] != 200 else large[key][0], small=small[key][1],
                   large=large[key][1])
        for key in keys
    }  # fmt: skip


LITERAL = re.compile(r"'[^']*'|\b\d+\b")


def _most_repeated(queries: list[str], top: int = 5) -> str:
    """The statements asked most often, their literals replaced by ? (an N+1 differs only in an id)."""
    shapes = Counter(LITERAL.sub("?", sql) for sql in queries)
    return "\n".join(f"  {times} x {sql[:400]}" for sql, times in shapes.most_common(top))


def _params():
    for key in PAGES:
        marks = [pytest.mark.xfail(strict=True, reason=GROWING[key])] if key in GROWING else []
        yield pytest.param(key, id=key, marks=marks)


@pytest.mark.parametrize("key", list(_params()))
def test_query_count_does_not_grow_and_is_pinned(counts, key):
    count = counts[key]
    small, large = len(count.small), len(count.large)
    assert count.status == REDIRECTS.get(key, 200), f"{key}: HTTP {count.status} as {role_for(key)}"
    assert small == large == PINNED.get(key), (
        f"{key} (as {role_for(key)}): {small} queries with the small world, {large} after it grew, "
        f"pinned {PINNED.get(key)}.\nMost repeated after it grew:\n{_most_repeated(count.large)}"
    )
