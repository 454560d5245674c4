"""Issue 15 §2, the legal values a review found missing or wrong; administrators edit them afterwards.

- Deadline rules get a condition: the periods the law sets for remote areas and for second-level complaints
  (Law on Complaints 2011, Art. 28 and 37) and the longer check of a denunciation verified in several places (Law on
  Denunciation 2018, Art. 24(1)); an officer chooses the condition on the case, with a reason.
- The disciplinary forms of cadres and civil servants, not only public employees': under the Law on Cadres and Civil
  Servants 2008 (amended 2019) and Decree 112/2020/NĐ-CP as amended by Decree 71/2023/NĐ-CP until 30/06/2025, then
  under Law 80/2025/QH15 and Decree 172/2025/NĐ-CP (which dropped "hạ bậc lương" and "giáng chức" for civil servants).
- The 2026 calendar: Friday 02/01/2026 off, worked back on Saturday 10/01/2026 (Government Office letter
  12729/VPCP-KGVX of 25/12/2025), which the holidays package does not know.
"""

import datetime

from django.db import migrations, models

D = datetime.date

COMPLAINTS_2011 = "Luật Khiếu nại 2011"
DENUNCIATION_2018 = "Luật Tố cáo 2018"
CONDITION_RULES = [
    # track, step, condition, days, counting, in force from, legal basis
    ("complaint", "decide", "remote", 45, "calendar", D(2012, 7, 1),
     COMPLAINTS_2011 + ", Điều 28 (vùng sâu, vùng xa)"),
    ("complaint", "decide_complex", "remote", 60, "calendar", D(2012, 7, 1),
     COMPLAINTS_2011 + ", Điều 28 (vùng sâu, vùng xa, vụ việc phức tạp)"),
    ("complaint", "decide", "second_level", 45, "calendar", D(2012, 7, 1),
     COMPLAINTS_2011 + ", Điều 37 (giải quyết lần hai)"),
    ("complaint", "decide_complex", "second_level", 60, "calendar", D(2012, 7, 1),
     COMPLAINTS_2011 + ", Điều 37 (giải quyết lần hai, vụ việc phức tạp)"),
    ("complaint", "decide", "second_level_remote", 60, "calendar", D(2012, 7, 1),
     COMPLAINTS_2011 + ", Điều 37 (giải quyết lần hai, vùng sâu, vùng xa)"),
    ("complaint", "decide_complex", "second_level_remote", 70, "calendar", D(2012, 7, 1),
     COMPLAINTS_2011 + ", Điều 37 (giải quyết lần hai, vùng sâu, vùng xa, vụ việc phức tạp)"),
    ("denunciation", "accept", "several_places", 10, "working", D(2019, 1, 1),
     DENUNCIATION_2018 + ", Điều 24 khoản 1 (kiểm tra, xác minh tại nhiều địa điểm)"),
]  # fmt: skip

UNTIL_2025 = (D(2020, 9, 20), D(2025, 6, 30),
              "Luật Cán bộ, công chức 2008 (sửa đổi 2019), Điều 78, 79; Nghị định 112/2020/NĐ-CP, sửa đổi bởi Nghị định 71/2023/NĐ-CP")  # fmt: skip
FROM_2025 = (D(2025, 7, 1), None, "Luật Cán bộ, công chức số 80/2025/QH15; Nghị định 172/2025/NĐ-CP")
MEASURES = [
    # code, name, applies to, severity, (in force from, until, legal basis)
    ("khien-trach", "Khiển trách", "can_bo", 10, UNTIL_2025),
    ("canh-cao", "Cảnh cáo", "can_bo", 20, UNTIL_2025),
    ("cach-chuc", "Cách chức", "can_bo", 30, UNTIL_2025),
    ("bai-nhiem", "Bãi nhiệm", "can_bo", 40, UNTIL_2025),
    ("khien-trach", "Khiển trách", "cong_chuc", 10, UNTIL_2025),
    ("canh-cao", "Cảnh cáo", "cong_chuc", 20, UNTIL_2025),
    ("ha-bac-luong", "Hạ bậc lương", "cong_chuc", 24, UNTIL_2025),
    ("giang-chuc", "Giáng chức", "cong_chuc", 27, UNTIL_2025),
    ("cach-chuc", "Cách chức", "cong_chuc", 30, UNTIL_2025),
    ("buoc-thoi-viec", "Buộc thôi việc", "cong_chuc", 40, UNTIL_2025),
    ("khien-trach", "Khiển trách", "can_bo", 10, FROM_2025),
    ("canh-cao", "Cảnh cáo", "can_bo", 20, FROM_2025),
    ("cach-chuc", "Cách chức", "can_bo", 30, FROM_2025),
    ("bai-nhiem", "Bãi nhiệm", "can_bo", 40, FROM_2025),
    ("khien-trach", "Khiển trách", "cong_chuc", 10, FROM_2025),
    ("canh-cao", "Cảnh cáo", "cong_chuc", 20, FROM_2025),
    ("cach-chuc", "Cách chức", "cong_chuc", 30, FROM_2025),
    ("buoc-thoi-viec", "Buộc thôi việc", "cong_chuc", 40, FROM_2025),
]

LETTER_12729 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
CALENDAR_2026 = [
    (D(2026, 1, 2), "day_off", "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)"),
    (D(2026, 1, 10), "working_day", "Làm việc bù cho ngày nghỉ 02/01/2026"),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("culture_portal", "DeadlineRule")
    DisciplinaryMeasure = apps.get_model("culture_portal", "DisciplinaryMeasure")
    CalendarException = apps.get_model("culture_portal", "CalendarException")
    for track, step, condition, days, counting, valid_from, basis in CONDITION_RULES:
        DeadlineRule.objects.get_or_create(
            track=track, step=step, condition=condition, valid_from=valid_from,
            defaults={"days": days, "counting": counting, "legal_basis": basis},
        )  # fmt: skip
    for code, name, applies_to, severity, (valid_from, valid_until, basis) in MEASURES:
        DisciplinaryMeasure.objects.get_or_create(
            code=code, applies_to=applies_to, valid_from=valid_from,
            defaults={"name": name, "kind": "disciplinary", "severity": severity, "valid_until": valid_until,
                      "legal_basis": basis},
        )  # fmt: skip
    # An administrator may have recorded these days already: their record stays.
    for day, kind, name in CALENDAR_2026:
        CalendarException.objects.get_or_create(
            date=day, defaults={"kind": kind, "name": name, "legal_basis": LETTER_12729}
        )


class Migration(migrations.Migration):
    dependencies = [("culture_portal", "0011_names_sort_and_search")]

    operations = [
        migrations.AlterModelOptions(
            name="deadlinerule",
            options={
                "ordering": ["track", "step", "condition", "-valid_from"],
                "verbose_name": "deadline rule",
                "verbose_name_plural": "deadline rules",
            },
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="condition",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Standard"),
                    ("remote", "Remote or hard-to-reach area (vùng sâu, vùng xa)"),
                    ("second_level", "Second-level complaint (khiếu nại lần hai)"),
                    ("second_level_remote", "Second-level complaint in a remote or hard-to-reach area"),
                    ("several_places", "Verification needed in several places"),
                ],
                db_default="",
                default="",
                help_text="Leave standard unless the law gives this condition its own period.",
                max_length=24,
                verbose_name="condition",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
