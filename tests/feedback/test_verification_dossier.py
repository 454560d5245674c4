"""Issue 18 §5: the file sent to the verifying unit carries no identity — a redacted dossier for a denunciation (or
a confidential complaint), never sent to the unit it accuses, every release audited (Law on Denunciation 2018,
Art. 56)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from culture_portal.models import AuditEntry
from culture_portal.uploads import clean_photo_or_pdf
from feedback import services
from feedback.models import Case, VerificationDossier

from .conftest import jpeg_bytes, step_url, submitted

pytestmark = pytest.mark.django_db
ORIGINAL = "Tôi là Hoàng Văn Tư, nhà ở số 5 ngõ 3 Trần Phú; hôm 2/12 cán bộ quầy số 1 đòi tôi 500.000 đồng."
REDACTED = "Cán bộ quầy số 1 đòi người dân 500.000 đồng khi giải quyết hồ sơ."


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def photo(colour):
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(size=(40 + colour, 30)), content_type="image/jpeg")
    return clean_photo_or_pdf(upload, settings.FEEDBACK_ATTACHMENT_MAX_BYTES)


@pytest.fixture
def denunciation(tree, norm, officer_user):
    """A denunciation about DESK-A with two photos: one shows the author's face, the other the receipt."""
    case, _pin = submitted(tree["desk_a"], norm, description=ORIGINAL, full_name="Hoàng Văn Tư",
                           attachments=[photo(1), photo(2)])  # fmt: skip
    services.case_accept(case=case, user=officer_user, track="denunciation")
    return Case.objects.get(pk=case.pk)


def assign(client, case, unit, **fields):
    return client.post(step_url(case, "assign"), {"handling_unit": unit.pk, **fields})


def test_the_verifying_unit_reads_only_the_redacted_text_and_the_files_released_to_it(
    client, tree, denunciation, officer_user, unit_head_user, leader_user
):
    face, receipt = denunciation.attachments.order_by("pk")
    client.force_login(officer_user)
    form = client.get(reverse("feedback:case", args=[denunciation.public_id])).context["forms"]
    assign_form = next(form for step, form in form.items() if step.name == "assign")
    assert assign_form.initial["dossier_text"] == ORIGINAL  # the officer starts from the whole text and cuts
    response = assign(client, denunciation, tree["office_a"], dossier_text=REDACTED, released=[receipt.public_id])
    assert response.status_code == 302
    released = AuditEntry.objects.filter(action="feedback.dossier_released", object_ref=denunciation.tracking_code)
    assert sorted(released.values_list("detail", flat=True)) == sorted(["text", f"file {receipt.public_id}"])

    client.force_login(unit_head_user)  # heads OFFICE-A, which manages the desk and verifies
    page = client.get(reverse("feedback:case", args=[denunciation.public_id])).content.decode()
    assert REDACTED in page and "Hoàng Văn Tư" not in page and "ngõ 3" not in page
    assert reverse("feedback:attachment", args=[denunciation.public_id, receipt.public_id]) in page
    assert str(face.public_id) not in page
    assert client.get(reverse("feedback:attachment", args=[denunciation.public_id, face.public_id])).status_code == 404
    assert (
        client.get(reverse("feedback:attachment", args=[denunciation.public_id, receipt.public_id])).status_code == 200
    )

    for reader in (officer_user, leader_user):  # those who handle it and leadership read the whole file
        client.force_login(reader)
        page = client.get(reverse("feedback:case", args=[denunciation.public_id])).content.decode()
        assert "ngõ 3 Trần Phú" in page and str(face.public_id) in page


@pytest.mark.parametrize("unit", ["desk_a", "office_a"])
def test_a_denunciation_is_never_sent_to_the_unit_it_accuses_nor_below_it(client, tree, norm, officer_user, unit):
    """The denunciation accuses OFFICE-A: neither OFFICE-A nor its desk may verify it."""
    case, _pin = submitted(tree["office_a"], norm, description=ORIGINAL, full_name="Hoàng Văn Tư")
    services.case_accept(case=case, user=officer_user, track="denunciation")
    client.force_login(officer_user)
    response = assign(client, case, tree[unit], dossier_text=REDACTED)
    assert response.status_code == 400
    assert "never sent for verification to the unit it accuses" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.handling_unit) == (Case.Status.ACCEPTED, None)
    assert not VerificationDossier.objects.exists()
    assert not AuditEntry.objects.filter(action="feedback.dossier_released").exists()
    assert assign(client, case, tree["city"], dossier_text=REDACTED).status_code == 302  # the level above: yes


def test_a_redaction_that_leaves_nothing_is_refused_and_changes_nothing(client, tree, denunciation, officer_user):
    client.force_login(officer_user)
    response = assign(client, denunciation, tree["office_a"], dossier_text="   ")
    assert response.status_code == 400 and "The dossier would be empty" in response.content.decode()
    denunciation.refresh_from_db()
    assert denunciation.status == Case.Status.ACCEPTED and not VerificationDossier.objects.exists()


def test_a_complaint_whose_author_asked_for_confidentiality_is_redacted_too(
    client, tree, norm, officer_user, unit_head_user
):
    plain, _pin = submitted(tree["desk_a"], norm, description=ORIGINAL)
    secret, _pin = submitted(tree["desk_a"], norm, description=ORIGINAL)
    for case in (plain, secret):
        services.case_accept(case=case, user=officer_user, track="complaint")
    client.force_login(officer_user)
    assert assign(client, plain, tree["office_a"]).status_code == 302
    assert assign(client, secret, tree["office_a"], confidential="on", dossier_text=REDACTED).status_code == 302
    client.force_login(unit_head_user)
    assert ORIGINAL in client.get(reverse("feedback:case", args=[plain.public_id])).content.decode()
    page = client.get(reverse("feedback:case", args=[secret.public_id])).content.decode()
    assert REDACTED in page and "Hoàng Văn Tư" not in page


def test_only_the_case_s_own_files_can_be_released(tree, norm, denunciation, officer_user):
    other, _pin = submitted(tree["desk_a"], norm, attachments=[photo(3)])
    with pytest.raises(ValidationError, match="Only this case's files"):
        services.case_assign(case=denunciation, user=officer_user, handling_unit=tree["office_a"],
                             dossier_text=REDACTED, released=list(other.attachments.all()))  # fmt: skip
    assert not VerificationDossier.objects.exists()
