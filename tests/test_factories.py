"""The factories make rows the app itself could have made: through its services, with their statuses and links."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import Case
from inspections.models import CorrectiveAction, Inspection
from regulations.models import LegalDocument
from tests.factories import (
    CaseFactory,
    CorrectiveActionFactory,
    DocumentFactory,
    FindingFactory,
    InspectionFactory,
    NormFactory,
)

pytestmark = pytest.mark.django_db


def test_an_inspection_is_created_planned_and_taken_as_far_as_a_trait_says():
    planned = InspectionFactory()
    assert planned.status == Inspection.Status.PLANNED and planned.kind == Inspection.Kind.PERIODIC
    assert planned.events.get().action == "created" and planned.units.count() == 1
    surprise = InspectionFactory(surprise=True, with_team=True, started=True)
    assert surprise.kind == Inspection.Kind.SURPRISE and surprise.members.count() == 1
    assert surprise.status == Inspection.Status.IN_PROGRESS
    approved = InspectionFactory(surprise=True, approved=True, findings=2, approved_on=datetime.date(2026, 2, 12))
    assert approved.status == Inspection.Status.CONCLUSION_APPROVED and approved.findings.count() == 2
    assert approved.conclusion.requirements.get().deadline == datetime.date(2026, 2, 26)  # after the lunar new year
    assert approved.actions.count() == 1 and approved.notice.status == "pending"


def test_a_finding_cites_a_norm_at_a_unit_of_an_inspection_in_the_field():
    finding = FindingFactory(commendation=True)
    assert finding.is_commendation and finding.inspection.status == Inspection.Status.IN_PROGRESS
    assert finding.unit in finding.inspection.units.all() and finding.created_by == finding.inspection.leader


def test_a_corrective_action_comes_from_an_approved_conclusion_and_is_reported_and_reviewed():
    action = CorrectiveActionFactory()
    assert action.status == CorrectiveAction.Status.OPEN and action.deadline > timezone.localdate()
    assert action.inspection.status == Inspection.Status.CONCLUSION_APPROVED
    assert action.requirement.unit == action.unit
    assert CorrectiveActionFactory(reported=True).status == CorrectiveAction.Status.REPORTED
    assert CorrectiveActionFactory(accepted=True).status == CorrectiveAction.Status.ACCEPTED
    reopened = CorrectiveActionFactory(reopened=True)
    assert reopened.status == CorrectiveAction.Status.REOPENED and reopened.review_comment
    assert CorrectiveActionFactory(overdue=True).deadline < timezone.localdate()


def test_a_case_is_submitted_with_a_tracking_code_a_pin_and_a_deadline():
    case = CaseFactory()
    assert case.status == Case.Status.RECEIVED and case.tracking_code and len(case.pin) >= 4
    assert case.due_on and not case.complainant.is_anonymous and case.events.get().action == "received"
    assert CaseFactory(anonymous=True).complainant.is_anonymous
    assert CaseFactory(overdue=True).is_overdue()
    assigned = CaseFactory(assigned=True)
    assert assigned.status == Case.Status.IN_PROGRESS and assigned.handling_unit == assigned.unit
    answered = CaseFactory(answered=True)
    assert answered.status == Case.Status.ANSWERED and answered.upheld == Case.Upheld.UPHELD
    assert CaseFactory(praise=True, answered=True).upheld == ""


def test_norms_and_documents():
    assert NormFactory().citizen_title and not NormFactory(internal=True).citizen_title
    assert NormFactory().group.code == "communication"  # a group the migrations seeded
    code = DocumentFactory(code_of_conduct=True)
    assert code.kind == LegalDocument.Kind.CODE_OF_CONDUCT and code.versions.get().provisions.exists()
    plain = DocumentFactory()
    assert not plain.versions.exists() and plain.search_text.strip()


def test_the_world_is_the_role_fixtures_with_an_inspection_and_a_case(world, tree, inspector_user, leader_user):
    assert world.office_a == tree["office_a"] and world.inspector is inspector_user and world.leader is leader_user
    assert not Inspection.objects.exists() and not Case.objects.exists(), "made on first use only"
    assert world.inspection.leader == inspector_user and list(world.inspection.units.all()) == [world.office_a]
    assert world.case.unit == world.desk_a and world.case.status == Case.Status.RECEIVED
