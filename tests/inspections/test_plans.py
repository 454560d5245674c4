"""The annual plan: created, filled with periodic inspections, approved by leadership, exported."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inspections.models import Inspection, InspectionPlan
from regulations.demo import _norms
from tests.inspections.test_pages import make_inspection

pytestmark = pytest.mark.django_db


def test_plan_lifecycle(client, tree, code_of_conduct, inspector_user, leader_user, unit_head_user):
    _norms(code_of_conduct)
    client.force_login(leader_user)
    client.post(reverse("inspections:plan_create"), {"year": 2027, "title": "Kế hoạch kiểm tra công vụ năm 2027"})
    plan = InspectionPlan.objects.get()
    # An empty plan cannot be approved.
    client.post(reverse("inspections:plan_approve", args=[plan.public_id]))
    plan.refresh_from_db()
    assert plan.status == InspectionPlan.Status.DRAFT
    inspection = make_inspection(
        inspector_user, [tree["office_a"]], kind=Inspection.Kind.PERIODIC, title="Kiểm tra quý I"
    )
    inspection.plan = plan
    inspection.save(update_fields=["plan"])
    client.force_login(inspector_user)
    assert client.post(reverse("inspections:plan_approve", args=[plan.public_id])).status_code == 403
    client.force_login(leader_user)
    client.post(reverse("inspections:plan_approve", args=[plan.public_id]))
    plan.refresh_from_db()
    assert plan.status == InspectionPlan.Status.APPROVED and plan.approved_by == leader_user
    workbook = load_workbook(io.BytesIO(client.get(reverse("inspections:plan_export", args=[plan.public_id])).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Kế hoạch kiểm tra công vụ năm 2027"
    assert rows[4][0] == "Kiểm tra quý I" and "Phòng Nội vụ" in rows[4][3]
    # From and to are date cells in Vietnam's time, shown dd/mm/yyyy hh:mm.
    start, end = workbook.active["B5"], workbook.active["C5"]
    local_start = timezone.localtime(inspection.window_start).replace(tzinfo=None)
    assert start.is_date and start.number_format == "dd/mm/yyyy hh:mm" and end.number_format == "dd/mm/yyyy hh:mm"
    assert abs(start.value - local_start) < datetime.timedelta(seconds=1)
    client.force_login(unit_head_user)
    assert client.get(reverse("inspections:plans")).status_code == 403


def test_bad_year_is_refused(client, leader_user):
    client.force_login(leader_user)
    response = client.post(reverse("inspections:plan_create"), {"year": 99999, "title": "X"})
    assert response.status_code == 200 and "year" in response.context["form"].errors
    assert not InspectionPlan.objects.exists()


def test_a_surprise_inspection_attached_to_a_plan_is_never_in_its_export(
    client, tree, code_of_conduct, inspector_user, leader_user
):
    _norms(code_of_conduct)
    plan = InspectionPlan.objects.create(year=2027, title="Kế hoạch năm 2027", created_by=leader_user)
    periodic = make_inspection(inspector_user, [tree["office_a"]], kind=Inspection.Kind.PERIODIC, title="Quý I")
    surprise = make_inspection(inspector_user, [tree["ward_b"]], kind=Inspection.Kind.SURPRISE, title="Đột xuất")
    Inspection.objects.filter(pk__in=[periodic.pk, surprise.pk]).update(plan=plan)  # as a bug or an import could
    client.force_login(leader_user)
    workbook = load_workbook(io.BytesIO(client.get(reverse("inspections:plan_export", args=[plan.public_id])).content))
    titles = [row[0] for row in workbook.active.iter_rows(min_row=5, values_only=True)]
    assert "Quý I" in titles and "Đột xuất" not in titles
