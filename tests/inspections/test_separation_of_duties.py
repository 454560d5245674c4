"""Separation of duties: a member of an inspection's team never approves its own conclusion."""

import pytest
from django.urls import reverse

from inspections.models import Inspection, Notice
from tests.inspections import test_notices

pytestmark = pytest.mark.django_db

approvable = test_notices.approvable  # the shared fixture: an inspection whose conclusion awaits approval


@pytest.mark.parametrize("place", ["member", "leader"])
def test_a_team_member_with_the_leadership_role_cannot_approve(client, approvable, leader_user, place):
    if place == "member":
        approvable.members.add(leader_user)
    else:
        Inspection.objects.filter(pk=approvable.pk).update(leader=leader_user)
    client.force_login(leader_user)
    response = client.post(reverse("inspections:decide", args=[approvable.public_id, "approve"]), follow=True)
    assert "Đồng chí là thành viên đoàn kiểm tra này" in response.content.decode()
    approvable.refresh_from_db()
    assert approvable.status == Inspection.Status.CONCLUSION_DRAFTED
    assert not Notice.objects.exists()


def test_a_leader_outside_the_team_approves(client, approvable, leader_user, django_capture_on_commit_callbacks):
    client.force_login(leader_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inspections:decide", args=[approvable.public_id, "approve"]))
    approvable.refresh_from_db()
    assert approvable.status == Inspection.Status.NOTICE_ISSUED
