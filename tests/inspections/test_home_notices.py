"""A unit head sees, on the home page, the conclusion notices recently issued about their units (how many, in
"waiting for you", with a link to the list of them)."""

import pytest
from django.urls import reverse

from inspections import services
from inspections.models import Notice
from tests.factories import OfficialFactory, UserFactory
from tests.inspections import test_notices

pytestmark = pytest.mark.django_db

approvable = test_notices.approvable  # the shared fixture: an inspection whose conclusion awaits approval


def test_unit_head_sees_the_new_notice_on_the_home_page(
    client,
    approvable,
    leader_user,
    unit_head_user,
    tree,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.conclusion_approve(inspection=approvable, user=leader_user)
    notice = Notice.objects.get()
    client.force_login(unit_head_user)  # heads OFFICE-A, one of the inspected units
    html = client.get(reverse("home")).content.decode()
    # The panel is folded into "waiting for you": a count linking to the inspection list narrowed to the notices.
    link = f"{reverse('inspections:list')}?units=mine&amp;notices=recent"
    assert f'href="{link}">Thông báo kết luận về đơn vị của đồng chí: <strong class="waiting-count">1</strong>' in html
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert notice.reference in listed and reverse("inspections:notice", args=[approvable.public_id]) in listed

    # The head of a unit that was not inspected sees nothing of it.
    from culture_portal.roles import Role

    other = UserFactory(username="otherhead", roles=[Role.STAFF, Role.UNIT_HEAD])
    OfficialFactory(user=other, unit=tree["desk_a"])
    client.force_login(other)
    assert notice.reference not in client.get(reverse("home")).content.decode()


def test_no_panel_before_the_notice_is_issued(client, approvable, unit_head_user):
    client.force_login(unit_head_user)
    assert "Thông báo kết luận về đơn vị của đồng chí" not in client.get(reverse("home")).content.decode()
