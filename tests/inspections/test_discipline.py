"""Disciplinary outcomes: recorded and seen by leadership only."""

import pytest
from django.urls import reverse

from culture_portal.models import DisciplinaryMeasure
from inspections import services
from inspections.models import DisciplinaryOutcome, Finding
from regulations.demo import _norms
from tests.inspections.test_notices import ready_for_approval

pytestmark = pytest.mark.django_db


def test_only_leadership_sees_and_records_outcomes(client, any_role_user, tree, code_of_conduct, inspector_user,
                                                   leader_user, settings, tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    inspection = ready_for_approval(tree, inspector_user)
    Finding.objects.filter(inspection=inspection).update(severity="serious")
    services.conclusion_approve(inspection=inspection, user=leader_user)
    finding = Finding.objects.get(inspection=inspection)
    client.force_login(any_role_user)
    response = client.get(reverse("inspections:discipline"))
    if any_role_user.username != "leader":
        assert response.status_code == 403
        return
    measure = DisciplinaryMeasure.objects.get(code="kiem-diem")
    client.post(
        reverse("inspections:discipline"),
        {
            "finding": finding.pk,
            "measure": measure.pk,
            "decision_reference": "25/QĐ-UBND",
            "decision_date": "20/11/2026",
        },
    )
    outcome = DisciplinaryOutcome.objects.get()
    assert outcome.official == finding.official and outcome.recorded_by == leader_user
    assert "25/QĐ-UBND" in client.get(reverse("inspections:discipline")).content.decode()


def test_every_viewing_of_disciplinary_records_is_in_the_audit_log(client, leader_user):
    from culture_portal.models import AuditEntry

    client.force_login(leader_user)
    assert client.get(reverse("inspections:discipline")).status_code == 200
    entry = AuditEntry.objects.filter(action="discipline.viewed").latest("pk")
    assert entry.actor == leader_user and entry.client_address == "127.0.0.1"
