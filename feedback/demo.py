"""Demo feedback: a web complaint waiting for triage, an answered one, a hotline call and a box opening."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from culture_portal.models import Unit
from feedback import services
from feedback.models import BoxOpening, Case, DeskRating
from regulations.models import Norm


def feedback_demo_load() -> dict[str, int]:
    if Case.objects.exists() or not Norm.objects.exists():
        return {"feedback cases": 0}
    User = get_user_model()
    officer = User.objects.get(username="officer")
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=["PHUONG-THANHSEN-Q1", "TTPVHCC-Q1", "TTPVHCC"])}
    rude = Norm.objects.filter(group__code="communication").first() or Norm.objects.first()
    now = timezone.now()
    waiting, _pin = services.case_submit(
        channel=Case.Channel.WEB, nature=Case.Nature.CRITICISM, norm=rude, unit=units["PHUONG-THANHSEN-Q1"],
        official_hint="Cán bộ tiếp nhận hồ sơ đất đai", served_on=timezone.localdate() - datetime.timedelta(days=2),
        description="Cán bộ tiếp nhận hồ sơ nói trống không, yêu cầu tôi bổ sung giấy tờ không có trong quy định.",
        full_name="Lê Thị Hoa", phone="0912 345 678", consent=True,
    )  # fmt: skip
    answered, _pin = services.case_submit(
        channel=Case.Channel.WEB, nature=Case.Nature.CRITICISM, norm=rude, unit=units["TTPVHCC-Q1"],
        description="Phải chờ 2 tiếng dù đã lấy số thứ tự, quầy số 1 vắng người trong giờ làm việc.",
        received_at=now - datetime.timedelta(days=12),
    )  # fmt: skip
    services.case_accept(case=answered, user=officer, track="feedback")
    services.case_assign(case=answered, user=officer, handling_unit=units["TTPVHCC"], assignee=officer)
    services.case_answer(
        case=answered, user=officer, publish=True, upheld=Case.Upheld.UPHELD,
        answer="Trung tâm đã kiểm tra camera, xác nhận quầy số 1 vắng 40 phút; cán bộ đã bị nhắc nhở và kiểm điểm.",
        public_summary="Người dân phản ánh quầy số 1 vắng người trong giờ làm việc. Trung tâm đã xác minh, nhắc nhở "
        "cán bộ và bố trí người thay thế khi vắng.",
    )  # fmt: skip
    services.case_submit(
        channel=Case.Channel.HOTLINE, nature=Case.Nature.PRAISE, unit=units["TTPVHCC-Q1"], keyed_in_by=officer,
        description="Người gọi khen cán bộ quầy số 1 hướng dẫn tận tình thủ tục cấp giấy phép xây dựng.",
    )  # fmt: skip
    BoxOpening.objects.create(
        location=units["TTPVHCC"], opened_on=timezone.localdate(), opened_by="Nguyễn Thị Mai",
        witnesses="Trần Văn Nam (Thanh tra tỉnh)", letter_count=2, created_by=officer,
    )  # fmt: skip
    DeskRating.objects.bulk_create(
        [DeskRating(unit=units["TTPVHCC-Q1"], score=score) for score in (3, 3, 2, 1, 3, 2)]
        + [DeskRating(unit=units["PHUONG-THANHSEN-Q1"], score=score) for score in (2, 1, 1, 3)]
    )
    return {"feedback cases": Case.objects.count()}
