"""The writes the plan and discipline pages make, called directly: what they store, and who may make them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from culture_portal.models import AuditEntry, DisciplinaryMeasure
from inspections import services
from inspections.models import DisciplinaryOutcome, Finding, InspectionPlan
from regulations.demo import _norms
from tests.inspections.test_notices import ready_for_approval

pytestmark = pytest.mark.django_db


def test_a_new_plan_is_a_draft_of_whoever_created_it(leader_user):
    plan = services.plan_create(user=leader_user, year=2027, title="Kế hoạch kiểm tra công vụ năm 2027")
    assert (plan.year, plan.status, plan.created_by) == (2027, InspectionPlan.Status.DRAFT, leader_user)


def test_plans_are_created_by_leadership_only(inspector_user):
    """Inspectors read the plans and fill them with inspections; leadership creates and approves them."""
    with pytest.raises(PermissionDenied):
        services.plan_create(user=inspector_user, year=2027, title="Kế hoạch")
    assert not InspectionPlan.objects.exists()


@pytest.fixture
def serious_finding(tree, code_of_conduct, inspector_user, leader_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    inspection = ready_for_approval(tree, inspector_user)
    Finding.objects.filter(inspection=inspection).update(severity="serious")
    services.conclusion_approve(inspection=inspection, user=leader_user)
    return Finding.objects.get(inspection=inspection)


def test_an_outcome_is_about_the_findings_official_and_audited(serious_finding, leader_user):
    measure = DisciplinaryMeasure.objects.get(code="kiem-diem")
    outcome = services.disciplinary_outcome_record(
        user=leader_user, finding=serious_finding, measure=measure, decision_reference="25/QĐ-UBND",
        decision_date=datetime.date(2026, 11, 20),
    )  # fmt: skip
    assert (outcome.official, outcome.recorded_by) == (serious_finding.official, leader_user)
    entry = AuditEntry.objects.get(action="discipline.recorded")
    assert entry.actor == leader_user and entry.object_ref == serious_finding.official.employee_code
    assert entry.detail.endswith("25/QĐ-UBND")


def test_an_inspector_records_no_outcome(serious_finding, inspector_user):
    measure = DisciplinaryMeasure.objects.get(code="kiem-diem")
    with pytest.raises(PermissionDenied):
        services.disciplinary_outcome_record(
            user=inspector_user, finding=serious_finding, measure=measure, decision_reference="25/QĐ-UBND",
            decision_date=datetime.date(2026, 11, 20),
        )  # fmt: skip
    assert not DisciplinaryOutcome.objects.exists()
    assert not AuditEntry.objects.filter(action="discipline.recorded").exists()
