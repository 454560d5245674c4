"""Every regulations page for each role: allowed, forbidden, wrong method, bounded queries."""

import pytest
from django.urls import reverse

from regulations.models import Campaign, NormCitation, Training
from regulations.services import campaign_launch
from tests.factories import OfficialFactory
from tests.regulations.conftest import make_document

pytestmark = pytest.mark.django_db
ALL = {"staff", "inspector", "officer", "unithead", "leader", "admin"}
AUTH_QUERIES = 4  # session, user, the user's permissions (own and through groups)


@pytest.fixture
def campaign(tree, code_of_conduct):
    campaign = Campaign(
        title="Quán triệt", document=code_of_conduct, version=code_of_conduct.versions.get(), due_date="2020-01-01"
    )
    officials = OfficialFactory.create_batch(4, unit=tree["office_a"]) + OfficialFactory.create_batch(
        2, unit=tree["ward_b"]
    )
    return campaign_launch(campaign=campaign, units=[], roles=[], officials=officials)


def pages(document, campaign):
    return {
        ("regulations:documents", ()): ALL,
        ("regulations:document", (document.pk,)): ALL,
        ("regulations:print", (document.pk, 1)): ALL,
        ("regulations:norms", ()): ALL,
        ("regulations:trainings", ()): ALL,
        ("regulations:campaigns", ()): {"unithead", "leader", "admin"},
        ("regulations:campaign", (campaign.pk,)): {"unithead", "leader", "admin"},
        ("regulations:campaign_export", (campaign.pk,)): {"unithead", "leader", "admin"},
        ("regulations:campaign_create", (document.pk,)): {"leader", "admin"},
        ("regulations:document_create", ()): {"admin"},
        ("regulations:import", (document.pk,)): {"admin"},
    }


def test_each_page_allows_or_denies_each_role(client, any_role_user, code_of_conduct, campaign):
    client.force_login(any_role_user)
    for (name, args), allowed in pages(code_of_conduct, campaign).items():
        status = client.get(reverse(name, args=args)).status_code
        expected = 200 if any_role_user.username in allowed else 403
        assert status == expected, (name, any_role_user.username, status)


def test_anonymous_visitors_are_sent_to_sign_in(client, code_of_conduct, campaign):
    for name, args in pages(code_of_conduct, campaign):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_writes_refuse_get_and_reads_refuse_post(client, admin_user_role, code_of_conduct):
    client.force_login(admin_user_role)
    assert client.get(reverse("regulations:confirm", args=[code_of_conduct.pk, 1])).status_code == 405
    assert client.get(reverse("regulations:relate", args=[code_of_conduct.pk])).status_code == 405
    assert client.post(reverse("regulations:documents")).status_code == 405
    assert client.post(reverse("regulations:document", args=[code_of_conduct.pk])).status_code == 405


def test_unknown_ids_are_404(client, staff_user, code_of_conduct):
    client.force_login(staff_user)
    assert client.get(reverse("regulations:document", args=[999999])).status_code == 404
    assert client.get(reverse("regulations:version", args=[code_of_conduct.pk, 7])).status_code == 404


def test_document_list_query_count(client, staff_user, code_of_conduct, django_assert_num_queries):
    for number in range(5):
        make_document(f"{number}/QĐ-UBND", text="")
    client.force_login(staff_user)
    # auth + count + page of documents with issuer and status + issuers for the filter
    with django_assert_num_queries(AUTH_QUERIES + 3 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        response = client.get(reverse("regulations:documents"))
    assert len(response.context["page"]) == 6


def test_search_page_query_count(client, staff_user, code_of_conduct, django_assert_max_num_queries):
    client.force_login(staff_user)
    # auth + list (count, page, issuers) + search: vocabulary, then documents and provisions
    # (on PostgreSQL each is two queries: ranked ids, then those rows) - bounded, whatever the data size
    with django_assert_max_num_queries(AUTH_QUERIES + 8 + 1):  # +1: the portal's identity (then cached)
        response = client.get(reverse("regulations:documents"), {"q": "điện thoại"})
    assert response.context["results"].articles


def test_document_page_query_count(client, staff_user, code_of_conduct, django_assert_num_queries):
    client.force_login(staff_user)
    # auth + document + current version + own official + "opened" (one insert) + provisions + versions
    # + relations (2) + assignment + confirmation + status
    with django_assert_num_queries(AUTH_QUERIES + 11 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        response = client.get(reverse("regulations:document", args=[code_of_conduct.pk]))
    assert len(response.context["provisions"]) > 100


def test_campaign_page_query_count(client, leader_user, campaign, django_assert_num_queries):
    client.force_login(leader_user)
    # auth + campaign + groups + completion aggregate + its units + overdue with officials and units
    with django_assert_num_queries(AUTH_QUERIES + 5 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        response = client.get(reverse("regulations:campaign", args=[campaign.pk]))
    assert response.context["totals"] == {"assigned": 6, "confirmed": 0, "percent": 0}


def test_norm_list_query_count(client, staff_user, code_of_conduct, django_assert_num_queries):
    from regulations.demo import _norms

    _norms(code_of_conduct)
    client.force_login(staff_user)
    # auth + groups + norms + citations with documents
    with django_assert_num_queries(AUTH_QUERIES + 3 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        page = client.get(reverse("regulations:norms")).content.decode()
    assert "Điều 4, Khoản 1" in page and NormCitation.objects.count() >= 35


def test_training_totals(client, staff_user, tree):
    first = Training.objects.create(
        title="Tập huấn", start_date="2023-09-12", end_date="2023-09-14", organiser="Phòng Nội vụ", head_count=512
    )
    second = Training.objects.create(
        title="Hội thi", start_date="2022-03-25", end_date="2022-03-25", organiser="Thành đoàn"
    )
    second.participants.set(OfficialFactory.create_batch(3, unit=tree["office_a"]))
    client.force_login(staff_user)
    response = client.get(reverse("regulations:trainings"))
    assert response.context["total"] == 515 and first.title in response.content.decode()
