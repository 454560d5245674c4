"""Dissemination campaigns: assignment, opening then confirming, completion, reminders, a new version."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from regulations import services
from regulations.models import Acknowledgement, Campaign
from regulations.parsing import parse_legal_text
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db
D = datetime.date


FAR_AWAY = D(2030, 1, 31)


def launch(document, *, units=(), roles=(), officials=(), due=FAR_AWAY):
    campaign = Campaign(
        title="Quán triệt", document=document, version=document.versions.get(is_current=True), due_date=due
    )
    return services.campaign_launch(campaign=campaign, units=units, roles=roles, officials=officials)


def test_launch_assigns_units_with_sub_units_roles_and_named_officials(
    tree, code_of_conduct, inspector_user, leader_user
):
    in_desk = OfficialFactory(unit=tree["desk_a"])
    in_ward = OfficialFactory(unit=tree["ward_b"])
    OfficialFactory(unit=tree["office_a"], is_active=False)
    campaign = launch(
        code_of_conduct, units=[tree["office_a"]], roles=[Group.objects.get(name="leadership")], officials=[in_ward]
    )
    assigned = set(campaign.assignments.values_list("official_id", flat=True))
    assert assigned == {in_desk.pk, in_ward.pk, inspector_user.official.pk, leader_user.official.pk}


def test_confirming_needs_the_document_opened_first(client, tree, code_of_conduct, staff_user):
    launch(code_of_conduct, officials=[staff_user.official])
    client.force_login(staff_user)
    url = reverse("regulations:confirm", args=[code_of_conduct.pk, 1])
    # Posting straight away (without opening) is refused.
    client.post(url, {"commit": "yes"})
    assert not Acknowledgement.objects.exists()
    page = client.get(reverse("regulations:document", args=[code_of_conduct.pk]))
    assert "Tôi đã đọc" in page.content.decode()
    client.post(url, {"commit": "yes"}, REMOTE_ADDR="10.1.2.3")
    acknowledgement = Acknowledgement.objects.get()
    assert (acknowledgement.official, acknowledgement.ip_address) == (staff_user.official, "10.1.2.3")


def test_unticked_box_confirms_nothing(client, code_of_conduct, staff_user):
    launch(code_of_conduct, officials=[staff_user.official])
    client.force_login(staff_user)
    client.get(reverse("regulations:document", args=[code_of_conduct.pk]))
    client.post(reverse("regulations:confirm", args=[code_of_conduct.pk, 1]))
    assert not Acknowledgement.objects.exists()


def test_confirmation_of_a_version_not_assigned_is_refused(code_of_conduct, staff_user):
    version = code_of_conduct.versions.get()
    services.document_opened(official=staff_user.official, version=version)
    with pytest.raises(ValidationError):
        services.acknowledgement_confirm(official=staff_user.official, version=version, ip_address=None)
    assert not Acknowledgement.objects.exists()


def test_a_new_version_requires_a_new_confirmation(client, code_of_conduct, staff_user):
    campaign = launch(code_of_conduct, officials=[staff_user.official])
    first = campaign.version
    services.document_opened(official=staff_user.official, version=first)
    services.acknowledgement_confirm(official=staff_user.official, version=first, ip_address=None)
    client.force_login(staff_user)
    assert "Cần đọc và xác nhận" not in client.get(reverse("home")).content.decode()
    second = services.version_publish(
        document=code_of_conduct, parsed=parse_legal_text("Chương I\nĐiều 1. Phạm vi mới\n"), note="", user=None
    )
    campaign.refresh_from_db()
    assert campaign.version == second
    home = client.get(reverse("home")).content.decode()
    assert "Cần đọc và xác nhận" in home and code_of_conduct.reference in home


def test_completion_per_unit_and_unit_head_scope(client, tree, code_of_conduct, leader_user, unit_head_user):
    office = OfficialFactory.create_batch(3, unit=tree["office_a"])
    ward = OfficialFactory.create_batch(2, unit=tree["ward_b"])
    campaign = launch(code_of_conduct, officials=[*office, *ward], due=D(2020, 1, 1))
    for official in office[:2] + ward[:1]:
        services.document_opened(official=official, version=campaign.version)
        services.acknowledgement_confirm(official=official, version=campaign.version, ip_address=None)
    client.force_login(leader_user)
    page = client.get(reverse("regulations:campaign", args=[campaign.pk]))
    rows = {row["unit"].code: (row["confirmed"], row["assigned"], row["percent"]) for row in page.context["completion"]}
    assert rows == {"OFFICE-A": (2, 3, 67), "WARD-B": (1, 2, 50)}
    assert {a.official for a in page.context["overdue"]} == {office[2], ward[1]}
    client.force_login(unit_head_user)
    page = client.get(reverse("regulations:campaign", args=[campaign.pk]))
    assert [row["unit"].code for row in page.context["completion"]] == ["OFFICE-A"]
    assert {a.official for a in page.context["overdue"]} == {office[2]}


def test_export_xlsx_reads_back_and_is_inert(client, tree, code_of_conduct, leader_user):
    trap = OfficialFactory(unit=tree["office_a"], full_name='=HYPERLINK("http://x","bấm")')
    campaign = launch(code_of_conduct, officials=[trap], due=D(2020, 1, 1))
    client.force_login(leader_user)
    response = client.get(reverse("regulations:campaign_export", args=[campaign.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    completion, overdue = workbook.worksheets
    assert [cell.value for cell in completion[6]] == ["Phòng Nội vụ", 1, 0, 0]
    # The due date is a date cell (it sorts and filters as a date), shown dd/mm/yyyy.
    due = completion["B3"]
    assert due.is_date and due.value.date() == D(2020, 1, 1) and due.number_format == "dd/mm/yyyy"
    assert overdue["B2"].value == '\'=HYPERLINK("http://x","bấm")' and overdue["B2"].data_type == "s"


def test_reminders_count_working_days_across_the_lunar_new_year(code_of_conduct, staff_user,
                                                                 django_capture_on_commit_callbacks):  # fmt: skip
    # Due Wednesday 25/02/2026, reminder 3 working days before. From Friday 13/02 the working days up to
    # the due date are only 23, 24 and 25/02 (16-20/02 is the lunar new year), so the reminder goes on 13/02.
    campaign = launch(code_of_conduct, officials=[staff_user.official], due=D(2026, 2, 25))
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave the outbox after the commit
        assert services.campaign_send_reminders(on=D(2026, 2, 12)) == {"reminders": 0, "overdue": 0}
        assert services.campaign_send_reminders(on=D(2026, 2, 13)) == {"reminders": 1, "overdue": 0}
        assert services.campaign_send_reminders(on=D(2026, 2, 23)) == {"reminders": 0, "overdue": 0}, "only once"
    assert mail.outbox[0].to == [staff_user.email]
    assert campaign.title in mail.outbox[0].subject and "25/02/2026" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.campaign_send_reminders(on=D(2026, 2, 26)) == {"reminders": 0, "overdue": 1}
        assert services.campaign_send_reminders(on=D(2026, 2, 27)) == {"reminders": 0, "overdue": 0}, "overdue once"
    assert len(mail.outbox) == 2


def test_no_reminder_for_those_who_confirmed(code_of_conduct, staff_user):
    campaign = launch(code_of_conduct, officials=[staff_user.official], due=D(2026, 2, 25))
    services.document_opened(official=staff_user.official, version=campaign.version)
    services.acknowledgement_confirm(official=staff_user.official, version=campaign.version, ip_address=None)
    assert services.campaign_send_reminders(on=D(2026, 2, 13)) == {"reminders": 0, "overdue": 0}
    assert services.campaign_send_reminders(on=D(2026, 3, 13)) == {"reminders": 0, "overdue": 0}


def test_campaign_form_needs_a_target(client, code_of_conduct, leader_user):
    client.force_login(leader_user)
    response = client.post(
        reverse("regulations:campaign_create", args=[code_of_conduct.pk]),
        {"title": "X", "due_date": "31/12/2026", "remind_days_before": 3},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Campaign.objects.exists()
