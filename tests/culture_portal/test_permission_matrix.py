"""The permission matrix: every URL pattern, GET anonymously and as each role, against tests/permission_matrix.

The patterns are read from Django's resolver, not listed here, so a new view is checked (or fails for want of a
row) the day it is added. Addresses are built from real objects of a small world that is made once for the
module (in a transaction rolled back at the end); each (URL, audience) pair is one test, named after both.
"""

import datetime
import re
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from captcha.models import CaptchaStore
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from culture_portal import celery_app
from culture_portal.leadership.models import Report, Target
from culture_portal.models import (
    CalendarConfirmation,
    CalendarException,
    DisciplinaryMeasure,
    PortalIdentity,
    Reorganisation,
    Signatory,
    Unit,
)
from culture_portal.notifications import notify
from culture_portal.reorganisation import reorganisation_save
from culture_portal.roles import Role
from culture_portal.uploads import clean_photo_or_pdf
from feedback import services as feedback_services
from feedback.models import BoxOpening, DeskRating
from feedback.notification_subjects import CASE as CASE_SUBJECT
from inspections import services as inspection_services
from inspections.models import CorrectiveAction, DisciplinaryOutcome, InspectionPlan, Notice
from regulations import services as regulation_services
from regulations.demo import _norms
from regulations.demo_content import CODE_OF_CONDUCT_TEXT
from regulations.models import Campaign, Norm, Rereading, Training
from regulations.parsing import parse_legal_text
from tests import permission_matrix as matrix
from tests.conftest import _user_with_roles, build_tree
from tests.factories import OfficialFactory, UnitFactory
from tests.feedback.conftest import jpeg_bytes, submitted
from tests.inspections.test_pages import make_inspection
from tests.regulations.conftest import make_document

# --- every URL pattern --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced name, or the full route of an unnamed pattern
    name: str | None
    route: str  # as ResolverMatch.route spells it


def _join(route: str, piece: str) -> str:
    return route + piece.removeprefix("^") if route else piece  # as URLResolver joins routes


def url_patterns(patterns=None, route: str = "", namespace: str = ""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        full = _join(route, str(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from url_patterns(entry.url_patterns, full, inner)
        else:
            name = ":".join(part for part in (namespace, entry.name) if part) if entry.name else None
            yield Pattern(key=name or full, name=name, route=full)


PATTERNS = list(url_patterns())
KEYS = [pattern.key for pattern in PATTERNS]


def test_url_keys_are_unique():
    assert len(KEYS) == len(set(KEYS)), sorted({key for key in KEYS if KEYS.count(key) > 1})


def test_every_url_pattern_is_in_the_table():
    missing = [key for key in KEYS if matrix.expected(key) is None]
    assert not missing, f"add these URL patterns to tests/permission_matrix.py: {missing}"


def test_the_table_names_only_existing_url_patterns():
    stale = sorted(set(matrix.MATRIX) - set(KEYS))
    assert not stale, f"these rows of tests/permission_matrix.py name no URL pattern any more: {stale}"
    admin_models = {
        key.removeprefix("admin:").removesuffix("_changelist") for key in KEYS if key.endswith("_changelist")
    }
    assert sorted(set(matrix.ADMIN_MODEL_RIGHTS) - admin_models) == [], "ADMIN_MODEL_RIGHTS names unregistered models"
    assert set(matrix.KNOWN_BUGS) <= {(key, audience) for key in KEYS for audience in matrix.AUDIENCES}


def test_every_row_gives_a_known_outcome_to_every_audience():
    for key in KEYS:
        outcomes = matrix.expected(key) or {}
        assert set(outcomes) == set(matrix.AUDIENCES), key
        assert set(outcomes.values()) <= set(matrix.OUTCOMES), key


# --- the world the addresses point into -----------------------------------------------------------------------


def _build_world():
    """The units and role users of tests/conftest.py (same codes, usernames and links), and one object of each
    kind an address needs. Everything a unit head could be scoped out of belongs to WARD-B."""
    tree = build_tree()
    city, office_a, desk_a, ward_b = tree["city"], tree["office_a"], tree["desk_a"], tree["ward_b"]
    PortalIdentity.objects.get_or_create(pk=1)  # written by the migration; gone if a transactional test flushed it
    users = {
        matrix.STAFF: _user_with_roles([Role.STAFF], office_a, "staff"),
        matrix.INSPECTOR: _user_with_roles([Role.STAFF, Role.INSPECTOR], office_a, "inspector"),
        matrix.FEEDBACK_OFFICER: _user_with_roles([Role.STAFF, Role.FEEDBACK_OFFICER], city, "officer"),
        matrix.UNIT_HEAD: _user_with_roles([Role.STAFF, Role.UNIT_HEAD], office_a, "unithead"),
        matrix.LEADERSHIP: _user_with_roles([Role.STAFF, Role.LEADERSHIP], city, "leader"),
        matrix.ADMINISTRATOR: _user_with_roles([Role.STAFF, Role.ADMINISTRATOR], city, "admin"),
    }
    inspector, officer, leader = users[matrix.INSPECTOR], users[matrix.FEEDBACK_OFFICER], users[matrix.LEADERSHIP]
    Signatory.objects.create(
        issuing_body_unit=city, user=leader, full_name="Võ Hồng Hải", capacity="KT. CHỦ TỊCH",
        title="PHÓ CHỦ TỊCH", valid_from=datetime.date(2019, 1, 1),
    )  # fmt: skip
    ward_official = OfficialFactory(unit=ward_b, full_name="Lê Văn Muộn")

    # Regulations: a document with two versions (so there is something to compare), a campaign for WARD-B.
    document = make_document()
    _norms(document)
    version = regulation_services.version_publish(
        document=document, parsed=parse_legal_text(CODE_OF_CONDUCT_TEXT), note="Bản hợp nhất", user=None
    )
    campaign = regulation_services.campaign_launch(
        campaign=Campaign(title="Quán triệt", document=document, version=version, due_date=datetime.date(2020, 1, 1)),
        units=[], roles=[], officials=[ward_official],
    )  # fmt: skip
    Training.objects.create(
        title="Tập huấn văn hóa công vụ", start_date=datetime.date(2026, 3, 2), end_date=datetime.date(2026, 3, 3),
        organiser="Sở Nội vụ", head_count=40,
    )  # fmt: skip
    CalendarException.objects.create(date=datetime.date(2026, 9, 1), kind="day_off", name="Quốc khánh")
    CalendarConfirmation.objects.create(
        year=2026, confirmed_by=users[matrix.ADMINISTRATOR], confirmed_at=timezone.now()
    )
    Target.objects.create(measure=Target.Measure.SATISFACTION, value=90, valid_from=datetime.date(2026, 1, 1))

    # Inspections: an approved one of WARD-B (finding, conclusion, notice, corrective action, outcome) led by the
    # inspector fixture, an ongoing one (the field checklist is for the team of an unfrozen inspection), a plan.
    done = make_inspection(inspector, [ward_b], title="Kiểm tra đột xuất phường Bắc Hà")
    inspection_services.inspection_start(inspection=done, user=inspector)
    finding = inspection_services.finding_record(
        inspection=done, unit=ward_b, official=ward_official, norm=Norm.objects.get(code="GG-01"),
        observed="Đến muộn 25 phút", severity="serious", user=inspector,
    )  # fmt: skip
    inspection_services.findings_submit(inspection=done, user=inspector)
    inspection_services.conclusion_draft(
        inspection=done, user=inspector, overall="Cơ bản chấp hành tốt.", good_points="",
        requirements=[(ward_b, "Chấn chỉnh giờ giấc.", 5)],
    )  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):  # the notice is produced after the commit
        inspection_services.conclusion_approve(inspection=done, user=leader)
    notice = Notice.objects.get(inspection=done)
    assert notice.status == Notice.Status.DONE, notice.error
    DisciplinaryOutcome.objects.create(
        finding=finding, official=ward_official, measure=DisciplinaryMeasure.objects.get(code="kiem-diem"),
        decision_reference="25/QĐ-UBND", decision_date=datetime.date(2026, 11, 20), recorded_by=leader,
    )  # fmt: skip
    ongoing = make_inspection(inspector, [ward_b], title="Kiểm tra đột xuất lần hai")
    inspection_services.inspection_start(inspection=ongoing, user=inspector)
    plan = InspectionPlan.objects.create(year=2026, title="Kế hoạch kiểm tra công vụ năm 2026", created_by=leader)

    # Feedback: a case about WARD-B with a photo, answered and published; a box opening; a desk rating.
    photo = clean_photo_or_pdf(
        SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg"), settings.FEEDBACK_ATTACHMENT_MAX_BYTES
    )
    case, _pin = submitted(ward_b, Norm.objects.get(code="GT-01"), attachments=[photo])
    feedback_services.case_accept(case=case, user=officer, track="feedback")
    feedback_services.case_assign(case=case, user=officer, handling_unit=ward_b, assignee=officer)
    feedback_services.case_answer(
        case=case, user=officer, answer="Đơn vị đã kiểm điểm cán bộ.", publish=True, upheld="upheld",
        public_summary="Người dân phản ánh thái độ cán bộ; phường đã kiểm điểm.",
    )  # fmt: skip
    # Notifications (part A): one of the feedback officer's, about the case (theirs to open, nobody else's).
    (notification,) = notify(
        recipients=[officer], text=f"Phản ánh {case.tracking_code}", url=reverse("feedback:case", args=[case.public_id]),
        subject_type=CASE_SUBJECT, subject_key=case.public_id,
    )  # fmt: skip
    box = BoxOpening.objects.create(
        location=ward_b, opened_on=timezone.localdate(), opened_by="Nguyễn Thị Mai", witnesses="Trần Văn Nam",
        letter_count=1, created_by=officer,
    )  # fmt: skip
    DeskRating.objects.create(unit=desk_a, score=DeskRating.Score.SATISFIED)
    # Sign-in throttling (django-axes): a failed attempt, its failure log, a successful sign-in.
    attempt = {
        "username": "somebody",
        "ip_address": "203.0.113.7",
        "user_agent": "pytest",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**attempt, locked_out=False)
    AccessLog.objects.create(**attempt)

    # Periodic report (part D): a draft with its files (written directly: producing them is tested elsewhere).
    report = Report.objects.create(
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31), period_kind="year",
        created_by=leader,
    )  # fmt: skip
    report.pdf.save("du-thao.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)

    # Reorganisations (issue 15 §1): a draft merging WARD-B into a new ward, not applied (its preview is the page).
    ward_c = UnitFactory(code="WARD-C", name="Phường Thành Sen", kind=Unit.Kind.WARD, parent=city)
    reorganisation = reorganisation_save(
        reorganisation=Reorganisation(kind="merge", effective_on=datetime.date(2025, 7, 1), legal_basis="1665/NQ"),
        predecessors=[ward_b], successors=[ward_c], main_successor=None, user=users[matrix.ADMINISTRATOR],
    )  # fmt: skip

    # A provision to re-read after repeated breaches (issue 18 §3): the staff member's own.
    rereading = Rereading.objects.create(
        official=users[matrix.STAFF].official, norm=Norm.objects.get(code="GT-01"), document=document,
        anchor=version.provisions.order_by("position").values_list("anchor", flat=True).first(),
        reason="Vi phạm lặp lại", due_on=datetime.date(2026, 12, 31),
    )  # fmt: skip

    return SimpleNamespace(
        rereading=rereading,
        users=users, desk_a=desk_a, ward_b=ward_b, ward_official=ward_official, document=document, version=version,
        anchor=version.provisions.order_by("position").values_list("anchor", flat=True).first(), campaign=campaign,
        done=done, finding=finding, action=CorrectiveAction.objects.get(inspection=done), ongoing=ongoing, plan=plan,
        case=case, attachment=case.attachments.get(), box=box, captcha_key=CaptchaStore.generate_key(),
        report=report,
        notification=notification,
        reorganisation=reorganisation,
    )  # fmt: skip


@pytest.fixture
def world(db, settings, tmp_path):
    """The objects every address needs, built for each test (one per audience) and rolled back after it.

    (A world shared by the whole module does not survive on PostgreSQL: Django closes the connection after
    each test, and the module's transaction with it.)
    """
    settings.MEDIA_ROOT = tmp_path
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # the notice is rendered in process, as in tests/conftest.py
    try:
        return _build_world()
    finally:
        celery_app.conf.task_always_eager = eager


# --- one real address per pattern ----------------------------------------------------------------------------

ARGS = {
    "organisation:unit": lambda w: {"code": w.ward_b.code},
    "organisation:official": lambda w: {"code": w.ward_official.employee_code},
    "organisation:reorganisation": lambda w: {"pk": w.reorganisation.pk},
    "organisation:reorganisation_apply": lambda w: {"pk": w.reorganisation.pk},
    "regulations:document": lambda w: {"pk": w.document.pk},
    "regulations:import": lambda w: {"pk": w.document.pk},
    "regulations:relate": lambda w: {"pk": w.document.pk},
    "regulations:compare": lambda w: {"pk": w.document.pk},
    "regulations:campaign_create": lambda w: {"pk": w.document.pk},
    "regulations:provision": lambda w: {"pk": w.document.pk, "anchor": w.anchor},
    "regulations:provision_record": lambda w: {"pk": w.document.pk, "anchor": w.anchor},
    "regulations:rereading": lambda w: {"public_id": w.rereading.public_id},
    "regulations:rereading_confirm": lambda w: {"public_id": w.rereading.public_id},
    "regulations:norm": lambda w: {"code": "GT-01"},
    "regulations:version": lambda w: {"pk": w.document.pk, "number": w.version.number},
    "regulations:print": lambda w: {"pk": w.document.pk, "number": w.version.number},
    "regulations:pdf": lambda w: {"pk": w.document.pk, "number": w.version.number},
    "regulations:confirm": lambda w: {"pk": w.document.pk, "number": w.version.number},
    "regulations:campaign": lambda w: {"pk": w.campaign.pk},
    "regulations:campaign_export": lambda w: {"pk": w.campaign.pk},
    "inspections:action": lambda w: {"public_id": w.action.public_id},
    "inspections:action_report": lambda w: {"public_id": w.action.public_id},
    "inspections:action_review": lambda w: {"public_id": w.action.public_id},
    "inspections:plan": lambda w: {"public_id": w.plan.public_id},
    "inspections:plan_approve": lambda w: {"public_id": w.plan.public_id},
    "inspections:plan_export": lambda w: {"public_id": w.plan.public_id},
    "inspections:detail": lambda w: {"public_id": w.done.public_id},
    "inspections:from_case": lambda w: {"case_id": w.case.public_id},
    "inspections:unit_history": lambda w: {"code": w.ward_b.code},
    "inspections:official_history": lambda w: {"employee_code": w.ward_official.employee_code},
    "inspections:conclusion": lambda w: {"public_id": w.done.public_id},
    "inspections:notice": lambda w: {"public_id": w.done.public_id},
    "inspections:notice_retry": lambda w: {"public_id": w.done.public_id},
    "inspections:notice_download": lambda w: {"public_id": w.done.public_id, "fmt": "pdf"},
    "inspections:amend": lambda w: {"public_id": w.done.public_id, "finding_id": w.finding.public_id},
    "inspections:decide": lambda w: {"public_id": w.done.public_id, "decision": "approve"},
    "inspections:step": lambda w: {"public_id": w.ongoing.public_id, "step": "submit"},
    "inspections:field": lambda w: {"public_id": w.ongoing.public_id, "code": w.ward_b.code},
    "inspections:field_item": lambda w: {"public_id": w.ongoing.public_id, "code": w.ward_b.code, "item_id": 1},
    "inspections:field_attendance": lambda w: {
        "public_id": w.ongoing.public_id,
        "code": w.ward_b.code,
        "official_id": 1,
    },
    "inspections:field_finding": lambda w: {"public_id": w.ongoing.public_id, "code": w.ward_b.code},
    "notifications:open": lambda w: {"pk": w.notification.pk},
    "notifications:read": lambda w: {"pk": w.notification.pk},
    "leadership:report": lambda w: {"public_id": w.report.public_id},
    "leadership:report_produce": lambda w: {"public_id": w.report.public_id},
    "leadership:report_issue": lambda w: {"public_id": w.report.public_id},
    "leadership:report_progress": lambda w: {"public_id": w.report.public_id},
    "leadership:report_download": lambda w: {"public_id": w.report.public_id, "fmt": "pdf"},
    "feedback:track_case": lambda w: {"code": w.case.tracking_code},
    "feedback:desk_rate": lambda w: {"code": w.desk_a.code},
    "feedback:case": lambda w: {"public_id": w.case.public_id},
    **{key: lambda w: {"public_id": w.case.public_id} for key in matrix.MATRIX if key.startswith("feedback:case_")},
    "feedback:attachment": lambda w: {"public_id": w.case.public_id, "attachment_id": w.attachment.public_id},
    "feedback:box": lambda w: {"public_id": w.box.public_id},
    "feedback:poster": lambda w: {"code": w.desk_a.code},
    "open311:request": lambda w: {"code": str(w.case.public_id)},
    "open311:not_found": lambda w: {"rest": "no-such-resource.json"},
    "captcha-image": lambda w: {"key": w.captcha_key},
    "captcha-image-2x": lambda w: {"key": w.captcha_key},
    "captcha-audio": lambda w: {"key": w.captcha_key},
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "not-a-valid-token"},
    "admin:view_on_site": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(Unit).pk,
        "object_id": w.ward_b.pk,
    },  # fmt: skip
    "admin:app_list": lambda w: {"app_label": "culture_portal"},
    "admin:auth_user_password_change": lambda w: {"id": w.users[matrix.STAFF].pk},
    "admin/(?P<url>.*)$": lambda w: {"url": "no-such-page/"},
}
# Asked the way the pages that use them ask.
QUERY = {"admin:autocomplete": "?app_label=culture_portal&model_name=official&field_name=unit"}
HEADERS = {"captcha-refresh": {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}}

PARAMETER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")
ADMIN_MODEL_ROUTE = re.compile(r"admin/(?P<app_label>\w+)/(?P<model_name>\w+)/")


def _parameters(route: str) -> set[str]:
    return {match["name"] or match["group"] for match in PARAMETER.finditer(route)}


def _admin_object_id(route: str) -> dict:
    """An object of the model an admin page is about (its app and model are in the route)."""
    match = ADMIN_MODEL_ROUTE.match(route)
    models = {(model._meta.app_label, model._meta.model_name): model for model in admin.site._registry}
    model = models[match["app_label"], match["model_name"]] if match else None
    instance = model._default_manager.order_by("pk").first() if model else None
    assert instance is not None, f"the world has no object for {route}: create one in _build_world()"
    return {"object_id": instance.pk}


def address(pattern: Pattern, world) -> str:
    if pattern.key in ARGS:
        kwargs = ARGS[pattern.key](world)
    elif not _parameters(pattern.route):
        kwargs = {}
    elif _parameters(pattern.route) == {"object_id"} and pattern.route.startswith("admin/"):
        kwargs = _admin_object_id(pattern.route)
    elif pattern.key.startswith("^media/"):
        kwargs = {"path": world.attachment.file.name}
    else:
        raise AssertionError(f"say how to build an address for {pattern.key} ({pattern.route}) in ARGS")
    if pattern.name:
        path = reverse(pattern.name, kwargs=kwargs)
    else:  # unnamed: fill the route in by hand
        path = "/" + PARAMETER.sub(lambda m: str(kwargs[m["name"] or m["group"]]), pattern.route)
        path = path.replace("^", "").replace("$", "").replace("\\", "")
    assert resolve(path).route == pattern.route, f"{path} does not reach {pattern.route}"
    return path + QUERY.get(pattern.key, "")


# --- the check --------------------------------------------------------------------------------------------------

SIGN_IN_PAGES = ("login", "admin:login")


def outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        return matrix.LOGIN if target in {reverse(name) for name in SIGN_IN_PAGES} else matrix.ALLOW
    if 200 <= status < 300:
        return matrix.ALLOW
    return {403: matrix.DENY, 404: matrix.HIDDEN, 405: matrix.METHOD}.get(status, f"HTTP {status}")


@pytest.fixture
def media_served_from_media_root(monkeypatch, settings):
    """The development media server got its folder when the URLconf was imported: point it at this test's."""
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern).startswith("^media/"):
            monkeypatch.setitem(pattern.default_args, "document_root", settings.MEDIA_ROOT)


@pytest.mark.django_db
@pytest.mark.parametrize("audience", matrix.AUDIENCES)
def test_every_url_as_each_audience(client, world, media_served_from_media_root, audience):
    """GET every URL pattern as one audience; every answer that differs from the table is listed."""
    mismatches, fixed_bugs = [], []
    if audience != matrix.ANONYMOUS:
        client.force_login(world.users[audience])
    for pattern in PATTERNS:
        expected = matrix.expected(pattern.key)
        assert expected is not None, f"{pattern.key} is missing from tests/permission_matrix.py"
        path = address(pattern, world)
        response = client.get(path, **HEADERS.get(pattern.key, {}))
        if getattr(response, "file_to_stream", None) is not None:
            # Close the file only: response.close() would fire request_finished, which closes the connection.
            response.file_to_stream.close()
        got = outcome(response)
        bug = matrix.KNOWN_BUGS.get((pattern.key, audience))
        if response.status_code >= 500 or (got != expected[audience] and not bug):
            mismatches.append(
                f"GET {path}: got {got} ({response.status_code} {response.get('Location', '')}), "
                f"the table says {expected[audience]}"
            )
        elif bug and got == expected[audience]:
            fixed_bugs.append(f"{pattern.key}: known bug fixed, remove it from KNOWN_BUGS ({bug})")
    assert not mismatches + fixed_bugs, f"{len(mismatches)} answers differ for {audience}:\n" + "\n".join(
        mismatches + fixed_bugs
    )
