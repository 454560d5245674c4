"""Staff pages under the inputs a review found ending in a server error or a record that breaks later pages:
each now gets a clear answer and changes nothing (or, for the notice, is produced with the text cleaned)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from feedback.models import Case
from inspections import services as inspection_services
from inspections.models import CorrectiveAction, Finding, Inspection, Notice
from tests.factories import OfficialFactory
from tests.inspections.test_actions import action  # noqa: F401 - shared fixture
from tests.inspections.test_notices import approvable, docx_text  # noqa: F401 - shared fixture
from tests.inspections.test_pages import surprise  # noqa: F401 - shared fixture
from tests.regulations.conftest import code_of_conduct, make_document  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db
RANGE_ERROR = "Enter a date between 01/01/1900 and 31/12/2100."


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("received_at", ["01/01/0001 00:00", "02/01/0001 00:00", "1899-12-31T23:59"])
def test_a_keyed_in_case_from_year_one_is_refused(english, officer_user, received_at):
    english.force_login(officer_user)
    response = english.post(
        reverse("feedback:key_in"),
        {"channel": "hotline", "received_at": received_at, "topic": "other", "description": "abc"},
    )
    assert response.status_code == 400 and RANGE_ERROR in response.content.decode()
    assert not Case.objects.exists()
    assert english.get(reverse("feedback:cases")).status_code == 200


def test_an_inspection_window_in_year_one_is_refused(english, inspector_user, tree, code_of_conduct):  # noqa: F811
    english.force_login(inspector_user)
    response = english.post(
        reverse("inspections:create"),
        {"kind": "surprise", "title": "X", "basis_reference": "1/QĐ", "basis_date": "01/01/2026",
         "window_start": "01/01/0001 00:00", "window_end": "31/12/9999 23:59", "leader": inspector_user.pk,
         "units": [tree["office_a"].pk]},
    )  # fmt: skip
    assert response.status_code == 200 and response.content.decode().count(RANGE_ERROR) == 2
    assert not Inspection.objects.exists()


def test_a_finding_pasted_from_word_still_gives_a_notice(
    approvable,  # noqa: F811
    leader_user,
    django_capture_on_commit_callbacks,
):
    Finding.objects.update(observed="Đến muộn\x0b25 phút\x01")  # Shift+Enter in Word, and a stray control
    with django_capture_on_commit_callbacks(execute=True):
        inspection_services.conclusion_approve(inspection=approvable, user=leader_user)
    notice = Notice.objects.get()
    assert notice.status == "done"
    assert "Đến muộn 25 phút" in docx_text(notice)


def _row_elsewhere(kind, tree):
    """A checklist row or an official that exists, but not on this inspection's roll at OFFICE-A."""
    if kind == "field_item":
        return 10**17
    return OfficialFactory(unit=tree["ward_b"], full_name="Cán bộ phường khác").pk


@pytest.mark.parametrize("kind", ["field_item", "field_attendance"])
def test_a_checklist_row_that_is_not_at_this_unit_is_404(client, tree, surprise, inspector_user, kind):  # noqa: F811
    inspection_services.inspection_start(inspection=surprise, user=inspector_user)
    client.force_login(inspector_user)
    url = reverse(f"inspections:{kind}", args=[surprise.public_id, "OFFICE-A", _row_elsewhere(kind, tree)])
    response = client.post(url, {"att-1-status": "present", "item-1-result": "complies"})
    assert response.status_code == 404


def test_an_over_long_email_is_refused_next_to_the_field(english, officer_user):
    address = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63]) + ".vn"
    english.force_login(officer_user)
    response = english.post(
        reverse("feedback:key_in"),
        {"channel": "hotline", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "topic": "other",
         "description": "abc", "full_name": "An", "email": address},
    )  # fmt: skip
    assert response.status_code == 400 and "email" in response.context["form"].errors
    assert not Case.objects.exists()


def test_nul_in_a_corrective_action_report_is_dropped_not_a_server_error(
    client,
    action,  # noqa: F811
    unit_head_user,
):
    client.force_login(unit_head_user)
    response = client.post(
        reverse("inspections:action_report", args=[action.public_id]),
        {"report": "Đã chấn chỉnh\x00 giờ giấc.",
         "evidence": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n")},
    )  # fmt: skip
    assert response.status_code == 302
    action = CorrectiveAction.objects.get()
    assert action.status == "reported" and action.report == "Đã chấn chỉnh giờ giấc."


def test_an_over_long_chapter_title_on_its_own_line_is_reported_not_saved(english, admin_user_role):
    document = make_document(reference="9/QĐ-UBND", text="")
    english.force_login(admin_user_role)
    text = "Chương I\n" + "Tiêu đề " * 100 + "\nĐiều 1. Phạm vi\nNội dung."
    url = reverse("regulations:import", args=[document.pk])
    preview = english.post(url, {"text": text, "action": "preview"})
    assert "This number or title is too long for a provision." in preview.content.decode()
    english.post(url, {"text": text, "action": "confirm"})
    assert not document.versions.exists()


def test_a_notice_whose_file_is_gone_is_404(client, approvable, leader_user, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        inspection_services.conclusion_approve(inspection=approvable, user=leader_user)
    notice = Notice.objects.get()
    notice.pdf.storage.delete(notice.pdf.name)
    client.force_login(leader_user)
    assert client.get(reverse("inspections:notice_download", args=[approvable.public_id, "pdf"])).status_code == 404


def test_every_portal_form_with_a_date_keeps_it_in_range():
    """A new form with a date field must use DatesInRange too (the back office's own forms aside)."""
    import importlib
    import inspect
    import pkgutil

    from django import forms

    from culture_portal.forms import DatesInRange

    unguarded = []
    for app in ("culture_portal", "feedback", "inspections", "regulations"):
        for info in pkgutil.walk_packages(importlib.import_module(app).__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for form in vars(module).values():
                if not (
                    inspect.isclass(form) and issubclass(form, forms.BaseForm) and form.__module__ == module.__name__
                ):
                    continue
                dated = any(isinstance(f, forms.DateField | forms.DateTimeField) for f in form.base_fields.values())
                if dated and not issubclass(form, DatesInRange):
                    unguarded.append(f"{form.__module__}.{form.__name__}")
    assert unguarded == []


def test_the_back_office_holds_dates_to_the_same_range(english, admin_user_role):
    from culture_portal.models import CalendarException

    english.force_login(admin_user_role)
    seeded = CalendarException.objects.count()  # the 2026 swap the migrations record
    response = english.post(
        reverse("admin:culture_portal_calendarexception_add"),
        {"date": "01/01/0001", "kind": "day_off", "name": "Nghỉ bù"},
    )
    assert response.status_code == 200 and RANGE_ERROR in response.content.decode()
    assert CalendarException.objects.count() == seeded


def test_every_back_office_page_of_ours_keeps_dates_in_range():
    from django.contrib import admin

    from culture_portal.forms import DatesInRangeAdmin

    ours = ("culture_portal", "feedback", "inspections", "regulations", "auth")
    unguarded = [
        str(model._meta)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ours and not isinstance(model_admin, DatesInRangeAdmin)
    ]
    # None of them has a date.
    assert sorted(unguarded) == ["auth.group", "culture_portal.portalidentity", "inspections.repeatedbreachrule"]
