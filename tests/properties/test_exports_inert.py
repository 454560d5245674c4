"""Spreadsheet formulas typed anywhere come out of every export as inert text.

The exports are the two XLSX downloads (there is no CSV export): a campaign's completion
(regulations:campaign_export) and the annual inspection plan (inspections:plan_export). Every text they hold
was typed by someone: campaign, plan and inspection titles, document references and titles, unit and norm-group
names, officials' names, codes and positions, inspectors' names. Whatever was stored, each cell must read back as
a string (never a formula), and a string that a spreadsheet would take for a formula must carry the quote that
`regulations.exports.inert` puts in front of it.
"""

import datetime
import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import Phase, example, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from inspections import services as inspection_services
from inspections.models import Inspection, InspectionPlan
from regulations import services as regulation_services
from regulations.exports import inert
from regulations.models import Campaign, NormGroup
from tests.factories import OfficialFactory, UnitFactory

from .conftest import FORMULAS, property_settings

pytestmark = pytest.mark.django_db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SERIAL = itertools.count(1)


def _storable(char: str) -> bool:
    # What the forms and services can hold: no NUL (refused by every form), no lone surrogate (never decoded from a
    # request), and none of the control characters openpyxl refuses: those are a known bug, tested on their own
    # below (test_control_characters_in_a_title_break_the_export).
    return char != "\x00" and not ILLEGAL_CHARACTERS_RE.match(char)


text_char = st.characters(exclude_categories=("Cs",)).filter(_storable)
formula_prefix = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", " =", "'=", "＝", "=="])
cell_text = st.one_of(
    st.sampled_from(FORMULAS),
    st.builds(lambda prefix, rest: prefix + rest, formula_prefix, st.text(text_char, max_size=30)),
    st.text(text_char, min_size=1, max_size=40),
)


def short(value: str, limit: int) -> str:
    value = value[:limit]
    return value if value.strip() else "x"


def workbook_cells(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "\n" not in response["Content-Disposition"] and "\r" not in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_inert(cells) -> list[str]:
    texts = []
    for cell in cells:
        if cell.value is None:
            continue
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert cell.data_type == "s", (cell.coordinate, cell.data_type, cell.value)
            assert not cell.value.startswith(FORMULA_START) or cell.value.startswith("'"), (cell.coordinate, cell.value)
            texts.append(cell.value)
        else:
            assert isinstance(cell.value, int | float | datetime.datetime), (cell.coordinate, cell.value)
    return texts


def shown(value: str) -> str:
    """How the value reads back: inert() quotes it; XLSX keeps line breaks as written, except a lone CR."""
    return inert(value).replace("\r\n", "\n").replace("\r", "\n")


def read_back(texts) -> set[str]:
    return {text.replace("\r\n", "\n").replace("\r", "\n") for text in texts}


@pytest.fixture
def campaign_parts(tree, code_of_conduct, leader_user):
    return {"document": code_of_conduct, "leader": leader_user, "city": tree["city"]}


@property_settings(max_examples=30)
@given(
    title=cell_text,
    reference=cell_text,
    document_title=cell_text,
    unit_name=cell_text,
    full_name=cell_text,
    employee_code=cell_text,
    position=cell_text,
)
@example(
    title='=HYPERLINK("http://x","y")', reference="+1+1", document_title="-2", unit_name="@SUM(A1)",
    full_name="\t=1", employee_code="=1+1", position="\r=1",
)  # fmt: skip
def test_campaign_export_cells_are_inert(
    client, campaign_parts, title, reference, document_title, unit_name, full_name, employee_code, position
):
    document = campaign_parts["document"]
    document.reference, document.title = short(reference, 100), short(document_title, 500)
    regulation_services.document_save(document=document)
    unit = UnitFactory(code=f"X{next(SERIAL)}", name=short(unit_name, 255), parent=campaign_parts["city"])
    official = OfficialFactory(
        unit=unit,
        full_name=short(full_name, 150),
        employee_code=f"{short(employee_code, 24)}#{next(SERIAL)}",
        position=position[:150],
    )
    campaign = regulation_services.campaign_launch(
        campaign=Campaign(title=short(title, 255), document=document, version=document.versions.get(is_current=True),
                          due_date=datetime.date(2020, 1, 1)),
        units=[], roles=[], officials=[official],
    )  # fmt: skip
    client.force_login(campaign_parts["leader"])
    texts = assert_inert(workbook_cells(client.get(reverse("regulations:campaign_export", args=[campaign.pk]))))
    document.refresh_from_db()
    expected = {
        shown(campaign.title),
        shown(f"{document.reference} {document.title}"),
        shown(unit.name),
        shown(official.full_name),
        shown(official.employee_code),
    }
    if official.position:
        expected.add(shown(official.position))
    assert expected <= read_back(texts), expected - read_back(texts)


@pytest.fixture
def plan_parts(client, tree, code_of_conduct, inspector_user, leader_user):
    return {"city": tree["city"], "inspector": inspector_user, "leader": leader_user}


def make_plan(client, parts, *, plan_title, inspection_title, unit_name, group_name, first_name, last_name):
    """The plan through the leader's form, the rest through the services, as the pages would store them."""
    client.force_login(parts["leader"])
    year = 2000 + next(SERIAL) % 100
    response = client.post(reverse("inspections:plan_create"), {"year": year, "title": plan_title})
    assert response.status_code in (200, 302)
    plan = InspectionPlan.objects.order_by("-pk").first() if response.status_code == 302 else None
    if plan is None:  # refused by the form (e.g. a title of spaces only): store it as a service would
        plan = InspectionPlan.objects.create(year=year, title=short(plan_title, 255), created_by=parts["leader"])
    leader = parts["inspector"]
    leader.first_name, leader.last_name = first_name[:150], last_name[:150]
    leader.save(update_fields=["first_name", "last_name"])
    serial = next(SERIAL)
    unit = UnitFactory(code=f"P{serial}", name=short(unit_name, 255), parent=parts["city"])
    group = NormGroup.objects.create(code=f"group-{serial}", name=short(group_name, 150), order=serial)
    start = timezone.now() + datetime.timedelta(days=1)
    inspection_services.inspection_create(
        user=leader, kind=Inspection.Kind.PERIODIC, title=short(inspection_title, 255), basis_reference="15/QĐ-UBND",
        basis_date=datetime.date(2026, 11, 20), window_start=start, window_end=start + datetime.timedelta(hours=3),
        leader=leader, units=[unit], norm_groups=[group], plan=plan,
    )  # fmt: skip
    return plan


@property_settings(max_examples=30)
@given(
    plan_title=cell_text,
    inspection_title=cell_text,
    unit_name=cell_text,
    group_name=cell_text,
    first_name=cell_text,
    last_name=cell_text,
)
@example(
    plan_title='=HYPERLINK("http://x","y")', inspection_title="+1+1", unit_name="-2", group_name="@SUM(A1)",
    first_name="\t=1", last_name="=cmd|' /C calc'!A0",
)  # fmt: skip
def test_plan_export_cells_are_inert(client, plan_parts, **values):
    plan = make_plan(client, plan_parts, **values)
    client.force_login(plan_parts["leader"])
    texts = assert_inert(workbook_cells(client.get(reverse("inspections:plan_export", args=[plan.public_id]))))
    plan.refresh_from_db()
    inspection = plan.inspections.get()
    leader = inspection.leader
    expected = {
        shown(plan.title),
        shown(inspection.title),
        shown(inspection.units.get().name),
        shown(inspection.norm_groups.get().name),
        shown(f"{leader.last_name} {leader.first_name}"),
    }
    assert expected <= read_back(texts), expected - read_back(texts)


@property_settings(max_examples=1, phases=[Phase.explicit])
@given(plan_title=st.text())
@example(plan_title="Kế hoạch kiểm tra\x0b2027")
def test_control_characters_in_a_title_break_the_export(client, plan_parts, plan_title):
    plan = make_plan(
        client, plan_parts, plan_title=plan_title, inspection_title="Kiểm tra quý I", unit_name="Phòng Nội vụ 2",
        group_name="Giờ giấc", first_name="Hà", last_name="Nguyễn Thị",
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.title == plan_title, "stored as typed, through the leader's form"
    client.force_login(plan_parts["leader"])
    response = client.get(reverse("inspections:plan_export", args=[plan.public_id]))
    assert_inert(workbook_cells(response))
