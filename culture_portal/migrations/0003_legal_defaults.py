"""Seed today's legal values (see shared/reference/legal-rules.md); administrators edit them afterwards."""

import datetime

from django.db import migrations

D = datetime.date

DOCUMENT_KINDS = [
    ("notice", "Thông báo", "TB"),
    ("decision", "Quyết định", "QĐ"),
    ("plan", "Kế hoạch", "KH"),
    ("report", "Báo cáo", "BC"),
]

COMPLAINTS_2011 = "Luật Khiếu nại 2011"
DENUNCIATION_2018 = "Luật Tố cáo 2018"
DECREE_20_2008 = "Nghị định 20/2008/NĐ-CP"
DEADLINE_RULES = [
    # track, step, days, counting, in force from, legal basis
    ("complaint", "accept", 10, "working", D(2012, 7, 1), COMPLAINTS_2011 + ", Điều 27"),
    ("complaint", "decide", 30, "calendar", D(2012, 7, 1), COMPLAINTS_2011 + ", Điều 28"),
    ("complaint", "decide_complex", 45, "calendar", D(2012, 7, 1), COMPLAINTS_2011 + ", Điều 28"),
    ("denunciation", "accept", 7, "working", D(2019, 1, 1), DENUNCIATION_2018 + ", Điều 24"),
    ("denunciation", "forward", 5, "working", D(2019, 1, 1), DENUNCIATION_2018 + ", Điều 24"),
    ("denunciation", "decide", 30, "calendar", D(2019, 1, 1), DENUNCIATION_2018 + ", Điều 30"),
    ("denunciation", "extend", 30, "calendar", D(2019, 1, 1), DENUNCIATION_2018 + ", Điều 30"),
    ("feedback", "forward", 5, "working", D(2008, 3, 1), DECREE_20_2008),
]

MEASURES = [
    # code, name, kind, applies to, severity, in force from, until, legal basis
    ("nhac-nho", "Nhắc nhở", "administrative", "", 1, D(2019, 4, 19), None, "Thực tiễn hành chính"),
    ("phe-binh", "Phê bình", "administrative", "", 2, D(2019, 4, 19), None, "Thực tiễn hành chính"),
    ("kiem-diem", "Kiểm điểm", "administrative", "", 3, D(2019, 4, 19), None, "Thực tiễn hành chính"),
    ("khien-trach", "Khiển trách", "disciplinary", "vien_chuc", 10, D(2020, 9, 20), D(2026, 6, 30), "Nghị định 112/2020/NĐ-CP"),
    ("canh-cao", "Cảnh cáo", "disciplinary", "vien_chuc", 20, D(2020, 9, 20), D(2026, 6, 30), "Nghị định 112/2020/NĐ-CP"),
    ("cach-chuc", "Cách chức", "disciplinary", "vien_chuc", 30, D(2020, 9, 20), D(2026, 6, 30), "Nghị định 112/2020/NĐ-CP"),
    ("buoc-thoi-viec", "Buộc thôi việc", "disciplinary", "vien_chuc", 40, D(2020, 9, 20), D(2026, 6, 30), "Nghị định 112/2020/NĐ-CP"),
    ("khien-trach", "Khiển trách", "disciplinary", "vien_chuc", 10, D(2026, 7, 1), None, "Nghị định 234/2026/NĐ-CP"),
    ("canh-cao", "Cảnh cáo", "disciplinary", "vien_chuc", 20, D(2026, 7, 1), None, "Nghị định 234/2026/NĐ-CP"),
    ("cach-chuc", "Cách chức", "disciplinary", "vien_chuc", 30, D(2026, 7, 1), None, "Nghị định 234/2026/NĐ-CP"),
    ("buoc-thoi-viec", "Buộc thôi việc", "disciplinary", "vien_chuc", 40, D(2026, 7, 1), None, "Nghị định 234/2026/NĐ-CP"),
]


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("culture_portal", "DocumentKind")
    DeadlineRule = apps.get_model("culture_portal", "DeadlineRule")
    DisciplinaryMeasure = apps.get_model("culture_portal", "DisciplinaryMeasure")
    for code, name, symbol in DOCUMENT_KINDS:
        DocumentKind.objects.get_or_create(code=code, defaults={"name": name, "symbol": symbol})
    for track, step, days, counting, valid_from, basis in DEADLINE_RULES:
        DeadlineRule.objects.get_or_create(
            track=track, step=step, valid_from=valid_from,
            defaults={"days": days, "counting": counting, "legal_basis": basis},
        )
    for code, name, kind, applies_to, severity, valid_from, valid_until, basis in MEASURES:
        DisciplinaryMeasure.objects.get_or_create(
            code=code, applies_to=applies_to, valid_from=valid_from,
            defaults={"name": name, "kind": kind, "severity": severity, "valid_until": valid_until, "legal_basis": basis},
        )


class Migration(migrations.Migration):
    dependencies = [("culture_portal", "0002_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
