"""Issue 15: the portal's name and its leadership's title are data an administrator words in the back office, and
every place that names them reads them: the header and the browser's title, the sender of e-mails, the issuer an
authenticator app shows, and the text addressed to the leadership. Until then they are derived from the top unit."""

import datetime
from email.utils import formataddr
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from culture_portal.identity import portal_identity, portal_identity_forget
from culture_portal.leadership.report_services import monthly_figures_send
from culture_portal.models import AuditEntry, PortalIdentity
from culture_portal.organisation import unit_save

pytestmark = pytest.mark.django_db

NAME = "Cổng văn hóa công vụ tỉnh Hà Tĩnh"
LEADERSHIP = "lãnh đạo Ủy ban nhân dân tỉnh"
CHANGE = reverse("admin:culture_portal_portalidentity_change", args=[1])


def brand(html: str) -> str:
    """The header's brand line and the browser's title."""
    start = html.index('class="portal-brand')
    return html[html.index("<title>") : html.index("</title>")] + html[start : html.index("</a>", start)]


def test_an_administrator_words_the_identity_and_the_header_e_mails_and_authenticator_show_it(
    client, admin_user_role, leader_user, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "Tên cũ <no-reply@vanhoacongvu.example>"
    client.force_login(admin_user_role)
    # The back office's list page opens the one row.
    assert client.get(reverse("admin:culture_portal_portalidentity_changelist"))["Location"] == CHANGE
    assert client.get(CHANGE).status_code == 200
    response = client.post(CHANGE, {"portal_name": f"  {NAME} ", "leadership_title": LEADERSHIP})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PortalIdentity.objects.get().portal_name == NAME  # one spelling: stray spaces gone
    assert AuditEntry.objects.filter(action="setup.changed", object_type="culture_portal.portalidentity").exists()

    # The header and the title, at once (the cached identity is dropped on save).
    home = client.get(reverse("home")).content.decode()
    assert brand(home).count(NAME) == 2

    # The issuer an authenticator app lists the account under, from the page that sets the app up.
    client.force_login(leader_user)
    assert client.get(reverse("two_factor:setup")).status_code == 200
    uri = TOTPDevice.objects.get(user=leader_user).config_url
    assert f"issuer={quote(NAME)}" in uri and uri.startswith(f"otpauth://totp/{quote(NAME + ':leader')}")

    # The monthly figures address the leadership as worded, and leave as the portal, from the configured address.
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_figures_send(today=datetime.date(2026, 4, 1)) == 1
    [sent] = mail.outbox
    assert "Lãnh đạo Ủy ban nhân dân tỉnh" in sent.body.splitlines()[0]
    assert sent.from_email == formataddr((NAME, "no-reply@vanhoacongvu.example"))

    # The public form names the leadership who may read a citizen's contact details.
    client.logout()
    assert LEADERSHIP in client.get(reverse("feedback:new")).content.decode()


def test_until_worded_the_names_come_from_the_top_unit_and_follow_it(client, tree):
    city = tree["city"]
    identity = portal_identity()
    assert city.name in identity.portal_name and city.name in identity.leadership_title
    assert city.name in brand(client.get(reverse("feedback:new")).content.decode())
    # The province's committee takes the top of the tree: the derived names follow once the cache is dropped.
    province = unit_save(unit=type(city)(code="TINH", name="Ủy ban nhân dân tỉnh Hà Tĩnh", kind="provincial_committee"))
    city.parent = province
    unit_save(unit=city)
    portal_identity_forget()
    assert "Ủy ban nhân dân tỉnh Hà Tĩnh" in portal_identity().portal_name


def test_the_identity_costs_one_query_then_none(tree, django_assert_num_queries):
    with django_assert_num_queries(1):  # the row with the top unit's name beside it
        portal_identity()
    with django_assert_num_queries(0):
        portal_identity()


def test_the_one_row_is_neither_added_twice_nor_deleted(client, admin_user_role):
    client.force_login(admin_user_role)
    assert client.get(reverse("admin:culture_portal_portalidentity_add")).status_code == 403
    assert client.get(reverse("admin:culture_portal_portalidentity_delete", args=[1])).status_code == 403
    PortalIdentity.objects.all().delete()  # a database emptied since the migration
    add = reverse("admin:culture_portal_portalidentity_add")
    assert client.get(reverse("admin:culture_portal_portalidentity_changelist"))["Location"] == add
    assert client.post(add, {"portal_name": NAME, "leadership_title": ""}).status_code == 302
    assert PortalIdentity.objects.get().pk == 1


def test_the_set_up_page_lists_the_identity_until_it_is_worded(client, admin_user_role):
    client.force_login(admin_user_role)
    html = client.get(reverse("setup")).content.decode()
    assert 'id="setup-portal_identity" data-done="no"' in html
    assert reverse("admin:culture_portal_portalidentity_changelist") in html
    PortalIdentity.objects.update(portal_name=NAME, leadership_title=LEADERSHIP)
    html = client.get(reverse("setup")).content.decode()
    assert 'id="setup-portal_identity" data-done="yes"' in html
