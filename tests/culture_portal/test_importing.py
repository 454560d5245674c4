"""Import of units and officials: a clean file saves everything, any bad row saves nothing.

Messages are checked in Vietnamese, the language users read them in.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from culture_portal.importing import import_file
from culture_portal.models import Official, Unit

pytestmark = pytest.mark.django_db

UNITS_CSV = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên
UBND,Ủy ban nhân dân thành phố Hà Tĩnh,UBND,
P-NV,Phòng Nội vụ,Phòng,UBND
MC-BH,Bộ phận một cửa phường Bắc Hà,Bộ phận một cửa,PH-BH
PH-BH,UBND phường Bắc Hà,Phường,UBND
"""

OFFICIALS_HEADER = ["Mã cán bộ", "Họ và tên", "Chức vụ", "Phân loại", "Mã đơn vị", "Đang công tác"]


def csv_file(text, encoding="utf-8", name="file.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("file.xlsx", buffer.getvalue())


def load_units():
    report = import_file(kind="units", uploaded=csv_file(UNITS_CSV), dry_run=False)
    assert report.ok, report.problems
    return report


def test_units_from_csv_build_the_tree_even_when_a_child_comes_first():
    report = load_units()
    assert (report.rows, report.created, report.applied) == (4, 4, True)
    desk = Unit.objects.get(code="MC-BH")
    assert desk.kind == Unit.Kind.RECEPTION_DESK
    assert [u.code for u in Unit.objects.filter(pk__in=desk.ancestor_ids).order_by("depth")] == ["UBND", "PH-BH"]


def test_officials_from_xlsx_with_numbers_typed_as_numbers():
    load_units()
    report = import_file(
        kind="officials",
        uploaded=xlsx_file(
            [
                OFFICIALS_HEADER,
                [1001, "Nguyễn Văn An", "Trưởng phòng", "Công chức", "P-NV", 1],
                [1002, "Trần Thị Bình", "", "Viên chức", "mc-bh", 0],
            ]
        ),
        dry_run=False,
    )
    assert report.ok, report.problems
    assert report.created == 2
    an = Official.objects.get(employee_code="1001")
    assert (an.full_name, an.unit.code, an.category, an.is_active) == ("Nguyễn Văn An", "P-NV", "cong_chuc", True)
    assert Official.objects.get(employee_code="1002").is_active is False


def test_a_second_import_updates_and_counts_unchanged_rows():
    load_units()
    rows = [OFFICIALS_HEADER, ["A1", "Nguyễn Văn An", "", "Công chức", "P-NV", "1"]]
    import_file(kind="officials", uploaded=xlsx_file(rows), dry_run=False)
    rows.append(["A2", "Lê Thị Cúc", "", "Hợp đồng", "UBND", "1"])
    rows[1][2] = "Phó Trưởng phòng"
    report = import_file(kind="officials", uploaded=xlsx_file(rows), dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert Official.objects.get(employee_code="A1").position == "Phó Trưởng phòng"


def test_dry_run_reports_but_writes_nothing():
    report = import_file(kind="units", uploaded=csv_file(UNITS_CSV), dry_run=True)
    assert report.ok and report.created == 4 and not report.applied
    assert not Unit.objects.exists()


def test_decomposed_unicode_names_are_stored_composed():
    load_units()
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"
    import_file(
        kind="officials",
        uploaded=xlsx_file([OFFICIALS_HEADER, ["A1", decomposed, "", "Công chức", "P-NV", "1"]]),
        dry_run=False,
    )
    assert Official.objects.filter(full_name="Nguyễn Văn An").exists()


def test_bad_rows_are_each_reported_and_nothing_is_saved():
    load_units()
    report = import_file(
        kind="officials",
        uploaded=xlsx_file(
            [
                OFFICIALS_HEADER,
                ["A1", "Nguyễn Văn An", "", "Công chức", "P-NV", "1"],
                ["A1", "Nguyễn Văn Anh", "", "Công chức", "P-NV", "1"],
                ["A3", "Lê Văn Cường", "", "Công chức", "KHONG-CO", "1"],
                ["A4", "", "", "Thợ lặn", "P-NV", "có lẽ"],
            ]
        ),
        dry_run=False,
    )
    problems = {(p.row, p.column) for p in report.problems}
    assert problems == {
        (3, "Mã cán bộ"),
        (4, "Mã đơn vị"),
        (5, "Họ và tên"),
        (5, "Phân loại"),
        (5, "Đang công tác"),
    }
    assert not Official.objects.exists()


def test_missing_columns_are_reported_on_the_header_row():
    report = import_file(kind="officials", uploaded=csv_file("Họ và tên,Chức vụ\nAn,Chuyên viên\n"), dry_run=False)
    assert {(p.row, p.column) for p in report.problems} == {(1, "Mã cán bộ"), (1, "Phân loại"), (1, "Mã đơn vị")}


def test_unknown_parent_and_cycles_in_units():
    text = "code,name,kind,parent_code\nA,Đơn vị A,office,B\nB,Đơn vị B,office,A\nC,Đơn vị C,office,ZZZ\n"
    report = import_file(kind="units", uploaded=csv_file(text), dry_run=False)
    messages = [(p.row, p.message) for p in report.problems]
    assert (2, "Đơn vị sẽ trực thuộc chính nó.") in messages
    assert (4, "Không có mã đơn vị ZZZ.") in messages
    assert not Unit.objects.exists()


def test_wrong_encoding_is_explained():
    report = import_file(kind="units", uploaded=csv_file(UNITS_CSV, encoding="utf-16"), dry_run=False)
    assert len(report.problems) == 1 and report.problems[0].row == 0
    # Excel's plain "CSV" writes a Windows code page, not UTF-8.
    report = import_file(kind="units", uploaded=csv_file("Mã,Tên\nA,Phòng\n", encoding="cp1252"), dry_run=False)
    assert "Tệp không dùng mã UTF-8" in report.problems[0].message
    assert not Unit.objects.exists()


@pytest.mark.parametrize(
    "uploaded, message",
    [
        (lambda: xlsx_file([]), "Tệp không có dữ liệu."),
        (lambda: xlsx_file([OFFICIALS_HEADER]), "Tệp chỉ có dòng tên cột"),
        (lambda: csv_file(""), "Tệp không có dữ liệu."),
        (
            lambda: SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a workbook"),
            "Không mở được tệp dưới dạng bảng tính XLSX",
        ),
    ],
)
def test_empty_or_broken_files(uploaded, message):
    report = import_file(kind="officials", uploaded=uploaded(), dry_run=False)
    assert message in report.problems[0].message


def test_management_command_checks_by_default_and_saves_with_apply(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(UNITS_CSV, encoding="utf-8")
    call_command("import_organisation", "units", str(path))
    assert not Unit.objects.exists()
    call_command("import_organisation", "units", str(path), "--apply")
    assert Unit.objects.count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\nX,Y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_organisation", "units", str(bad), "--apply")


def test_kinds_of_both_tiers_are_recognised_by_their_vietnamese_names():
    text = """Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên
UBND-TINH,Ủy ban nhân dân tỉnh Hà Tĩnh,UBND tỉnh,
SNV,Sở Nội vụ,Sở Nội vụ,UBND-TINH
SNV-TCCB,Phòng Tổ chức cán bộ,Phòng thuộc sở,SNV
TS,Phường Thành Sen,Phường Thành Sen,UBND-TINH
TK,Xã Thạch Khê,Xã Thạch Khê,UBND-TINH
DK,Đặc khu thử nghiệm,Đặc khu,UBND-TINH
TS-TT,Trung tâm Phục vụ hành chính công phường Thành Sen,Trung tâm Phục vụ hành chính công phường Thành Sen,TS
TS-Q1,Quầy số 1,Quầy số 1,TS-TT
TS-MC,Bộ phận một cửa,Bộ phận một cửa,TS
"""
    report = import_file(kind="units", uploaded=csv_file(text), dry_run=False)
    assert report.ok, report.problems
    assert dict(Unit.objects.values_list("code", "kind")) == {
        "UBND-TINH": "provincial_committee",
        "SNV": "department",
        "SNV-TCCB": "office",
        "TS": "ward",
        "TK": "commune",
        "DK": "special_zone",
        "TS-TT": "service_centre",
        "TS-Q1": "reception_desk",
        "TS-MC": "reception_desk",
    }


def test_a_row_naming_a_ceased_unit_is_refused_and_nothing_is_saved():
    from culture_portal.models import Reorganisation
    from culture_portal.organisation import unit_save
    from culture_portal.reorganisation import reorganisation_apply, reorganisation_save

    load_units()
    new_ward = unit_save(
        unit=Unit(code="TS", name="Phường Thành Sen", kind="ward", parent=Unit.objects.get(code="UBND"))
    )
    merger = reorganisation_save(
        reorganisation=Reorganisation(kind="merge", effective_on=datetime.date(2025, 7, 1), legal_basis="1665/NQ"),
        predecessors=[Unit.objects.get(code="PH-BH")], successors=[new_ward], main_successor=None, user=None,
    )  # fmt: skip
    assert reorganisation_apply(reorganisation=merger, user=None)
    units = import_file(
        kind="units",
        uploaded=csv_file("Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên\nQ9,Quầy số 9,Quầy,PH-BH\n"),
        dry_run=False,
    )
    assert [(p.row, p.column) for p in units.problems] == [(2, "Mã đơn vị cấp trên")]
    assert "TS" in units.problems[0].message
    officials = import_file(
        kind="officials",
        uploaded=xlsx_file(
            [OFFICIALS_HEADER, ["B1", "Trần Văn Bình", "", "Công chức", "P-NV", "1"],
             ["B2", "Lê Thị Cúc", "", "Công chức", "ph-bh", "1"]]
        ),
        dry_run=False,
    )  # fmt: skip
    assert [(p.row, p.column) for p in officials.problems] == [(3, "Mã đơn vị")]
    assert not Unit.objects.filter(code="Q9").exists() and not Official.objects.exists()
