"""Demo inspections: an approved periodic inspection with findings, and a planned surprise inspection."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from culture_portal.models import Official, Unit
from inspections import services
from inspections.models import Inspection, InspectionPlan
from regulations.models import Norm, NormGroup


def inspections_demo_load() -> dict[str, int]:
    if Inspection.objects.exists() or not Norm.objects.exists():
        return {"inspections": 0}
    User = get_user_model()
    inspector, leader = User.objects.get(username="inspector"), User.objects.get(username="leader")
    codes = ["PHUONG-THANHSEN", "PHUONG-THANHSEN-Q1", "TTPVHCC"]
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    groups = NormGroup.objects.all()
    year = timezone.localdate().year
    plan = InspectionPlan.objects.create(year=year, title=f"Kế hoạch kiểm tra công vụ năm {year}", created_by=leader)
    start = timezone.make_aware(datetime.datetime(year, 3, 10, 7, 30))
    periodic = services.inspection_create(
        user=inspector,
        kind=Inspection.Kind.PERIODIC,
        title=f"Kiểm tra công vụ quý I/{year} tại phường Thành Sen",
        basis_reference="12/QĐ-UBND",
        basis_date=datetime.date(year, 3, 2),
        window_start=start,
        window_end=start + datetime.timedelta(hours=4),
        leader=inspector,
        units=[units["PHUONG-THANHSEN"], units["PHUONG-THANHSEN-Q1"]],
        norm_groups=groups,
        plan=plan,
    )
    services.inspection_start(inspection=periodic, user=inspector)
    desk = units["PHUONG-THANHSEN-Q1"]
    late = Official.objects.filter(unit=desk).order_by("employee_code").first()
    services.finding_record(
        inspection=periodic,
        unit=desk,
        official=late,
        norm=Norm.objects.get(code="GG-01"),
        observed="Đến cơ quan lúc 7 giờ 52, muộn 22 phút.",
        severity="minor",
        user=inspector,
    )
    services.finding_record(
        inspection=periodic,
        unit=desk,
        norm=Norm.objects.get(code="TP-01"),
        observed="Một công chức tại quầy một cửa không đeo thẻ công chức.",
        severity="minor",
        user=inspector,
    )
    services.finding_record(
        inspection=periodic,
        unit=units["PHUONG-THANHSEN"],
        norm=Norm.objects.get(code="GT-01"),
        observed="Tiếp công dân niềm nở, hướng dẫn đầy đủ một lần.",
        severity="minor",
        user=inspector,
        is_commendation=True,
    )
    services.findings_submit(inspection=periodic, user=inspector)
    services.conclusion_draft(
        inspection=periodic,
        user=inspector,
        overall="Cơ bản chấp hành tốt quy định về văn hóa công vụ.",
        good_points="Trụ sở gọn gàng; thái độ tiếp công dân niềm nở.",
        requirements=[(desk, "Chấn chỉnh việc chấp hành giờ giấc và đeo thẻ công chức tại quầy một cửa.", 10)],
    )
    services.conclusion_approve(inspection=periodic, user=leader, on=datetime.date(year, 3, 16))
    soon = timezone.now() + datetime.timedelta(days=3)
    services.inspection_create(
        user=inspector,
        kind=Inspection.Kind.SURPRISE,
        title="Kiểm tra đột xuất giờ giấc tại Trung tâm Phục vụ hành chính công tỉnh",
        basis_reference="45/QĐ-UBND",
        basis_date=timezone.localdate(),
        window_start=soon,
        window_end=soon + datetime.timedelta(hours=2),
        leader=inspector,
        units=[units["TTPVHCC"]],
        norm_groups=groups.filter(code__in=["working_hours", "dress"]),
    )
    return {"inspections": 2}
