"""Demo data: a Hà Tĩnh city organisation as it was organised before the 2025 reorganisation.

Names here are sample records, not rules: administrators rename and merge
units in the back office when the real organisation changes.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from culture_portal.models import IssuingBody, Official, Signatory, Unit
from culture_portal.organisation import role_grant, unit_save
from culture_portal.roles import Role

DEMO_PASSWORD = "VanHoaCongVu@2026"  # noqa: S105 - printed in the README; demo only with DEBUG on  # nosec B105

K = Unit.Kind
UNITS = [
    # code, name, kind, parent code
    ("UBND-TP", "Ủy ban nhân dân thành phố Hà Tĩnh", K.PEOPLES_COMMITTEE, None),
    ("VP", "Văn phòng HĐND và UBND thành phố", K.OFFICE, "UBND-TP"),
    ("P-NV", "Phòng Nội vụ", K.OFFICE, "UBND-TP"),
    ("P-TCKH", "Phòng Tài chính - Kế hoạch", K.OFFICE, "UBND-TP"),
    ("P-TP", "Phòng Tư pháp", K.OFFICE, "UBND-TP"),
    ("P-TNMT", "Phòng Tài nguyên và Môi trường", K.OFFICE, "UBND-TP"),
    ("P-QLDT", "Phòng Quản lý đô thị", K.OFFICE, "UBND-TP"),
    ("P-VHTT", "Phòng Văn hóa và Thông tin", K.OFFICE, "UBND-TP"),
    ("P-GDDT", "Phòng Giáo dục và Đào tạo", K.OFFICE, "UBND-TP"),
    ("P-LDTBXH", "Phòng Lao động - Thương binh và Xã hội", K.OFFICE, "UBND-TP"),
    ("TTRA", "Thanh tra thành phố", K.OFFICE, "UBND-TP"),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng thành phố", K.BOARD, "UBND-TP"),
    ("TTVH", "Trung tâm Văn hóa - Truyền thông thành phố", K.PUBLIC_SERVICE_UNIT, "UBND-TP"),
    ("TTHCC", "Trung tâm Hành chính công thành phố", K.SERVICE_CENTRE, "UBND-TP"),
    ("TTHCC-Q1", "Quầy số 1 - Đất đai, xây dựng", K.RECEPTION_DESK, "TTHCC"),
    ("TTHCC-Q2", "Quầy số 2 - Tư pháp, hộ tịch", K.RECEPTION_DESK, "TTHCC"),
    ("TTHCC-Q3", "Quầy số 3 - Kinh doanh, đầu tư", K.RECEPTION_DESK, "TTHCC"),
    ("PH-BACHA", "UBND phường Bắc Hà", K.WARD, "UBND-TP"),
    ("PH-BACHA-MC", "Bộ phận một cửa phường Bắc Hà", K.RECEPTION_DESK, "PH-BACHA"),
    ("PH-NAMHA", "UBND phường Nam Hà", K.WARD, "UBND-TP"),
    ("PH-NAMHA-MC", "Bộ phận một cửa phường Nam Hà", K.RECEPTION_DESK, "PH-NAMHA"),
    ("PH-TRANPHU", "UBND phường Trần Phú", K.WARD, "UBND-TP"),
    ("PH-HAHUYTAP", "UBND phường Hà Huy Tập", K.WARD, "UBND-TP"),
    ("PH-NGUYENDU", "UBND phường Nguyễn Du", K.WARD, "UBND-TP"),
    ("PH-TANGIANG", "UBND phường Tân Giang", K.WARD, "UBND-TP"),
    ("XA-THACHHA", "UBND xã Thạch Hạ", K.COMMUNE, "UBND-TP"),
    ("XA-DONGMON", "UBND xã Đồng Môn", K.COMMUNE, "UBND-TP"),
]

C = Official.Category
OFFICIALS = [
    # employee code, full name, position, category, unit code, demo login
    ("HT0001", "Võ Hồng Hải", "Phó Chủ tịch UBND thành phố", C.CADRE, "UBND-TP", "leader"),
    ("HT0002", "Nguyễn Thị Thanh Bình", "Chủ tịch UBND thành phố", C.CADRE, "UBND-TP", None),
    ("HT0003", "Đặng Quốc Bảo", "Chuyên viên công nghệ thông tin", C.CIVIL_SERVANT, "VP", "admin"),
    ("HT0004", "Trần Văn Đức", "Chánh Văn phòng", C.CIVIL_SERVANT, "VP", None),
    ("HT0005", "Nguyễn Văn Hùng", "Phó Trưởng phòng Nội vụ", C.CIVIL_SERVANT, "P-NV", "inspector"),
    ("HT0006", "Phạm Thị Lan", "Chuyên viên cải cách hành chính", C.CIVIL_SERVANT, "P-NV", None),
    ("HT0007", "Hoàng Minh Tuấn", "Trưởng phòng Nội vụ", C.CIVIL_SERVANT, "P-NV", None),
    ("HT0008", "Lê Thị Hồng Nhung", "Kế toán", C.CIVIL_SERVANT, "P-TCKH", None),
    ("HT0009", "Bùi Văn Thắng", "Trưởng phòng Tài chính - Kế hoạch", C.CIVIL_SERVANT, "P-TCKH", None),
    ("HT0010", "Trần Thị Hương", "Chuyên viên pháp chế", C.CIVIL_SERVANT, "P-TP", "staff"),
    ("HT0011", "Đinh Công Sơn", "Trưởng phòng Tư pháp", C.CIVIL_SERVANT, "P-TP", None),
    ("HT0012", "Nguyễn Thị Thu Hà", "Chuyên viên quản lý đất đai", C.CIVIL_SERVANT, "P-TNMT", None),
    ("HT0013", "Phan Văn Nam", "Trưởng phòng Tài nguyên và Môi trường", C.CIVIL_SERVANT, "P-TNMT", None),
    ("HT0014", "Dương Thị Kim Oanh", "Chuyên viên quy hoạch", C.CIVIL_SERVANT, "P-QLDT", None),
    ("HT0015", "Lê Đình Quang", "Trưởng phòng Quản lý đô thị", C.CIVIL_SERVANT, "P-QLDT", None),
    ("HT0016", "Trương Thị Ngọc Ánh", "Chuyên viên văn hóa", C.CIVIL_SERVANT, "P-VHTT", None),
    ("HT0017", "Nguyễn Hữu Phước", "Chuyên viên giáo dục", C.CIVIL_SERVANT, "P-GDDT", None),
    ("HT0018", "Võ Thị Yến", "Chuyên viên lao động", C.CIVIL_SERVANT, "P-LDTBXH", None),
    ("HT0019", "Hồ Sỹ Thành", "Chánh Thanh tra", C.CIVIL_SERVANT, "TTRA", None),
    ("HT0020", "Nguyễn Đình Khánh", "Thanh tra viên", C.CIVIL_SERVANT, "TTRA", None),
    ("HT0021", "Trần Quốc Việt", "Giám đốc Ban Quản lý dự án", C.PUBLIC_EMPLOYEE, "BQLDA", None),
    ("HT0022", "Lê Văn Toàn", "Kỹ sư giám sát", C.PUBLIC_EMPLOYEE, "BQLDA", None),
    ("HT0023", "Phạm Thị Thủy", "Phóng viên", C.PUBLIC_EMPLOYEE, "TTVH", None),
    ("HT0024", "Lê Thị Mai", "Chuyên viên tiếp nhận phản ánh, kiến nghị", C.CIVIL_SERVANT, "TTHCC", "officer"),
    ("HT0025", "Nguyễn Văn Lộc", "Giám đốc Trung tâm Hành chính công", C.CIVIL_SERVANT, "TTHCC", None),
    ("HT0026", "Hà Thị Quỳnh", "Công chức tiếp nhận hồ sơ đất đai", C.CIVIL_SERVANT, "TTHCC-Q1", None),
    ("HT0027", "Trần Minh Châu", "Công chức tư pháp - hộ tịch", C.CIVIL_SERVANT, "TTHCC-Q2", None),
    ("HT0028", "Đoàn Thị Hạnh", "Công chức tiếp nhận hồ sơ kinh doanh", C.CIVIL_SERVANT, "TTHCC-Q3", None),
    ("HT0029", "Phan Đình Long", "Chủ tịch UBND phường Bắc Hà", C.CADRE, "PH-BACHA", "unithead"),
    ("HT0030", "Nguyễn Thị Hoa", "Công chức Văn phòng - Thống kê", C.CIVIL_SERVANT, "PH-BACHA", None),
    ("HT0031", "Lê Văn Bình", "Công chức Tư pháp - Hộ tịch", C.CIVIL_SERVANT, "PH-BACHA-MC", None),
    ("HT0032", "Trần Thị Ngân", "Công chức Địa chính - Xây dựng", C.CIVIL_SERVANT, "PH-BACHA-MC", None),
    ("HT0033", "Võ Văn Tình", "Chủ tịch UBND phường Nam Hà", C.CADRE, "PH-NAMHA", None),
    ("HT0034", "Nguyễn Thị Phương", "Công chức Tư pháp - Hộ tịch", C.CIVIL_SERVANT, "PH-NAMHA-MC", None),
    ("HT0035", "Hoàng Văn Cường", "Chỉ huy trưởng Quân sự phường", C.ARMED_FORCES, "PH-TRANPHU", None),
    ("HT0036", "Bùi Thị Lệ", "Công chức Văn hóa - Xã hội", C.CIVIL_SERVANT, "PH-HAHUYTAP", None),
    ("HT0037", "Đặng Văn Hiếu", "Công chức Địa chính", C.CIVIL_SERVANT, "PH-NGUYENDU", None),
    ("HT0038", "Lê Thị Hằng", "Công chức Tư pháp - Hộ tịch", C.CIVIL_SERVANT, "PH-TANGIANG", None),
    ("HT0039", "Nguyễn Văn Thanh", "Chủ tịch UBND xã Thạch Hạ", C.CADRE, "XA-THACHHA", None),
    ("HT0040", "Trần Văn Hòa", "Nhân viên bảo vệ", C.CONTRACT, "XA-DONGMON", None),
]

ACCOUNT_ROLES = {
    "staff": [Role.STAFF],
    "inspector": [Role.STAFF, Role.INSPECTOR],
    "officer": [Role.STAFF, Role.FEEDBACK_OFFICER],
    "unithead": [Role.STAFF, Role.UNIT_HEAD],
    "leader": [Role.STAFF, Role.LEADERSHIP],
    "admin": [Role.STAFF, Role.ADMINISTRATOR],
}

ISSUING_BODIES = [
    # unit code, name, parent body, place, symbol
    ("UBND-TP", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ TĨNH", "", "Hà Tĩnh", "UBND"),
    ("P-NV", "PHÒNG NỘI VỤ", "UBND THÀNH PHỐ HÀ TĨNH", "Hà Tĩnh", "NV"),
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
    created = {"units": 0, "officials": 0, "accounts": 0}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[row[0] for row in UNITS])}
    for code, name, kind, parent_code in UNITS:
        if code not in units:
            units[code] = unit_save(unit=Unit(code=code, name=name, kind=kind, parent=units.get(parent_code)))
            created["units"] += 1
    for unit_code, name, parent_name, place, symbol in ISSUING_BODIES:
        IssuingBody.objects.get_or_create(
            unit=units[unit_code],
            valid_from=datetime.date(2019, 1, 1),
            defaults={"name": name, "parent_name": parent_name, "place_name": place, "symbol": symbol},
        )
    users = _accounts(created)
    Signatory.objects.get_or_create(
        issuing_body_unit=units["UBND-TP"],
        user=users["leader"],
        valid_from=datetime.date(2019, 1, 1),
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
