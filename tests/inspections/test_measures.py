"""Issue 15 §2: the disciplinary forms of cadres, civil servants and public employees, each offered and accepted only
for an official of its category (Law on Cadres and Civil Servants 80/2025/QH15 and Decree 172/2025/NĐ-CP; before
01/07/2025 the 2008 law as amended in 2019 and Decree 112/2020/NĐ-CP as amended by Decree 71/2023/NĐ-CP)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from culture_portal.models import DisciplinaryMeasure, Official
from inspections import services
from inspections.models import DisciplinaryOutcome, Finding
from regulations.models import Norm
from tests.factories import OfficialFactory
from tests.inspections.test_pages import surprise  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db
D = datetime.date
Category = Official.Category


def forms_in_force(category: str, on: datetime.date) -> list[str]:
    rows = DisciplinaryMeasure.objects.in_force(on).filter(applies_to=category).order_by("severity")
    return list(rows.values_list("name", flat=True))


def test_the_forms_of_each_category_are_seeded_with_their_dates():
    today = D(2026, 12, 5)
    assert forms_in_force(Category.CADRE, today) == ["Khiển trách", "Cảnh cáo", "Cách chức", "Bãi nhiệm"]
    assert forms_in_force(Category.CIVIL_SERVANT, today) == ["Khiển trách", "Cảnh cáo", "Cách chức", "Buộc thôi việc"]
    assert forms_in_force(Category.PUBLIC_EMPLOYEE, today) == ["Khiển trách", "Cảnh cáo", "Cách chức", "Buộc thôi việc"]
    # Before 01/07/2025 a civil servant could also have their salary grade lowered or be demoted.
    assert forms_in_force(Category.CIVIL_SERVANT, D(2024, 6, 1)) == [
        "Khiển trách", "Cảnh cáo", "Hạ bậc lương", "Giáng chức", "Cách chức", "Buộc thôi việc",
    ]  # fmt: skip
    basis = DisciplinaryMeasure.objects.in_force(today).get(code="bai-nhiem").legal_basis
    assert "80/2025/QH15" in basis and "172/2025/NĐ-CP" in basis
    old = DisciplinaryMeasure.objects.in_force(D(2024, 6, 1)).get(code="ha-bac-luong", applies_to="cong_chuc")
    assert "112/2020/NĐ-CP" in old.legal_basis and "71/2023/NĐ-CP" in old.legal_basis
    assert not DisciplinaryMeasure.objects.in_force(today).filter(applies_to="").exclude(kind="administrative")


def measure(code: str, category: str) -> DisciplinaryMeasure:
    return DisciplinaryMeasure.objects.in_force(D(2026, 12, 5)).get(code=code, applies_to=category)


def test_the_field_page_marks_each_official_and_measure_with_its_category(client, tree, surprise, inspector_user):  # noqa: F811
    services.inspection_start(inspection=surprise, user=inspector_user)
    employee = OfficialFactory(unit=tree["office_a"], full_name="Trần Thị Bình", category=Category.PUBLIC_EMPLOYEE)
    client.force_login(inspector_user)
    html = client.get(reverse("inspections:field", args=[surprise.public_id, "OFFICE-A"])).content.decode()
    assert f'<option value="{employee.pk}" data-category="vien_chuc">' in html
    assert f'<option value="{measure("bai-nhiem", "can_bo").pk}" data-applies-to="can_bo">Bãi nhiệm (Cán bộ)' in html
    assert 'data-applies-to="">Nhắc nhở' in html, "administrative practice applies to anyone, and to a unit"
    assert "Bãi nhiệm (" in html, "the category is in the label, for a page without JavaScript"
    assert "portal/js/finding-measures.js" in html


def test_a_measure_of_another_category_is_refused_by_the_form(client, tree, surprise, inspector_user):  # noqa: F811
    services.inspection_start(inspection=surprise, user=inspector_user)
    employee = OfficialFactory(unit=tree["office_a"], full_name="Trần Thị Bình", category=Category.PUBLIC_EMPLOYEE)
    client.force_login(inspector_user)
    url = reverse("inspections:field_finding", args=[surprise.public_id, "OFFICE-A"])
    data = {"norm": Norm.objects.get(code="TP-01").pk, "official": employee.pk,
            "observed": "Không đeo thẻ", "severity": "serious"}  # fmt: skip
    response = client.post(url, {**data, "measure": measure("bai-nhiem", "can_bo").pk})
    assert "measure" in response.context["finding_form"].errors
    assert "Trần Thị Bình" in response.context["finding_form"].errors["measure"][0]
    assert not Finding.objects.exists()
    # Without an official, only an administrative measure.
    response = client.post(url, {**data, "official": "", "measure": measure("khien-trach", "vien_chuc").pk})
    assert "measure" in response.context["finding_form"].errors and not Finding.objects.exists()
    client.post(url, {**data, "measure": measure("khien-trach", "vien_chuc").pk})
    assert Finding.objects.get().measure.applies_to == "vien_chuc"
    client.post(url, {**data, "official": "", "measure": DisciplinaryMeasure.objects.get(code="nhac-nho").pk})
    assert Finding.objects.count() == 2


def test_the_services_refuse_it_too(tree, surprise, inspector_user):  # noqa: F811
    services.inspection_start(inspection=surprise, user=inspector_user)
    cadre = OfficialFactory(unit=tree["office_a"], full_name="Phan Văn Cường", category=Category.CADRE)
    with pytest.raises(ValidationError) as refused:
        services.finding_record(inspection=surprise, unit=tree["office_a"], norm=Norm.objects.get(code="TP-01"),
                                observed="Vắng mặt", severity="serious", user=inspector_user, official=cadre,
                                measure=measure("buoc-thoi-viec", "cong_chuc"))  # fmt: skip
    assert "measure" in refused.value.message_dict
    finding = services.finding_record(inspection=surprise, unit=tree["office_a"], norm=Norm.objects.get(code="TP-01"),
                                      observed="Vắng mặt", severity="serious", user=inspector_user, official=cadre,
                                      measure=measure("bai-nhiem", "can_bo"))  # fmt: skip
    assert finding.measure.code == "bai-nhiem"


def test_an_outcome_with_a_measure_of_another_category_is_refused(client, tree, inspector_user, leader_user, request):
    from regulations.demo import _norms
    from tests.inspections.test_notices import ready_for_approval

    _norms(request.getfixturevalue("code_of_conduct"))
    inspection = ready_for_approval(tree, inspector_user)  # a finding about Lê Văn Muộn, a civil servant
    Finding.objects.filter(inspection=inspection).update(severity="serious")
    services.conclusion_approve(inspection=inspection, user=leader_user)
    finding = Finding.objects.get(inspection=inspection)
    client.force_login(leader_user)
    data = {"finding": finding.pk, "decision_reference": "25/QĐ-UBND", "decision_date": "20/11/2026"}
    response = client.post(reverse("inspections:discipline"), {**data, "measure": measure("bai-nhiem", "can_bo").pk})
    assert response.status_code in (200, 400) and not DisciplinaryOutcome.objects.exists()
    client.post(reverse("inspections:discipline"), {**data, "measure": measure("canh-cao", "cong_chuc").pk})
    assert DisciplinaryOutcome.objects.get().measure.applies_to == "cong_chuc"
