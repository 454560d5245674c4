"""Sign in, sign out, change and reset a password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(client, staff_user):
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert "Chào mừng" in client.get(reverse("home")).content.decode()
    assert client.get(reverse("logout")).status_code == 405, "signing out is a POST"
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_translated_error(client, staff_user):
    response = client.post(reverse("login"), {"username": "staff", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_change_password(client, staff_user):
    client.force_login(staff_user)
    new = "Mat-khau-moi-an-toan-2027"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.check_password(new)


def test_weak_new_password_is_refused(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200 and response.context["form"].errors


def test_reset_password_by_email(client, staff_user):
    response = client.post(reverse("password_reset"), {"email": staff_user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_user.email]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new = "Mat-khau-dat-lai-2027"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.check_password(new)


def test_reset_for_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "khong-ton-tai@example.org"})
    assert response.status_code == 302 and not mail.outbox
