"""Demo data: Hà Tĩnh as organised in December 2026, and how it got there.

The present is the two-tier local government in force since 1 July 2025: the provincial People's Committee, its
departments (the Department of Home Affairs runs the civil-service culture programme) and the new wards and
communes that took over the former city's area, each with its public administration service centre and desks.

The past is the former city of Hà Tĩnh (its People's Committee, offices, centre, wards and communes as they were
before 1 July 2025). The demo records the reorganisations and applies them the way an administrator does
(`culture_portal.reorganisation`), so a newcomer sees both: the ceased units keep their pages and point to their
successors. Which former ward went into which new ward is illustrative (see the README); the resolution's full
list is data an administrator records, not code.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from culture_portal.models import IssuingBody, Official, Reorganisation, Signatory, Unit
from culture_portal.organisation import role_grant, unit_save
from culture_portal.reorganisation import reorganisation_apply, reorganisation_save
from culture_portal.roles import Role

DEMO_PASSWORD = "VanHoaCongVu@2026"  # noqa: S105 - printed in the README; demo only with DEBUG on  # nosec B105

TWO_TIERS = datetime.date(2025, 7, 1)  # the district level ended; the new wards and communes began
BEFORE = datetime.date(2019, 1, 1)  # the former city's units, as far back as the demo's history goes

K = Unit.Kind
# The present: code, name, kind, parent code. In operation since TWO_TIERS (the province's committee long before).
UNITS = [
    ("UBND-TINH", "Ủy ban nhân dân tỉnh Hà Tĩnh", K.PROVINCIAL_COMMITTEE, None),
    ("VP-UBND", "Văn phòng Ủy ban nhân dân tỉnh", K.OFFICE, "UBND-TINH"),
    ("SNV", "Sở Nội vụ", K.DEPARTMENT, "UBND-TINH"),
    ("SNV-CCVC", "Phòng Công chức, viên chức", K.OFFICE, "SNV"),
    ("STC", "Sở Tài chính", K.DEPARTMENT, "UBND-TINH"),
    ("STP", "Sở Tư pháp", K.DEPARTMENT, "UBND-TINH"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", K.DEPARTMENT, "UBND-TINH"),
    ("SXD", "Sở Xây dựng", K.DEPARTMENT, "UBND-TINH"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", K.DEPARTMENT, "UBND-TINH"),
    ("TTR-TINH", "Thanh tra tỉnh", K.DEPARTMENT, "UBND-TINH"),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp tỉnh", K.BOARD, "UBND-TINH"),
    ("BPTTH", "Báo và Phát thanh, Truyền hình Hà Tĩnh", K.PUBLIC_SERVICE_UNIT, "UBND-TINH"),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", K.SERVICE_CENTRE, "UBND-TINH"),
    ("TTPVHCC-Q1", "Quầy số 1 - Đất đai, xây dựng", K.RECEPTION_DESK, "TTPVHCC"),
    ("TTPVHCC-Q2", "Quầy số 2 - Tư pháp, hộ tịch", K.RECEPTION_DESK, "TTPVHCC"),
    ("TTPVHCC-Q3", "Quầy số 3 - Kinh doanh, đầu tư", K.RECEPTION_DESK, "TTPVHCC"),
    ("PHUONG-THANHSEN", "Ủy ban nhân dân phường Thành Sen", K.WARD, "UBND-TINH"),
    ("PHUONG-THANHSEN-VHXH", "Phòng Văn hóa - Xã hội phường Thành Sen", K.OFFICE, "PHUONG-THANHSEN"),
    ("PHUONG-THANHSEN-TTPV", "Trung tâm Phục vụ hành chính công phường Thành Sen", K.SERVICE_CENTRE, "PHUONG-THANHSEN"),
    ("PHUONG-THANHSEN-Q1", "Quầy số 1 phường Thành Sen - Tư pháp, hộ tịch, đất đai", K.RECEPTION_DESK,
     "PHUONG-THANHSEN-TTPV"),
    ("PHUONG-THANHSEN-Q2", "Quầy số 2 phường Thành Sen - Kinh doanh, lao động, xã hội", K.RECEPTION_DESK,
     "PHUONG-THANHSEN-TTPV"),
    ("PHUONG-TRANPHU", "Ủy ban nhân dân phường Trần Phú", K.WARD, "UBND-TINH"),
    ("PHUONG-TRANPHU-TTPV", "Trung tâm Phục vụ hành chính công phường Trần Phú", K.SERVICE_CENTRE, "PHUONG-TRANPHU"),
    ("PHUONG-TRANPHU-Q1", "Quầy tiếp nhận và trả kết quả phường Trần Phú", K.RECEPTION_DESK, "PHUONG-TRANPHU-TTPV"),
    ("PHUONG-HAHUYTAP", "Ủy ban nhân dân phường Hà Huy Tập", K.WARD, "UBND-TINH"),
    ("PHUONG-HAHUYTAP-TTPV", "Trung tâm Phục vụ hành chính công phường Hà Huy Tập", K.SERVICE_CENTRE,
     "PHUONG-HAHUYTAP"),
    ("PHUONG-HAHUYTAP-Q1", "Quầy tiếp nhận và trả kết quả phường Hà Huy Tập", K.RECEPTION_DESK, "PHUONG-HAHUYTAP-TTPV"),
    ("XA-THACHLAC", "Ủy ban nhân dân xã Thạch Lạc", K.COMMUNE, "UBND-TINH"),
    ("XA-THACHLAC-TTPV", "Trung tâm Phục vụ hành chính công xã Thạch Lạc", K.SERVICE_CENTRE, "XA-THACHLAC"),
    ("XA-THACHLAC-Q1", "Quầy tiếp nhận và trả kết quả xã Thạch Lạc", K.RECEPTION_DESK, "XA-THACHLAC-TTPV"),
    ("XA-DONGTIEN", "Ủy ban nhân dân xã Đồng Tiến", K.COMMUNE, "UBND-TINH"),
    ("XA-DONGTIEN-TTPV", "Trung tâm Phục vụ hành chính công xã Đồng Tiến", K.SERVICE_CENTRE, "XA-DONGTIEN"),
    ("XA-DONGTIEN-Q1", "Quầy tiếp nhận và trả kết quả xã Đồng Tiến", K.RECEPTION_DESK, "XA-DONGTIEN-TTPV"),
    ("XA-THACHKHE", "Ủy ban nhân dân xã Thạch Khê", K.COMMUNE, "UBND-TINH"),
    ("XA-THACHKHE-TTPV", "Trung tâm Phục vụ hành chính công xã Thạch Khê", K.SERVICE_CENTRE, "XA-THACHKHE"),
    ("XA-THACHKHE-Q1", "Quầy tiếp nhận và trả kết quả xã Thạch Khê", K.RECEPTION_DESK, "XA-THACHKHE-TTPV"),
]  # fmt: skip

# The past: the former city of Hà Tĩnh under the province, as it was until 30/6/2025.
FORMER_CITY = [
    ("UBND-TP", "Ủy ban nhân dân thành phố Hà Tĩnh", K.PEOPLES_COMMITTEE, "UBND-TINH"),
    ("VP", "Văn phòng HĐND và UBND thành phố", K.OFFICE, "UBND-TP"),
    ("P-NV", "Phòng Nội vụ", K.OFFICE, "UBND-TP"),
    ("P-TCKH", "Phòng Tài chính - Kế hoạch", K.OFFICE, "UBND-TP"),
    ("P-TP", "Phòng Tư pháp", K.OFFICE, "UBND-TP"),
    ("P-TNMT", "Phòng Tài nguyên và Môi trường", K.OFFICE, "UBND-TP"),
    ("P-VHTT", "Phòng Văn hóa và Thông tin", K.OFFICE, "UBND-TP"),
    ("TTRA", "Thanh tra thành phố", K.OFFICE, "UBND-TP"),
    ("TTHCC", "Trung tâm Hành chính công thành phố", K.SERVICE_CENTRE, "UBND-TP"),
    ("TTHCC-Q1", "Quầy số 1 - Đất đai, xây dựng", K.RECEPTION_DESK, "TTHCC"),
    ("TTHCC-Q2", "Quầy số 2 - Tư pháp, hộ tịch", K.RECEPTION_DESK, "TTHCC"),
    ("PH-BACHA", "UBND phường Bắc Hà", K.WARD, "UBND-TP"),
    ("PH-BACHA-MC", "Bộ phận một cửa phường Bắc Hà", K.RECEPTION_DESK, "PH-BACHA"),
    ("PH-NAMHA", "UBND phường Nam Hà", K.WARD, "UBND-TP"),
    ("PH-NAMHA-MC", "Bộ phận một cửa phường Nam Hà", K.RECEPTION_DESK, "PH-NAMHA"),
    ("PH-NGUYENDU", "UBND phường Nguyễn Du", K.WARD, "UBND-TP"),
    ("PH-TANGIANG", "UBND phường Tân Giang", K.WARD, "UBND-TP"),
    ("PH-TRANPHU", "UBND phường Trần Phú", K.WARD, "UBND-TP"),
    ("PH-HAHUYTAP", "UBND phường Hà Huy Tập", K.WARD, "UBND-TP"),
    ("XA-THACHHA", "UBND xã Thạch Hạ", K.COMMUNE, "UBND-TP"),
    ("XA-DONGMON", "UBND xã Đồng Môn", K.COMMUNE, "UBND-TP"),
]

R = Reorganisation.Kind
WARDS_RESOLUTION = "Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"
LOCAL_GOVERNMENT_LAW = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (chấm dứt hoạt động cấp huyện)"
# Applied in this order on TWO_TIERS: the wards first (so they leave the city's subtree), then the city's centre,
# then the city itself with what is left of it (its offices), whose work the province took over.
REORGANISATIONS = [
    # kind, legal basis, units that cease, successor, note
    (R.MERGE, WARDS_RESOLUTION, ["PH-BACHA", "PH-NAMHA", "PH-NGUYENDU", "PH-TANGIANG"], "PHUONG-THANHSEN",
     "Minh họa: danh sách phường, xã cũ nhập vào phường Thành Sen theo Nghị quyết."),
    (R.MERGE, WARDS_RESOLUTION, ["PH-TRANPHU", "XA-DONGMON"], "PHUONG-TRANPHU",
     "Minh họa: danh sách phường, xã cũ nhập vào phường Trần Phú theo Nghị quyết."),
    (R.MERGE, WARDS_RESOLUTION, ["PH-HAHUYTAP", "XA-THACHHA"], "PHUONG-HAHUYTAP",
     "Minh họa: danh sách phường, xã cũ nhập vào phường Hà Huy Tập theo Nghị quyết."),
    (R.MERGE, LOCAL_GOVERNMENT_LAW, ["TTHCC"], "PHUONG-THANHSEN-TTPV",
     "Trụ sở và việc tiếp nhận hồ sơ của Trung tâm Hành chính công thành phố chuyển về phường Thành Sen (minh họa)."),
    (R.DISSOLVE, LOCAL_GOVERNMENT_LAW, ["UBND-TP"], "UBND-TINH",
     "Cấp huyện kết thúc hoạt động; nhiệm vụ của UBND thành phố chuyển về UBND tỉnh và các phường, xã."),
]  # fmt: skip

C = Official.Category
OFFICIALS = [
    # employee code, full name, position, category, unit code, demo login
    ("HT0001", "Võ Hồng Hải", "Phó Chủ tịch UBND tỉnh", C.CADRE, "UBND-TINH", "leader"),
    ("HT0002", "Nguyễn Thị Thanh Bình", "Chủ tịch UBND tỉnh", C.CADRE, "UBND-TINH", None),
    ("HT0003", "Đặng Quốc Bảo", "Chuyên viên công nghệ thông tin", C.CIVIL_SERVANT, "VP-UBND", "admin"),
    ("HT0004", "Trần Văn Đức", "Chánh Văn phòng UBND tỉnh", C.CIVIL_SERVANT, "VP-UBND", None),
    ("HT0005", "Nguyễn Văn Hùng", "Phó Giám đốc Sở Nội vụ", C.CIVIL_SERVANT, "SNV", "inspector"),
    ("HT0006", "Phạm Thị Lan", "Chuyên viên cải cách hành chính", C.CIVIL_SERVANT, "SNV-CCVC", None),
    ("HT0007", "Hoàng Minh Tuấn", "Giám đốc Sở Nội vụ", C.CIVIL_SERVANT, "SNV", None),
    ("HT0008", "Lê Thị Hồng Nhung", "Kế toán", C.CIVIL_SERVANT, "STC", None),
    ("HT0009", "Bùi Văn Thắng", "Giám đốc Sở Tài chính", C.CIVIL_SERVANT, "STC", None),
    ("HT0010", "Trần Thị Hương", "Chuyên viên pháp chế", C.CIVIL_SERVANT, "STP", "staff"),
    ("HT0011", "Đinh Công Sơn", "Giám đốc Sở Tư pháp", C.CIVIL_SERVANT, "STP", None),
    ("HT0012", "Nguyễn Thị Thu Hà", "Chuyên viên quản lý đất đai", C.CIVIL_SERVANT, "SNNMT", None),
    ("HT0013", "Phan Văn Nam", "Giám đốc Sở Nông nghiệp và Môi trường", C.CIVIL_SERVANT, "SNNMT", None),
    ("HT0014", "Dương Thị Kim Oanh", "Chuyên viên quy hoạch", C.CIVIL_SERVANT, "SXD", None),
    ("HT0015", "Lê Đình Quang", "Giám đốc Sở Xây dựng", C.CIVIL_SERVANT, "SXD", None),
    ("HT0016", "Trương Thị Ngọc Ánh", "Chuyên viên văn hóa", C.CIVIL_SERVANT, "SVHTTDL", None),
    ("HT0017", "Nguyễn Hữu Phước", "Chuyên viên giáo dục", C.CIVIL_SERVANT, "PHUONG-THANHSEN-VHXH", None),
    ("HT0018", "Võ Thị Yến", "Chuyên viên lao động, xã hội", C.CIVIL_SERVANT, "PHUONG-THANHSEN-VHXH", None),
    ("HT0019", "Hồ Sỹ Thành", "Chánh Thanh tra tỉnh", C.CIVIL_SERVANT, "TTR-TINH", None),
    ("HT0020", "Nguyễn Đình Khánh", "Thanh tra viên", C.CIVIL_SERVANT, "TTR-TINH", None),
    ("HT0021", "Trần Quốc Việt", "Giám đốc Ban Quản lý dự án", C.PUBLIC_EMPLOYEE, "BQLDA", None),
    ("HT0022", "Lê Văn Toàn", "Kỹ sư giám sát", C.PUBLIC_EMPLOYEE, "BQLDA", None),
    ("HT0023", "Phạm Thị Thủy", "Phóng viên", C.PUBLIC_EMPLOYEE, "BPTTH", None),
    ("HT0024", "Lê Thị Mai", "Chuyên viên tiếp nhận phản ánh, kiến nghị", C.CIVIL_SERVANT, "TTPVHCC", "officer"),
    ("HT0025", "Nguyễn Văn Lộc", "Giám đốc Trung tâm Phục vụ hành chính công tỉnh", C.CIVIL_SERVANT, "TTPVHCC", None),
    ("HT0026", "Hà Thị Quỳnh", "Công chức tiếp nhận hồ sơ đất đai", C.CIVIL_SERVANT, "TTPVHCC-Q1", None),
    ("HT0027", "Trần Minh Châu", "Công chức tư pháp - hộ tịch", C.CIVIL_SERVANT, "TTPVHCC-Q2", None),
    ("HT0028", "Đoàn Thị Hạnh", "Công chức tiếp nhận hồ sơ kinh doanh", C.CIVIL_SERVANT, "TTPVHCC-Q3", None),
    ("HT0029", "Phan Đình Long", "Chủ tịch UBND phường Thành Sen", C.CADRE, "PHUONG-THANHSEN", "unithead"),
    ("HT0030", "Nguyễn Thị Hoa", "Giám đốc Trung tâm Phục vụ hành chính công phường", C.CIVIL_SERVANT,
     "PHUONG-THANHSEN-TTPV", None),
    ("HT0031", "Lê Văn Bình", "Công chức Tư pháp - Hộ tịch", C.CIVIL_SERVANT, "PHUONG-THANHSEN-Q1", None),
    ("HT0032", "Trần Thị Ngân", "Công chức Địa chính - Xây dựng", C.CIVIL_SERVANT, "PHUONG-THANHSEN-Q1", None),
    ("HT0033", "Võ Văn Tình", "Chủ tịch UBND phường Trần Phú", C.CADRE, "PHUONG-TRANPHU", None),
    ("HT0034", "Nguyễn Thị Phương", "Công chức Văn hóa - Xã hội", C.CIVIL_SERVANT, "PHUONG-THANHSEN-Q2", None),
    ("HT0035", "Hoàng Văn Cường", "Chỉ huy trưởng Ban Chỉ huy Quân sự phường", C.ARMED_FORCES, "PHUONG-HAHUYTAP",
     None),
    ("HT0036", "Bùi Thị Lệ", "Công chức Tư pháp - Hộ tịch", C.CIVIL_SERVANT, "PHUONG-HAHUYTAP-Q1", None),
    ("HT0037", "Đặng Văn Hiếu", "Công chức Địa chính", C.CIVIL_SERVANT, "XA-THACHLAC-Q1", None),
    ("HT0038", "Lê Thị Hằng", "Công chức Tư pháp - Hộ tịch", C.CIVIL_SERVANT, "XA-DONGTIEN-Q1", None),
    ("HT0039", "Nguyễn Văn Thanh", "Chủ tịch UBND xã Thạch Khê", C.CADRE, "XA-THACHKHE", None),
    ("HT0040", "Trần Văn Hòa", "Nhân viên bảo vệ", C.CONTRACT, "XA-THACHKHE", None),
]  # fmt: skip

ACCOUNT_ROLES = {
    "staff": [Role.STAFF],
    "inspector": [Role.STAFF, Role.INSPECTOR],
    "officer": [Role.STAFF, Role.FEEDBACK_OFFICER],
    "unithead": [Role.STAFF, Role.UNIT_HEAD],
    "leader": [Role.STAFF, Role.LEADERSHIP],
    "admin": [Role.STAFF, Role.ADMINISTRATOR],
}

ISSUING_BODIES = [
    # unit code, name, parent body, place, symbol, in force from, until
    ("UBND-TINH", "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "", "Hà Tĩnh", "UBND", BEFORE, None),
    ("SNV", "SỞ NỘI VỤ", "UBND TỈNH HÀ TĨNH", "Hà Tĩnh", "SNV", TWO_TIERS, None),
    ("PHUONG-THANHSEN", "ỦY BAN NHÂN DÂN PHƯỜNG THÀNH SEN", "", "Thành Sen", "UBND", TWO_TIERS, None),
    # History: the former city's documents keep their header.
    ("UBND-TP", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ TĨNH", "", "Hà Tĩnh", "UBND", BEFORE, TWO_TIERS - datetime.timedelta(1)),
]


class DemoRefused(Exception):
    pass


# Apps add their demo data with register_demo_loader() in AppConfig.ready(); the core knows no app.
_loaders = []


def register_demo_loader(loader) -> None:
    """`loader()` creates what is missing and returns {"what": count created}."""
    if loader not in _loaders:
        _loaders.append(loader)


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create what is missing; never change what exists, so a second run changes nothing."""
    if not settings.DEBUG:
        raise DemoRefused("Demo data is only loaded with DEBUG on; it never runs in production settings.")
    created = _organisation_load()
    for loader in _loaders:
        created.update(loader())
    return created


def _organisation_load() -> dict[str, int]:
    created = {"units": 0, "officials": 0, "accounts": 0, "reorganisations": 0}
    units = _units(created)
    for unit_code, name, parent_name, place, symbol, valid_from, valid_until in ISSUING_BODIES:
        IssuingBody.objects.get_or_create(
            unit=units[unit_code],
            valid_from=valid_from,
            defaults={
                "name": name,
                "parent_name": parent_name,
                "place_name": place,
                "symbol": symbol,
                "valid_until": valid_until,
            },
        )
    users = _accounts(created)
    created["reorganisations"] = _reorganisations(units, user=users["admin"])
    Signatory.objects.get_or_create(
        issuing_body_unit=units["UBND-TINH"],
        user=users["leader"],
        valid_from=TWO_TIERS,
        defaults={"full_name": "Võ Hồng Hải", "capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"},
    )
    existing = set(
        Official.objects.filter(employee_code__in=[row[0] for row in OFFICIALS]).values_list("employee_code", flat=True)
    )
    for code, full_name, position, category, unit_code, login in OFFICIALS:
        if code in existing:
            continue
        Official.objects.create(
            employee_code=code,
            full_name=full_name,
            position=position,
            category=category,
            unit=units[unit_code],
            user=users.get(login),
            email=f"{login}@demo.hatinh.invalid" if login else "",
        )
        created["officials"] += 1
    return created


def _units(created: dict) -> dict[str, Unit]:
    """The present units first (so they come first in tree order), then the former city under the province."""
    rows = [(*row, TWO_TIERS) for row in UNITS] + [(*row, BEFORE) for row in FORMER_CITY]
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[row[0] for row in rows])}
    for code, name, kind, parent_code, valid_from in rows:
        if code not in units:
            unit = Unit(code=code, name=name, kind=kind, parent=units.get(parent_code), valid_from=valid_from)
            if parent_code is None:
                unit.valid_from = BEFORE
            units[code] = unit_save(unit=unit)
            created["units"] += 1
    return units


def _reorganisations(units: dict[str, Unit], *, user) -> int:
    """Record and apply the 2025 reorganisation, as an administrator does on the reorganisation screen."""
    count = 0
    for kind, basis, ceasing, successor, note in REORGANISATIONS:
        if Reorganisation.objects.filter(predecessors=units[ceasing[0]]).exists():
            continue
        reorganisation = reorganisation_save(
            reorganisation=Reorganisation(kind=kind, effective_on=TWO_TIERS, legal_basis=basis, note=note),
            predecessors=[units[code] for code in ceasing],
            successors=[units[successor]],
            main_successor=units[successor],
            user=user,
        )
        reorganisation_apply(reorganisation=reorganisation, user=user)
        count += 1
    for unit in units.values():
        unit.refresh_from_db()  # the reorganisations moved and deactivated units behind these objects
    return count


def _accounts(created: dict) -> dict:
    User = get_user_model()
    names = {login: full_name for _code, full_name, _p, _c, _u, login in OFFICIALS if login}
    users = {}
    for username, roles in ACCOUNT_ROLES.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            family, _space, given = names[username].rpartition(" ")
            user = User(username=username, first_name=given, last_name=family, email=f"{username}@demo.hatinh.invalid")
            user.set_password(DEMO_PASSWORD)
            user.save()
            for role in roles:
                role_grant(user=user, role=role)
            created["accounts"] += 1
        users[username] = user
    return users
