"""Role fixtures: one signed-in-able user per role, each linked to an official in a small tree; `world` holds them
all, with an inspection and a case.

city (People's Committee)
├── office_a (with a sub-unit desk_a)
└── ward_b
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.utils import translation

from culture_portal import celery_app
from culture_portal.identity import portal_identity_forget
from culture_portal.models import IssuingBody, Signatory, Unit
from culture_portal.roles import Role
from feedback.forms import norm_topics_forget
from tests.factories import CaseFactory, InspectionFactory, OfficialFactory, UnitFactory, UserFactory

PASSWORD = "Mat-khau-thu-nghiem-2026"


@pytest.fixture
def tree(db):
    return build_tree()


def build_tree() -> dict:
    """The unit tree most tests stand on (the permission matrix's world too): a city, an office with a desk, a ward."""
    city = UnitFactory(code="CITY", name="Ủy ban nhân dân thành phố", kind=Unit.Kind.PEOPLES_COMMITTEE)
    office_a = UnitFactory(code="OFFICE-A", name="Phòng Nội vụ", parent=city)
    desk_a = UnitFactory(code="DESK-A", name="Quầy một cửa A", kind=Unit.Kind.RECEPTION_DESK, parent=office_a)
    ward_b = UnitFactory(code="WARD-B", name="UBND phường Bắc Hà", kind=Unit.Kind.WARD, parent=city)
    IssuingBody.objects.create(
        unit=city, name="Ủy ban nhân dân thành phố Hà Tĩnh", place_name="Hà Tĩnh", symbol="UBND",
        valid_from=datetime.date(2019, 1, 1),
    )  # fmt: skip
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
    user = _user_with_roles([Role.STAFF, Role.LEADERSHIP], tree["city"], "leader")
    Signatory.objects.create(
        issuing_body_unit=tree["city"], user=user, full_name="Võ Hồng Hải", capacity="KT. CHỦ TỊCH",
        title="PHÓ CHỦ TỊCH", valid_from=datetime.date(2019, 1, 1),
    )  # fmt: skip
    return user


@pytest.fixture
def admin_user_role(tree):
    return _user_with_roles([Role.STAFF, Role.ADMINISTRATOR], tree["city"], "admin")


ROLE_FIXTURES = ["staff_user", "inspector_user", "officer_user", "unit_head_user", "leader_user", "admin_user_role"]


@pytest.fixture(params=ROLE_FIXTURES)
def any_role_user(request):
    return request.getfixturevalue(request.param)


@dataclass
class World:
    """The tree and a user per role: the very objects of the fixtures above (`world.inspector is inspector_user`).
    The inspection and the case are made on first use, so a test that does not read them has no such rows."""

    city: Unit
    office_a: Unit
    desk_a: Unit
    ward_b: Unit
    staff: object
    inspector: object
    officer: object
    unit_head: object
    leader: object
    admin: object

    @cached_property
    def inspection(self):
        """A surprise inspection of office_a, led by the inspector, not started yet."""
        return InspectionFactory(surprise=True, leader=self.inspector, units=[self.office_a])

    @cached_property
    def case(self):
        """A case about desk_a received from the web form, waiting for triage."""
        return CaseFactory(unit=self.desk_a)


@pytest.fixture
def world(tree, staff_user, inspector_user, officer_user, unit_head_user, leader_user, admin_user_role):
    return World(
        **tree, staff=staff_user, inspector=inspector_user, officer=officer_user, unit_head=unit_head_user,
        leader=leader_user, admin=admin_user_role,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """Tasks run eagerly in tests even when CI configures a broker; tests marked `worker` use a real one."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous


@pytest.fixture(autouse=True)
def portal_identity_read_afresh():
    """The portal's identity and the citizen form's topics are cached across requests: each test reads its own
    data (and pays the same queries for it, whatever ran before)."""
    portal_identity_forget()
    norm_topics_forget()  # the citizen form's topics: each test's own norms (a rollback sends no signal)
    yield
    portal_identity_forget()
    norm_topics_forget()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Vietnamese): a test that switched to English (a request through
    the test client, translation.activate) can leave it active in this thread, and under pytest-xdist a process
    runs the tests in another order than the files', so the next test there would read English messages."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def two_factor_off(settings, request):
    """The suite signs users in with force_login (no second factor): 2FA is required only in tests marked
    `two_factor`. Browser journeys run in this process (live server thread), so the setting reaches them too."""
    settings.TWO_FACTOR_REQUIRED = request.node.get_closest_marker("two_factor") is not None


def pytest_configure(config):
    config.addinivalue_line("markers", "two_factor: two-factor authentication is required (TWO_FACTOR_REQUIRED)")
    _fast_password_hashing()


def _fast_password_hashing():
    """Passwords are hashed with MD5 in tests: the production hasher (PBKDF2, a million rounds) takes a quarter of
    a second per password on these machines, and the role fixtures alone set six. The production hashers stay
    listed after it, so a password hashed by them (a fixture file, another process) still checks. Browser
    journeys run their live server in this process: they sign in against the same list."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


def _is_browser_test(item) -> bool:
    return "tests/browser/" in item.nodeid.replace("\\", "/")


def pytest_itemcollected(item):
    """The xdist groups, marked as each test is collected (before pytest-xdist's hook reads the marks)."""
    if _is_browser_test(item):
        item.add_marker(pytest.mark.xdist_group("browser"))
    elif item.get_closest_marker("worker"):
        item.add_marker(pytest.mark.xdist_group("worker"))


def pytest_collection_modifyitems(config, items):
    """Browser journeys run last: Playwright's event loop, once started, changes which database connection
    objects Django hands out in this thread, and other transactional tests rely on their own snapshot (and the
    `browser` fixture sets DJANGO_ALLOW_ASYNC_UNSAFE in this process until the session ends).

    The tests of a real Celery worker come just before them: they are transactional (each ends by emptying its
    database), so no test that expects the rows made by migrations may follow them in a process. `make test` runs
    them in a pytest process of their own beside the xdist run of the rest (Makefile); a plain `pytest` runs
    everything in this order.

    Under pytest-xdist (`--dist loadgroup --no-loadscope-reorder`) the browser journeys run whole in one xdist worker
    (one chromium, the snapshot taken once), last, so nothing follows them there; the query counts of every page run
    whole in one xdist worker too, first: their one fixture GETs every page twice before the first of them passes,
    and the other workers spread the rest meanwhile.
    Not tryfirst: this order is applied after pytest-django's own (database tests first).
    """
    items.sort(key=_run_order)


def _run_order(item) -> int:
    if item.nodeid.startswith("tests/test_query_counts_every_page.py"):
        return -1
    if item.get_closest_marker("worker"):
        return 1
    if _is_browser_test(item):
        return 2
    return 0
