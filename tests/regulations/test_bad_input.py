"""Regulations pages with missing text, out-of-scope campaigns and odd dates."""

import datetime

import pytest
from django.urls import reverse

from regulations.models import Campaign, Issuer
from regulations.services import campaign_launch
from tests.factories import OfficialFactory
from tests.regulations.conftest import make_document

pytestmark = pytest.mark.django_db


def test_a_document_without_its_text_yet_has_a_page(client, staff_user, leader_user):
    document = make_document("5/QĐ-UBND", text="")
    client.force_login(staff_user)
    assert client.get(reverse("regulations:document", args=[document.pk])).status_code == 200
    assert client.get(reverse("regulations:provision", args=[document.pk, "dieu-1"])).status_code == 302
    client.force_login(leader_user)
    assert client.get(reverse("regulations:campaign_create", args=[document.pk])).status_code == 302


def test_unit_head_cannot_open_a_campaign_for_other_units(client, tree, code_of_conduct, unit_head_user, leader_user):
    ward = OfficialFactory.create_batch(2, unit=tree["ward_b"])
    own = OfficialFactory(unit=tree["office_a"])
    other = campaign_launch(
        campaign=Campaign(title="Phường B", document=code_of_conduct, version=code_of_conduct.versions.get(), due_date="2030-01-01"),
        units=[], roles=[], officials=ward,
    )  # fmt: skip
    mine = campaign_launch(
        campaign=Campaign(title="Cả hai", document=code_of_conduct, version=code_of_conduct.versions.get(), due_date="2030-01-01"),
        units=[], roles=[], officials=[*ward, own],
    )  # fmt: skip
    client.force_login(unit_head_user)
    assert client.get(reverse("regulations:campaign", args=[other.pk])).status_code == 404
    assert client.get(reverse("regulations:campaign_export", args=[other.pk])).status_code == 404
    listed = client.get(reverse("regulations:campaigns")).context["page"]
    assert [(c.pk, c.assigned) for c in listed] == [(mine.pk, 1)], "only own people are counted"
    client.force_login(leader_user)
    listed = client.get(reverse("regulations:campaigns")).context["page"]
    assert sorted((c.pk, c.assigned) for c in listed) == [(other.pk, 2), (mine.pk, 3)], "everyone, city-wide"


@pytest.mark.parametrize("due", ["01/01/1900", "31/12/9999"])
def test_due_dates_far_away_are_refused(client, code_of_conduct, leader_user, tree, due):
    client.force_login(leader_user)
    response = client.post(
        reverse("regulations:campaign_create", args=[code_of_conduct.pk]),
        {"title": "X", "due_date": due, "remind_days_before": 3, "units": [tree["office_a"].pk]},
    )
    assert "due_date" in response.context["form"].errors and not Campaign.objects.exists()


def test_issuer_names_in_another_case_are_the_same_issuer(client, admin_user_role):
    Issuer.objects.create(name="UBND tỉnh Hà Tĩnh")
    client.force_login(admin_user_role)
    client.post(
        reverse("regulations:document_create"),
        {"kind": "decision", "reference": "1/QĐ", "title": "X", "issuer_name": "ubnd tỉnh hà tĩnh",
         "issue_date": "01/01/2026", "effective_date": "01/01/2026"},
    )  # fmt: skip
    assert Issuer.objects.count() == 1
    assert datetime.date(2026, 1, 1)
