"""Role fixtures: one signed-in-able user per role, each linked to an official in a small tree.

city (People's Committee)
├── office_a (with a sub-unit desk_a)
└── ward_b
"""

import pytest

from culture_portal.models import Unit
from culture_portal.roles import Role
from tests.factories import OfficialFactory, UnitFactory, UserFactory

PASSWORD = "Mat-khau-thu-nghiem-2026"


@pytest.fixture
def tree(db):
    city = UnitFactory(code="CITY", name="Ủy ban nhân dân thành phố", kind=Unit.Kind.PEOPLES_COMMITTEE)
    office_a = UnitFactory(code="OFFICE-A", name="Phòng Nội vụ", parent=city)
    desk_a = UnitFactory(code="DESK-A", name="Quầy một cửa A", kind=Unit.Kind.RECEPTION_DESK, parent=office_a)
    ward_b = UnitFactory(code="WARD-B", name="UBND phường Bắc Hà", kind=Unit.Kind.WARD, parent=city)
    return {"city": city, "office_a": office_a, "desk_a": desk_a, "ward_b": ward_b}


def _user_with_roles(roles, unit, username):
    user = UserFactory(username=username, roles=roles)
    OfficialFactory(user=user, unit=unit, full_name=f"Cán bộ {username}")
    return user


@pytest.fixture
def staff_user(tree):
    return _user_with_roles([Role.STAFF], tree["office_a"], "staff")


@pytest.fixture
def inspector_user(tree):
    return _user_with_roles([Role.STAFF, Role.INSPECTOR], tree["office_a"], "inspector")


@pytest.fixture
def officer_user(tree):
    return _user_with_roles([Role.STAFF, Role.FEEDBACK_OFFICER], tree["city"], "officer")


@pytest.fixture
def unit_head_user(tree):
    return _user_with_roles([Role.STAFF, Role.UNIT_HEAD], tree["office_a"], "unithead")


@pytest.fixture
def leader_user(tree):
    return _user_with_roles([Role.STAFF, Role.LEADERSHIP], tree["city"], "leader")


@pytest.fixture
def admin_user_role(tree):
    return _user_with_roles([Role.STAFF, Role.ADMINISTRATOR], tree["city"], "admin")


ROLE_FIXTURES = ["staff_user", "inspector_user", "officer_user", "unit_head_user", "leader_user", "admin_user_role"]


@pytest.fixture(params=ROLE_FIXTURES)
def any_role_user(request):
    return request.getfixturevalue(request.param)
