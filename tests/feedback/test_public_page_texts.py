"""What the citizen reads on the public pages, in Vietnamese (the default language): the deadline called a
deadline, the CAPTCHA's error in Vietnamese, and a clear word when the photos chosen were not kept."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .conftest import CAPTCHA, form_data, jpeg_bytes, submitted

pytestmark = pytest.mark.django_db
NEW = "/feedback/new/"
TRACK = "/feedback/track/"
CAPTCHA_ERROR = "Các ký tự chưa khớp với hình, hoặc hình đã hết hạn: vui lòng nhập các ký tự trong hình mới."
FILES_NOT_KEPT = "Ảnh hoặc tệp Ông/Bà đã chọn chưa được giữ lại vì biểu mẫu có lỗi: vui lòng chọn lại."


def test_the_tracking_page_calls_the_deadline_a_deadline(client, tree):
    case, pin = submitted(tree["desk_a"])
    response = client.post(TRACK, {"code": case.tracking_code, "pin": pin, **CAPTCHA})
    page = client.get(response["Location"]).content.decode()
    assert f"Thời hạn: <strong>{case.due_on:%d/%m/%Y}</strong>" in page
    assert "Đơn vị xử lý" not in page  # "handling unit": what the date was wrongly called


@pytest.mark.parametrize(
    ("url", "data"),
    [(NEW, "form"), (TRACK, {"code": "PA-2026-7K3F9Q", "pin": "123456"})],
    ids=["new", "track"],
)
def test_a_wrong_captcha_is_explained_in_vietnamese(client, tree, norm, url, data):
    data = form_data(tree["desk_a"], norm) if data == "form" else {**data, **CAPTCHA}
    response = client.post(url, {**data, "captcha_1": "SAI"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Invalid CAPTCHA" not in page
    assert re.search(r'id="error_captcha"><strong>([^<]+)<', page).group(1) == CAPTCHA_ERROR


def test_photos_chosen_before_a_form_error_are_said_to_be_lost_next_to_the_file_field(client, tree, norm):
    photo = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(NEW, form_data(tree["desk_a"], norm, description="", attachments=[photo]))
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count(FILES_NOT_KEPT) == 1
    # Between the description and the contact details: where the file field is.
    assert page.index('id="id_description"') < page.index(FILES_NOT_KEPT) < page.index('id="id_full_name"')
    assert abs(page.index(FILES_NOT_KEPT) - page.index('id="id_attachments"')) < 1200


@pytest.mark.parametrize(
    "overrides",
    [{"description": ""}, {"captcha_1": "SAI"}],
    ids=["no-files-chosen", "no-files-chosen-captcha"],
)
def test_no_word_about_lost_photos_when_none_were_chosen(client, tree, norm, overrides):
    response = client.post(NEW, form_data(tree["desk_a"], norm, **overrides))
    assert response.status_code == 400 and FILES_NOT_KEPT not in response.content.decode()
    assert FILES_NOT_KEPT not in client.get(NEW).content.decode()


def test_a_wrong_captcha_alone_also_drops_the_photos_and_says_so(client, tree, norm):
    photo = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(NEW, form_data(tree["desk_a"], norm, captcha_1="SAI", attachments=[photo]))
    assert response.status_code == 400 and FILES_NOT_KEPT in response.content.decode()


def test_an_officer_keying_in_is_told_too(client, officer_user):
    client.force_login(officer_user)
    photo = SimpleUploadedFile("thu.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        reverse("feedback:key_in"), {"channel": "hotline", "description": "", "attachments": [photo]}
    )
    assert response.status_code == 400 and FILES_NOT_KEPT in response.content.decode()
