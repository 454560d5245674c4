"""Inputs that used to end in a server error: each now gets a clear answer and changes nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from culture_portal.importing import import_file
from culture_portal.models import CalendarException, Official, Unit
from culture_portal.workdays import WorkingCalendar

pytestmark = pytest.mark.django_db


def test_nul_in_an_address_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/organisation/units/%00/").status_code == 404
    assert client.get("/inspections/officials/A%00B/history/").status_code == 404


@pytest.mark.parametrize(
    "content",
    [
        "code,name,kind\rP-TP,Phòng Tư pháp,Phòng\r".encode(),  # old Mac line endings
        ('code,name,kind\nP-TP,"' + "x" * 200_000 + '",Phòng\n').encode(),  # a cell over the csv module's limit
    ],
)
def test_odd_csv_files_are_reported_not_crashed(content):
    report = import_file(kind="units", uploaded=SimpleUploadedFile("u.csv", content), dry_run=False)
    assert report.problems and not Unit.objects.filter(code="P-TP").exists() or report.ok


def test_truncated_xlsx_is_reported():
    import io

    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["code", "name", "kind"])
    workbook.save(buffer)
    broken = buffer.getvalue()[:-200]
    report = import_file(kind="units", uploaded=SimpleUploadedFile("u.xlsx", broken), dry_run=False)
    assert report.problems and report.problems[0].row == 0


def test_too_long_email_is_a_row_problem(tree):
    email = "a" * 250 + "@example.org"
    text = f"employee_code,full_name,category,unit_code,email\nX1,Nguyễn Văn A,Công chức,OFFICE-A,{email}\n"
    report = import_file(kind="officials", uploaded=SimpleUploadedFile("o.csv", text.encode()), dry_run=False)
    assert [p.column for p in report.problems] == ["Thư điện tử"]
    assert not Official.objects.filter(employee_code="X1").exists()


def test_a_very_deep_chain_of_units_imports_without_recursion():
    lines = ["code,name,kind,parent_code"] + [
        f"U{n},Đơn vị {n},Phòng,{'U' + str(n - 1) if n else ''}" for n in range(1500)
    ]
    report = import_file(kind="units", uploaded=SimpleUploadedFile("u.csv", "\n".join(lines).encode()), dry_run=True)
    assert report.ok and report.created == 1500


def test_administrator_working_days_show_as_working_weekends_not_days_off():
    CalendarException.objects.create(date=datetime.date(2027, 1, 9), kind="working_day", name="Làm bù")
    calendar = WorkingCalendar()
    assert datetime.date(2027, 1, 9) not in [day.date for day in calendar.days_off(2027)]
    assert datetime.date(2027, 1, 9) in calendar.working_weekend_days(2027)
