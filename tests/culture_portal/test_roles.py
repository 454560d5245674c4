"""Roles are groups created by migrations; a unit head's rights stop at their own subtree."""

import pytest
from django.contrib.auth.models import Group

from culture_portal import access
from culture_portal.organisation import role_grant, role_revoke
from culture_portal.roles import Role, roles_of
from tests.factories import OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


def permissions_of(role):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()}


def test_every_role_exists_as_a_group_after_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_role_permissions():
    assert "culture_portal.view_unit" in permissions_of(Role.STAFF)
    assert "culture_portal.view_official" not in permissions_of(Role.STAFF)
    for role in (Role.INSPECTOR, Role.FEEDBACK_OFFICER, Role.UNIT_HEAD, Role.LEADERSHIP):
        assert "culture_portal.view_official" in permissions_of(role)
        assert "culture_portal.import_organisation" not in permissions_of(role)
    admin = permissions_of(Role.ADMINISTRATOR)
    assert {"culture_portal.import_organisation", "culture_portal.change_unit", "auth.change_user"} <= admin
    assert "culture_portal.add_calendarexception" in admin


def test_a_user_may_hold_several_roles():
    user = UserFactory(roles=[Role.STAFF, Role.INSPECTOR, Role.LEADERSHIP])
    assert roles_of(user) == {"staff", "inspector", "leadership"}
    assert user.has_perm("culture_portal.view_official")


def test_administrator_role_opens_and_closes_the_back_office():
    user = UserFactory(roles=[Role.STAFF])
    assert not user.is_staff
    role_grant(user=user, role=Role.ADMINISTRATOR)
    user.refresh_from_db()
    assert user.is_staff
    role_revoke(user=user, role=Role.ADMINISTRATOR)
    user.refresh_from_db()
    assert not user.is_staff and roles_of(user) == {"staff"}


def test_unit_head_sees_officials_of_own_unit_and_sub_units_only(tree, unit_head_user):
    in_desk = OfficialFactory(unit=tree["desk_a"])
    in_ward = OfficialFactory(unit=tree["ward_b"])
    visible = set(access.officials_visible_to(unit_head_user))
    assert in_desk in visible and unit_head_user.official in visible
    assert in_ward not in visible


def test_staff_sees_only_themselves_and_city_wide_roles_see_everyone(tree, staff_user, inspector_user, leader_user):
    other = OfficialFactory(unit=tree["office_a"])
    assert list(access.officials_visible_to(staff_user)) == [staff_user.official]
    assert other in access.officials_visible_to(inspector_user)
    assert other in access.officials_visible_to(leader_user)


def test_unit_head_without_an_official_record_sees_nobody(tree):
    user = UserFactory(roles=[Role.UNIT_HEAD])
    OfficialFactory(unit=tree["office_a"])
    assert not access.officials_visible_to(user).exists()


def test_assigning_the_administrator_group_in_the_back_office_opens_it(client, admin_user_role):
    user = UserFactory(username="newadmin", roles=[Role.STAFF])
    client.force_login(admin_user_role)
    change_url = f"/admin/auth/user/{user.pk}/change/"
    form = client.get(change_url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "password"}
    data.update(
        groups=[Group.objects.get(name=name).pk for name in ("staff", "administrator")],
        date_joined_0="01/01/2026",
        date_joined_1="08:00",
        is_superuser="on",
        is_active="on",
        last_login_0="",
        last_login_1="",
    )
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.is_staff and roles_of(user) == {"staff", "administrator"}
    assert not user.is_superuser, "an administrator cannot make a superuser"


def change_form_data(client, user) -> dict:
    form = client.get(f"/admin/auth/user/{user.pk}/change/").context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "password"}
    data.update(date_joined_0="01/01/2026", date_joined_1="08:00", last_login_0="", last_login_1="", is_active="on")
    return data


def test_an_administrator_cannot_change_a_superusers_account_or_password(client, admin_user_role):
    root = UserFactory(username="root")
    root.is_superuser = root.is_staff = True
    root.save()
    old_password = root.password
    client.force_login(admin_user_role)
    assert client.get(f"/admin/auth/user/{root.pk}/change/").context["has_change_permission"] is False
    response = client.post(
        f"/admin/auth/user/{root.pk}/password/",
        {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!", "set_usable_password": "true"},
    )
    assert response.status_code == 403
    response = client.post(f"/admin/auth/user/{root.pk}/change/", {"username": "root", "first_name": "X"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.password == old_password and root.first_name != "X"


def test_an_administrator_cannot_grant_themselves_a_role(client, admin_user_role):
    client.force_login(admin_user_role)
    data = change_form_data(client, admin_user_role)
    data["groups"] = [Group.objects.get(name=name).pk for name in ("staff", "administrator", "feedback_officer")]
    response = client.post(f"/admin/auth/user/{admin_user_role.pk}/change/", data)
    assert response.status_code == 302
    fresh = type(admin_user_role).objects.get(pk=admin_user_role.pk)
    assert roles_of(fresh) == {"staff", "administrator"}, "the groups field is read-only on one's own account"
    assert "feedback.view_identity" not in fresh.get_all_permissions()
