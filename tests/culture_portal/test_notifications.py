"""Notifications people see (issue 14 §2): the bell, the list, opening one against the reader's rights, one rule for
who is told."""

# ruff: noqa: F811 - the feedback and regulations fixtures (norm, code_of_conduct) are imported, then requested

import datetime
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from culture_portal.models import Notification, Official, OutgoingEmail
from culture_portal.notifications import notify, unit_heads_of
from culture_portal.roles import Role
from feedback import services as feedback_services
from feedback.notification_subjects import CASE
from inspections import services as inspection_services
from inspections.actions import actions_send_reminders
from inspections.models import CorrectiveAction
from inspections.notification_subjects import ACTION, NOTICE
from regulations.demo import _norms
from regulations.models import Norm
from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.feedback.conftest import norm, submitted  # noqa: F401 - shared fixture
from tests.inspections.test_notices import ready_for_approval
from tests.regulations.conftest import code_of_conduct  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def _head(unit, username, **extra):
    user = UserFactory(username=username, roles=[Role.STAFF, Role.UNIT_HEAD], **extra)
    OfficialFactory(user=user, unit=unit)
    return user


def _legacy(user, text, *, url="/", read=False):
    """A row as written before subjects existed."""
    return Notification.objects.create(recipient=user, text=text, url=url, read_at=timezone.now() if read else None)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the accessible names are compared in English


@pytest.fixture
def city_head(tree):
    """The head of the city: answers for every unit below it."""
    return _head(tree["city"], "cityhead", email="city.head@example.org")


@pytest.fixture
def approved(
    tree, code_of_conduct, inspector_user, leader_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    """An inspection of OFFICE-A and WARD-B approved on 12/02/2026: its notice issued, one corrective action of
    OFFICE-A due 26/02/2026."""
    settings.MEDIA_ROOT = tmp_path
    _norms(code_of_conduct)
    inspection = ready_for_approval(tree, inspector_user)
    with django_capture_on_commit_callbacks(execute=True):
        inspection_services.conclusion_approve(inspection=inspection, user=leader_user, on=datetime.date(2026, 2, 12))
    return inspection


def _case_sent_to(unit, about, norm, officer):
    case, _pin = submitted(about, norm)
    feedback_services.case_accept(case=case, user=officer, track="complaint")
    feedback_services.case_assign(case=case, user=officer, handling_unit=unit, assignee=officer)
    return case


# --- the bell -------------------------------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_on_every_page(client, staff_user, leader_user):
    for number in range(3):
        _legacy(staff_user, f"Thông báo số {number}")
    _legacy(staff_user, "Đã đọc", read=True)
    _legacy(leader_user, "Của người khác")
    _english(client)
    client.force_login(staff_user)
    page = client.get(reverse("regulations:documents")).content.decode()
    assert 'aria-label="Notifications, 3 unread"' in page
    assert (
        f'href="{LIST}"' in page
        and '<span class="badge rounded-pill text-bg-warning" aria-hidden="true">3</span>' in page
    )


def test_the_bell_says_none_and_caps_at_99(client, staff_user):
    _english(client)
    client.force_login(staff_user)
    assert 'aria-label="Notifications, none unread"' in client.get(reverse("home")).content.decode()
    Notification.objects.bulk_create([Notification(recipient=staff_user, text=f"Số {n}") for n in range(120)])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert 'aria-label="Notifications, more than 99 unread"' in page and ">99+</span>" in page
    counts = [q["sql"] for q in queries if "culture_portal_notification" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 100" in counts[0], "one count, bounded"


def test_no_bell_for_anonymous_visitors(client):
    assert LIST not in client.get(reverse("home")).content.decode()


# --- the list -------------------------------------------------------------------------------------------------------


def test_the_list_is_newest_first_with_unread_marked_in_words(client, staff_user):
    first = _legacy(staff_user, "Thông báo thứ nhất", read=True)
    second = _legacy(staff_user, "Thông báo thứ hai")
    third = _legacy(staff_user, "Thông báo thứ ba")
    _english(client)
    client.force_login(staff_user)
    page = client.get(LIST).content.decode()
    assert page.index(third.text) < page.index(second.text) < page.index(first.text)
    assert page.count('<span class="badge text-bg-primary me-1">Unread</span>') == 2
    assert page.count("notification-unread") == 2
    assert reverse("notifications:read", args=[third.pk]) in page
    assert reverse("notifications:read", args=[first.pk]) not in page, "a read one has nothing to mark"


def test_the_list_pages_by_id_without_offset(client, staff_user):
    notes = Notification.objects.bulk_create(
        [Notification(recipient=staff_user, text=f"Số {n:03d}") for n in range(35)]
    )
    client.force_login(staff_user)
    response = client.get(LIST)
    shown = [item["note"].pk for item in response.context["items"]]
    newest = sorted((note.pk for note in notes), reverse=True)
    assert shown == newest[:30] and response.context["older"] == newest[29]
    response = client.get(LIST, {"before": response.context["older"]})
    assert [item["note"].pk for item in response.context["items"]] == newest[30:]
    assert response.context["older"] is None


def test_mark_one_and_mark_all_read(client, staff_user, leader_user):
    one, two, three = (_legacy(staff_user, f"Số {n}") for n in range(3))
    others = _legacy(leader_user, "Của lãnh đạo")
    client.force_login(staff_user)
    assert client.get(reverse("notifications:read", args=[one.pk])).status_code == 405
    response = client.post(reverse("notifications:read", args=[one.pk]), {"before": str(three.pk + 1)})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?before={three.pk + 1}"
    one.refresh_from_db(), two.refresh_from_db()
    assert one.read_at is not None and two.read_at is None
    assert client.post(reverse("notifications:read_all")).status_code == 302
    assert not Notification.objects.filter(recipient=staff_user, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None, "only the reader's own"
    _english(client)
    assert 'aria-label="Notifications, none unread"' in client.get(LIST).content.decode()


def test_another_users_notification_is_not_found(client, staff_user, leader_user):
    theirs = _legacy(leader_user, "Bí mật của lãnh đạo")
    client.force_login(staff_user)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_bad_input_never_fails(client, staff_user):
    _legacy(staff_user, "Một thông báo")
    client.force_login(staff_user)
    for before in ("abc", "-1", "1.5", "0x10", "9" * 40, "", "١٢", "1\x00"):
        assert client.get(LIST, {"before": before}).status_code == 200, before
    for pk in ("99999999", "9" * 25):
        assert client.get(f"{LIST}{pk}/").status_code == 404
        assert client.post(f"{LIST}{pk}/read/").status_code == 404
    assert client.get(f"{LIST}abc/").status_code == 404
    assert client.post(reverse("notifications:read_all"), {"before": "x"}).status_code == 302


def test_list_queries_are_bounded_and_do_not_grow(
    client, tree, officer_user, unit_head_user, approved, django_assert_max_num_queries
):
    """One of each kind (a case, a notice, an action, a legacy row) repeated: one rights check per kind per page."""
    case = _case_sent_to(tree["office_a"], tree["desk_a"], Norm.objects.get(code="GT-01"), officer_user)
    action = CorrectiveAction.objects.get()
    kinds = [
        (CASE, str(case.public_id)),
        (NOTICE, str(approved.public_id)),
        (ACTION, str(action.public_id)),
        (CASE, str(uuid.uuid4())),  # a case that no longer exists
        ("", ""),
    ]

    def fill(count):
        Notification.objects.filter(recipient=unit_head_user).delete()
        Notification.objects.bulk_create(
            Notification(recipient=unit_head_user, text=f"Số {n}", url="/", subject_type=kinds[n % 5][0],
                         subject_key=kinds[n % 5][1])
            for n in range(count)
        )  # fmt: skip

    client.force_login(unit_head_user)
    counts = []
    for count in (5, 200):
        fill(count)
        # 11: session, user, the page's rows (31 at most), the permissions (2), the roles, the official (unit head's
        # scope), one rights check per subject type (cases, actions, notices), the bell's count; 12 leaves room for
        # one more on the base page.
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- opening one against the reader's rights -------------------------------------------------------------------------


def test_opening_leads_to_the_object_and_marks_it_read(client, tree, norm, officer_user, unit_head_user):
    case = _case_sent_to(tree["office_a"], tree["desk_a"], norm, officer_user)
    note = Notification.objects.get(recipient=unit_head_user)
    assert (note.subject_type, note.subject_key) == (CASE, str(case.public_id))
    client.force_login(unit_head_user)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:case", args=[case.public_id])
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.get(response["Location"]).status_code == 200


def test_a_legacy_notification_is_shown_as_written(client, staff_user):
    note = _legacy(staff_user, "Thông báo cũ", url=reverse("regulations:documents"))
    client.force_login(staff_user)
    assert "Thông báo cũ" in client.get(LIST).content.decode()
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("regulations:documents")


def test_a_moved_unit_head_sees_nothing_of_an_old_notice_notification(client, tree, unit_head_user, approved):
    note = Notification.objects.get(recipient=unit_head_user, subject_type=NOTICE)
    secret = note.text
    # The head of OFFICE-A moves to a new unit outside the inspection.
    Official.objects.filter(user=unit_head_user).update(unit=UnitFactory(code="NEW-UNIT", parent=tree["city"]))
    _english(client)
    client.force_login(unit_head_user)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and secret not in page and approved.title not in page
    assert "concerns something you can no longer see" in page
    listing = client.get(LIST).content.decode()
    assert secret not in listing and approved.title not in listing
    assert "A notification about something you may no longer see." in listing
    note.refresh_from_db()
    assert note.read_at is not None, "opened: no longer counted as unread"


def test_a_case_sent_elsewhere_is_no_longer_shown_to_the_first_units_head(client, tree, norm, officer_user):
    ward_head = _head(tree["ward_b"], "wardhead")
    case = _case_sent_to(tree["ward_b"], tree["desk_a"], norm, officer_user)
    note = Notification.objects.get(recipient=ward_head)
    client.force_login(ward_head)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 302, "still theirs"
    feedback_services.case_assign(case=case, user=officer_user, handling_unit=tree["office_a"], assignee=officer_user)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 200 and case.tracking_code not in response.content.decode()
    assert case.tracking_code not in client.get(LIST).content.decode()
    assert client.get(reverse("feedback:case", args=[case.public_id])).status_code == 404, "the same rule"


# --- who is told: one rule -------------------------------------------------------------------------------------------


def test_heads_of_the_parent_units_are_told_of_a_case_sent_to_a_sub_unit(
    tree,
    norm,
    officer_user,
    unit_head_user,
    city_head,
):
    ward_head = _head(tree["ward_b"], "wardhead")
    case = _case_sent_to(tree["desk_a"], tree["desk_a"], norm, officer_user)
    for head in (unit_head_user, city_head):
        assert Notification.objects.filter(recipient=head, subject_type=CASE, subject_key=str(case.public_id)).exists()
    assert not Notification.objects.filter(recipient=ward_head).exists()
    assert OutgoingEmail.objects.filter(to="city.head@example.org").count() == 1
    note = Notification.objects.get(recipient=city_head)
    assert "Nguyễn Văn An" not in note.text and "0912" not in note.text, "never the complainant's identity"


def test_heads_of_the_parent_units_are_told_of_a_notice(tree, unit_head_user, city_head, approved):
    for head in (unit_head_user, city_head):
        assert Notification.objects.filter(recipient=head, subject_type=NOTICE, subject_key=str(approved.public_id))
    assert OutgoingEmail.objects.filter(to="city.head@example.org").count() == 1


def test_heads_of_the_parent_units_are_reminded_of_a_corrective_action(tree, unit_head_user, city_head, approved):
    action = CorrectiveAction.objects.get()
    assert actions_send_reminders(on=datetime.date(2026, 2, 23)) == {"reminders": 1, "escalations": 0}
    for head in (unit_head_user, city_head):
        assert Notification.objects.filter(recipient=head, subject_type=ACTION, subject_key=str(action.public_id))


def test_unit_heads_of_is_the_unit_and_its_ancestors_active_only(tree, unit_head_user, city_head):
    ward_head = _head(tree["ward_b"], "wardhead")
    desk_head = _head(tree["desk_a"], "deskhead")
    gone = _head(tree["office_a"], "gonehead", is_active=False)
    heads = set(unit_heads_of([tree["desk_a"]]))
    assert heads == {desk_head, unit_head_user, city_head}
    assert ward_head not in heads and gone not in heads
    assert set(unit_heads_of([])) == set()


def test_a_deactivated_account_gets_no_notification_and_no_mail(tree, norm, officer_user, unit_head_user):
    gone = _head(tree["office_a"], "gonehead", email="gone.head@example.org")
    assigned = UserFactory(username="gone_officer", email="gone.officer@example.org", roles=[Role.FEEDBACK_OFFICER])
    case, _pin = submitted(tree["desk_a"], norm)
    feedback_services.case_accept(case=case, user=officer_user, track="complaint")
    gone.is_active = assigned.is_active = False
    gone.save(update_fields=["is_active"]), assigned.save(update_fields=["is_active"])
    feedback_services.case_assign(case=case, user=officer_user, handling_unit=tree["desk_a"], assignee=assigned)
    assert Notification.objects.filter(recipient=unit_head_user).exists()
    assert not Notification.objects.filter(recipient__in=[gone, assigned]).exists()
    assert not OutgoingEmail.objects.filter(to__in=["gone.head@example.org", "gone.officer@example.org"]).exists()
    # Even handed straight to the service, an account deactivated since it was loaded is skipped.
    assert notify(recipients=[gone, None], text="x", url="/", subject_type=CASE, subject_key=case.public_id) == []


def test_an_unregistered_subject_type_is_refused(staff_user):
    with pytest.raises(ValueError):
        notify(recipients=[staff_user], text="x", url="/", subject_type="nobody.knows", subject_key="1")
