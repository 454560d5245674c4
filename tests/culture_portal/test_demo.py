"""Demo data: a realistic organisation and one account per role; running it twice changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from culture_portal.demo import DEMO_PASSWORD
from culture_portal.models import IssuingBody, Official, Unit
from culture_portal.roles import roles_of

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Unit.objects.values_list("code", "name", "path", "updated_at")),
        list(Official.objects.values_list("employee_code", "full_name", "unit_id", "user_id", "updated_at")),
        list(get_user_model().objects.values_list("username", "password", "is_staff")),
        list(IssuingBody.objects.values_list("unit_id", "name", "valid_from")),
    )


@override_settings(DEBUG=True)
def test_demo_data_is_complete_and_idempotent():
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert Unit.objects.count() >= 20 and Official.objects.count() >= 30
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert {"peoples_committee", "office", "ward", "commune", "service_centre", "reception_desk"} <= kinds
    users = {user.username: user for user in get_user_model().objects.all()}
    expected = {
        "staff": {"staff"},
        "inspector": {"staff", "inspector"},
        "officer": {"staff", "feedback_officer"},
        "unithead": {"staff", "unit_head"},
        "leader": {"staff", "leadership"},
        "admin": {"staff", "administrator"},
    }
    for username, roles in expected.items():
        assert roles_of(users[username]) == roles
        assert users[username].check_password(DEMO_PASSWORD)
    assert users["unithead"].official.unit.code == "PH-BACHA"


@override_settings(DEBUG=True)
def test_demo_accounts_sign_in(client):
    call_command("seed_demo")
    response = client.post(reverse("login"), {"username": "leader", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and client.session.get("_auth_user_id")


@override_settings(DEBUG=False)
def test_demo_data_never_loads_in_production_settings():
    with pytest.raises(CommandError, match="only loaded with DEBUG on"):
        call_command("seed_demo")
    assert not Unit.objects.exists()


@override_settings(DEBUG=True)
def test_demo_has_an_approved_and_a_secret_inspection():
    from inspections.models import Inspection
    from inspections.selectors import inspections_visible_to

    call_command("seed_demo")
    call_command("seed_demo")
    assert Inspection.objects.count() == 2
    unithead = get_user_model().objects.get(username="unithead")
    visible = list(inspections_visible_to(unithead))
    assert [inspection.status for inspection in visible] == ["conclusion_approved"], "the surprise stays hidden"
