"""Factories for the tests: each one makes its rows through the service the app itself uses, so they carry the
codes, numbers, statuses and history the app would have given them."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from culture_portal.models import DeadlineRule, IssuingBody, Official, Signatory, Unit
from culture_portal.organisation import role_grant, unit_save
from culture_portal.roles import Role
from feedback import services as feedback_services
from feedback.models import Case
from inspections import services as inspection_services
from inspections.corrective_actions import action_report, action_review
from inspections.models import CorrectiveAction, Finding, Inspection
from regulations import services as regulation_services
from regulations.demo_content import CODE_OF_CONDUCT_TEXT
from regulations.models import Issuer, LegalDocument, Norm, NormGroup, Severity
from regulations.parsing import parse_legal_text


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Phòng thử nghiệm số {n}")
    kind = Unit.Kind.OFFICE
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Units are written through the service that keeps the tree paths.
        return unit_save(unit=model_class(*args, **kwargs))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Hà"
    last_name = "Nguyễn Thị"
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-thu-nghiem-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or []:
            role_grant(user=self, role=role)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    employee_code = factory.Sequence(lambda n: f"NV{n:05d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    position = "Chuyên viên"
    category = Official.Category.CIVIL_SERVANT
    unit = factory.SubFactory(UnitFactory)


# --- regulations --------------------------------------------------------------------------------------------------


class NormGroupFactory(factory.django.DjangoModelFactory):
    """A norm group; the groups of Decision 1847/QĐ-TTg are seeded by the migrations, so a known code is reused."""

    class Meta:
        model = NormGroup
        django_get_or_create = ("code",)

    code = "communication"
    name = factory.Sequence(lambda n: f"Nhóm chuẩn mực số {n}")
    order = 0


class NormFactory(factory.django.DjangoModelFactory):
    """A norm citizens may report (it has a wording for them) unless `internal`; norms are written directly by the
    admin and the demo loader, there is no service in between."""

    class Meta:
        model = Norm

    code = factory.Sequence(lambda n: f"TN-{n:02d}")
    group = factory.SubFactory(NormGroupFactory)
    title = factory.Sequence(lambda n: f"Chuẩn mực thử nghiệm số {n}")
    citizen_title = factory.LazyAttribute(lambda norm: norm.title)
    default_severity = Severity.MINOR

    class Params:
        internal = factory.Trait(citizen_title="")
        retired = factory.Trait(is_active=False, retired_on=datetime.date(2025, 12, 31))


class IssuerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issuer
        django_get_or_create = ("name",)

    name = "UBND thành phố Hà Tĩnh"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A legal document saved by regulations.services.document_save (search text, vocabulary); `text` publishes its
    body as version 1 through version_publish. `code_of_conduct` is the city's code with the demo's text."""

    class Meta:
        model = LegalDocument

    kind = LegalDocument.Kind.DECISION
    reference = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    title = factory.Sequence(lambda n: f"Quyết định thử nghiệm số {n + 1}")
    issuer = factory.SubFactory(IssuerFactory)
    issue_date = datetime.date(2024, 6, 15)
    effective_date = datetime.date(2024, 7, 1)
    text = ""  # the body, published as the first version

    class Params:
        code_of_conduct = factory.Trait(
            kind=LegalDocument.Kind.CODE_OF_CONDUCT,
            reference="1520/QĐ-UBND",
            title="Quy tắc ứng xử của cán bộ, công chức, viên chức thành phố Hà Tĩnh",
            text=CODE_OF_CONDUCT_TEXT,
        )
        expired = factory.Trait(expiry_date=datetime.date(2025, 12, 31))

    @classmethod
    def _create(cls, model_class, *args, text, **kwargs):
        document = regulation_services.document_save(document=model_class(*args, **kwargs))
        if text:
            regulation_services.version_publish(document=document, parsed=parse_legal_text(text), note="", user=None)
        return document


# --- who signs ----------------------------------------------------------------------------------------------------


class IssuingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingBody

    unit = factory.SubFactory(UnitFactory, kind=Unit.Kind.PEOPLES_COMMITTEE)
    name = factory.LazyAttribute(lambda body: f"Ủy ban nhân dân {body.unit.name}")
    place_name = "Hà Tĩnh"
    symbol = "UBND"
    valid_from = datetime.date(2019, 1, 1)


class SignatoryFactory(factory.django.DjangoModelFactory):
    """A member of the leadership recorded as signing for an issuing body: approving a conclusion needs one (the
    notice is signed by whoever approves)."""

    class Meta:
        model = Signatory

    issuing_body_unit = factory.LazyFunction(lambda: IssuingBodyFactory().unit)
    user = factory.SubFactory(UserFactory, roles=[Role.STAFF, Role.LEADERSHIP])
    full_name = "Võ Hồng Hải"
    capacity = "KT. CHỦ TỊCH"
    title = "PHÓ CHỦ TỊCH"
    valid_from = datetime.date(2019, 1, 1)


# --- inspections --------------------------------------------------------------------------------------------------

INSPECTION_STAGES = ("started", "submitted", "concluded", "approved")


class InspectionFactory(factory.django.DjangoModelFactory):
    """An inspection created by inspections.services.inspection_create, then taken by the services as far as a trait
    says: `started` (field work: the checklist is built), `submitted` (findings submitted), `concluded` (the leader
    drafted the conclusion with `requirements`), `approved` (leadership approved it on `approved_on`: deadlines,
    corrective actions and the notice). `findings` records that many findings before the submission.

    The window opens in an hour; `surprise` makes it a surprise inspection, `with_team` adds a member.
    """

    class Meta:
        model = Inspection

    kind = Inspection.Kind.PERIODIC
    title = factory.Sequence(lambda n: f"Kiểm tra định kỳ số {n + 1}")
    basis_reference = "15/QĐ-UBND"
    basis_date = datetime.date(2026, 11, 20)
    window_start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))
    window_end = factory.LazyAttribute(lambda inspection: inspection.window_start + datetime.timedelta(hours=3))
    leader = factory.SubFactory(UserFactory, roles=[Role.STAFF, Role.INSPECTOR])
    created_by = factory.SelfAttribute("leader")
    members = ()
    units = factory.LazyFunction(lambda: [UnitFactory()])
    norm_groups = factory.LazyFunction(lambda: NormGroup.objects.filter(code__in=["working_hours", "dress"]))
    plan = None
    # How far the services take it (set by the traits), and what the steps on the way need.
    stage = None
    findings = 0
    requirements = factory.LazyAttribute(lambda inspection: [(inspection.units[0], "Chấn chỉnh giờ giấc.", 5)])
    approver = None  # a signing member of the leadership, made when needed
    approved_on = None  # today

    class Params:
        surprise = factory.Trait(kind=Inspection.Kind.SURPRISE, title="Kiểm tra đột xuất")
        with_team = factory.Trait(
            members=factory.LazyFunction(lambda: [UserFactory(roles=[Role.STAFF, Role.INSPECTOR])])
        )
        started = factory.Trait(stage="started")
        submitted = factory.Trait(stage="submitted")
        concluded = factory.Trait(stage="concluded")
        approved = factory.Trait(stage="approved")

    @classmethod
    def _create(cls, model_class, *, created_by, stage, findings, requirements, approver, approved_on, **fields):
        inspection = inspection_services.inspection_create(user=created_by, **fields)
        reached = INSPECTION_STAGES[: INSPECTION_STAGES.index(stage) + 1] if stage else ()
        leader = inspection.leader
        if "started" in reached:
            inspection_services.inspection_start(inspection=inspection, user=leader)
            FindingFactory.create_batch(findings, inspection=inspection)
        if "submitted" in reached:
            inspection_services.findings_submit(inspection=inspection, user=leader)
        if "concluded" in reached:
            inspection_services.conclusion_draft(
                inspection=inspection, user=leader, overall="Cơ bản chấp hành tốt.", good_points="",
                requirements=requirements,
            )  # fmt: skip
        if "approved" in reached:
            approver = approver or SignatoryFactory().user
            inspection_services.conclusion_approve(inspection=inspection, user=approver, on=approved_on)
        inspection.refresh_from_db()
        return inspection


class FindingFactory(factory.django.DjangoModelFactory):
    """A finding recorded by the team leader through inspections.services.finding_record, at the first unit of an
    inspection in the field; `commendation` for good practice, `serious` for a serious breach."""

    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory, started=True)
    unit = factory.LazyAttribute(lambda finding: finding.inspection.units.first())
    norm = factory.SubFactory(NormFactory, internal=True)
    observed = "Đến cơ quan lúc 7 giờ 55"
    severity = Severity.MINOR
    official = None
    measure = None
    is_commendation = False
    created_by = factory.SelfAttribute("inspection.leader")

    class Params:
        commendation = factory.Trait(is_commendation=True, observed="Hướng dẫn người dân tận tình, chu đáo")
        serious = factory.Trait(severity=Severity.SERIOUS)

    @classmethod
    def _create(cls, model_class, *, created_by, **fields):
        return inspection_services.finding_record(user=created_by, **fields)


def _unit_head_of(unit):
    user = UserFactory(roles=[Role.STAFF, Role.UNIT_HEAD])
    OfficialFactory(user=user, unit=unit)
    return user


class CorrectiveActionFactory(factory.django.DjangoModelFactory):
    """A corrective action as the app makes one: the requirement of a conclusion leadership approved (the deadline
    counted in working days from `approved_on`), owned by `unit`. Then, if a trait says so, the unit's
    head reports it (`reported`) and the team leader accepts it (`accepted`) or reopens it (`reopened`).
    `overdue` approves it two months ago and leaves it open."""

    class Meta:
        model = CorrectiveAction

    unit = factory.SubFactory(UnitFactory)
    inspection = factory.SubFactory(
        InspectionFactory,
        approved=True,
        units=factory.LazyAttribute(lambda inspection: [inspection.factory_parent.unit]),
        requirements=factory.LazyAttribute(
            lambda inspection: [(inspection.factory_parent.unit, "Chấn chỉnh giờ giấc.", 5)]
        ),
        approved_on=factory.SelfAttribute("..approved_on"),
    )
    stage = None
    reported_by = None  # a head of the unit, made when needed
    reviewed_by = None  # the team leader

    class Params:
        approved_on = None  # today
        reported = factory.Trait(stage="reported")
        accepted = factory.Trait(stage="accepted")
        reopened = factory.Trait(stage="reopened")
        overdue = factory.Trait(
            approved_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
        )

    @classmethod
    def _create(cls, model_class, *, unit, inspection, stage, reported_by, reviewed_by):
        action = inspection.actions.get(unit=unit)
        if stage:
            action = action_report(action=action, user=reported_by or _unit_head_of(unit), text="Đã chấn chỉnh.")
        if stage in ("accepted", "reopened"):
            accept = stage == "accepted"
            action = action_review(
                action=action, user=reviewed_by or inspection.leader, accept=accept,
                comment="" if accept else "Chưa có biên bản kiểm điểm.",
            )  # fmt: skip
        return action


# --- feedback -----------------------------------------------------------------------------------------------------


class CaseFactory(factory.django.DjangoModelFactory):
    """A case submitted through feedback.services.case_submit (tracking code, PIN, complainant, deadline, receipt),
    with the PIN kept on `case.pin`; then, if a trait says so, accepted on `track` by an officer (`accepted`), sent
    to its unit for verification by `assignee` (`assigned`), or answered (`answered`). `anonymous` leaves no contact details; `overdue` was received two months ago and is still
    waiting for triage."""

    class Meta:
        model = Case

    channel = Case.Channel.WEB
    nature = Case.Nature.CRITICISM
    description = "Cán bộ nói trống không với người dân."
    unit = factory.SubFactory(UnitFactory)
    norm = factory.SubFactory(NormFactory)
    received_at = None  # now
    full_name = "Nguyễn Văn An"
    phone = "0912 345 678"
    email = "an.nguyen@example.com"
    consent = True
    stage = None
    track = DeadlineRule.Track.FEEDBACK
    officer = None  # a feedback officer, made when needed
    assignee = None  # the officer
    upheld = Case.Upheld.UPHELD

    class Params:
        anonymous = factory.Trait(full_name="", phone="", email="", consent=False)
        praise = factory.Trait(nature=Case.Nature.PRAISE, norm=None)
        accepted = factory.Trait(stage="accepted")
        assigned = factory.Trait(stage="assigned")
        answered = factory.Trait(stage="answered")
        overdue = factory.Trait(received_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60)))

    @classmethod
    def _create(cls, model_class, *, stage, track, officer, assignee, upheld, **fields):
        case, pin = feedback_services.case_submit(**fields)
        if stage:
            officer = officer or UserFactory(roles=[Role.STAFF, Role.FEEDBACK_OFFICER])
            case = feedback_services.case_accept(case=case, user=officer, track=track)
        if stage == "assigned":
            # A denunciation goes to the unit that manages the one it accuses, with its redacted dossier.
            denounced = track == DeadlineRule.Track.DENUNCIATION
            case = feedback_services.case_assign(
                case=case, user=officer, handling_unit=(case.unit.parent or case.unit) if denounced else case.unit,
                assignee=assignee or officer, dossier_text="Nội dung tố cáo (đã lược bỏ thông tin người tố cáo)."
                if denounced else None,
            )  # fmt: skip
        if stage == "answered":
            case = feedback_services.case_answer(
                case=case, user=officer, answer="Đơn vị đã kiểm điểm cán bộ và xin lỗi ông/bà.",
                upheld=upheld if case.nature == Case.Nature.CRITICISM else "",
            )  # fmt: skip
        case.pin = pin
        return case
