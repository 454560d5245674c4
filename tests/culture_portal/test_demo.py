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
    assert users["unithead"].official.unit.code == "PHUONG-THANHSEN"


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


NEW_WARDS_AND_COMMUNES = ["PHUONG-THANHSEN", "PHUONG-TRANPHU", "PHUONG-HAHUYTAP", "XA-THACHLAC", "XA-DONGTIEN",
                          "XA-THACHKHE"]  # fmt: skip


@override_settings(DEBUG=True)
def test_the_demo_is_ha_tinh_in_december_2026_reached_by_a_recorded_reorganisation(client):
    import datetime

    from culture_portal.demo import FORMER_CITY
    from culture_portal.models import Reorganisation
    from culture_portal.organisation import governing_unit
    from culture_portal.reorganisation import unit_in_operation
    from feedback.models import Case
    from inspections.models import Finding, Inspection, Notice
    from regulations.models import LegalDocument

    call_command("seed_demo")
    two_tiers = datetime.date(2025, 7, 1)
    # The present: the province's People's Committee governs; its Department of Home Affairs runs the programme.
    assert governing_unit().code == "UBND-TINH"
    assert get_user_model().objects.get(username="inspector").official.unit.code == "SNV"
    for code in NEW_WARDS_AND_COMMUNES:
        unit = Unit.objects.get(code=code)
        assert unit.is_active and unit.valid_from == two_tiers and unit.parent.code == "UBND-TINH"
        centre = Unit.objects.get(parent=unit, kind=Unit.Kind.SERVICE_CENTRE, is_active=True)
        assert Unit.objects.filter(parent=centre, kind=Unit.Kind.RECEPTION_DESK, is_active=True).exists(), code

    # The past: every unit of the former city ceased the day before, and leads to a unit in operation today...
    former = Unit.objects.filter(code__in=[row[0] for row in FORMER_CITY])
    assert former.count() == len(FORMER_CITY)
    for unit in former:
        assert (unit.is_active, unit.valid_until) == (False, two_tiers - datetime.timedelta(days=1)), unit.code
        assert unit_in_operation(unit) is not None, unit.code
    # ...through reorganisations recorded and applied as an administrator would, with their legal basis.
    applied = Reorganisation.objects.filter(status=Reorganisation.Status.APPLIED, effective_on=two_tiers)
    assert applied.count() == 5 and all(r.legal_basis and r.applied_by.username == "admin" for r in applied)
    assert Unit.objects.get(code="PH-BACHA").successor.code == "PHUONG-THANHSEN"

    # A QR code left on a former ward's counter answers with the new ward's form.
    qr = client.get(reverse("feedback:desk_rate", args=["PH-BACHA-MC"]))
    assert qr.status_code == 302 and qr["Location"].endswith("?unit=PHUONG-THANHSEN")

    # Today's work happens at units that exist today, and today's documents come from bodies that exist today.
    assert not Case.objects.filter(unit__is_active=False).exists()
    assert not Inspection.objects.filter(units__is_active=False).exists()
    assert not Finding.objects.filter(unit__is_active=False).exists()
    assert list(Notice.objects.values_list("issuing_unit__code", flat=True)) == ["UBND-TINH"]
    recent = LegalDocument.objects.filter(issue_date__gte=two_tiers)
    assert recent.exists() and not recent.filter(issuer__name__icontains="thành phố").exists()
    code_of_conduct = LegalDocument.objects.get(kind=LegalDocument.Kind.CODE_OF_CONDUCT)
    assert code_of_conduct.issuer.name == "UBND tỉnh Hà Tĩnh"

    # The public pages speak for the province's committee, not for the former city.
    for name in ("feedback:new", "feedback:answered"):
        text = client.get(reverse(name)).content.decode()
        assert "Ủy ban nhân dân tỉnh Hà Tĩnh" in text and "thành phố" not in text.lower(), name
