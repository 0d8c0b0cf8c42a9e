"""User management in the admin stays within the administrator's own portal (issue 2: 管理者 manages users)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.roles import ADMINISTRATOR, CENTRE_STAFF, READER

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Shinki-Pass-2026!"


@pytest.fixture
def edu_admin(client, role_user):
    """A client signed in as 管理者（教育）."""
    client.force_login(role_user(ADMINISTRATOR, "education"))
    client.defaults["HTTP_HOST"] = "edu.localhost"
    return client


def group(name):
    return Group.objects.get(name=name)


def user_data(user, **changes):
    """What the admin's user form posts for `user`, with `changes` applied."""
    data = {
        "username": user.username,
        "email": user.email or f"{user.username}@example.jp",
        "first_name": user.first_name or "太郎",
        "last_name": user.last_name or "試験",
        "is_active": "on",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
    }
    data.update(changes)
    return data


def new_user_data(username, *group_names, **changes):
    data = {
        "username": username,
        "email": f"{username}@example.jp",
        "first_name": "花子",
        "last_name": "新規",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "groups": [str(group(name).pk) for name in group_names],
    }
    data.update(changes)
    return data


def listed(client, **params):
    """The usernames the admin's user list shows."""
    response = client.get(reverse("wagtailusers_users:index"), params)
    assert response.status_code == 200
    return {user.username for user in response.context["users"]}


def test_user_list_shows_only_the_own_portals_users(edu_admin):
    usernames = listed(edu_admin)
    assert {"kyoshokuin", "kyoiku-center", "kyoiku-admin"} <= usernames
    assert not usernames & {"shokuin", "somu-center", "somu-admin"}


def test_search_does_not_reveal_the_other_portals_users(edu_admin):
    assert listed(edu_admin, q="somu") == set()


@pytest.mark.parametrize("view", ["edit", "history", "usage", "copy", "delete"])
def test_the_other_portals_user_is_404(edu_admin, view):
    intranet_user = User.objects.get(username="somu-center")
    assert edu_admin.get(reverse(f"wagtailusers_users:{view}", args=(intranet_user.pk,))).status_code == 404


def test_a_superuser_cannot_be_opened_by_an_administrator(edu_admin):
    root = User.objects.create_superuser("root-test", "root@example.jp", PASSWORD)
    assert edu_admin.get(reverse("wagtailusers_users:edit", args=(root.pk,))).status_code == 404


def test_posting_to_the_other_portals_user_changes_nothing(edu_admin):
    intranet_user = User.objects.get(username="somu-center")
    response = edu_admin.post(
        reverse("wagtailusers_users:edit", args=(intranet_user.pk,)),
        user_data(intranet_user, groups=[str(group("管理者（教育）").pk)], password1="x", password2="x"),
    )
    assert response.status_code == 404
    assert list(intranet_user.groups.values_list("name", flat=True)) == ["センター職員（総務）"]


def test_edit_form_offers_only_the_own_portals_groups(edu_admin):
    teacher = User.objects.get(username="kyoshokuin")
    response = edu_admin.get(reverse("wagtailusers_users:edit", args=(teacher.pk,)))
    assert response.status_code == 200
    offered = set(response.context["form"].fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {"教職員", "センター職員（教育）", "ヘルプデスク（教育）", "業務所管課（教育）", "管理者（教育）"}


def test_an_administrator_cannot_give_the_other_portals_administrator_group(edu_admin, role_user):
    staff = role_user(CENTRE_STAFF, "education")
    response = edu_admin.post(
        reverse("wagtailusers_users:edit", args=(staff.pk,)),
        user_data(staff, groups=[str(group("センター職員（教育）").pk), str(group("管理者（総務）").pk)]),
    )
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert list(staff.groups.values_list("name", flat=True)) == ["センター職員（教育）"]


def test_an_administrator_manages_the_own_portals_users(edu_admin, role_user):
    staff = role_user(CENTRE_STAFF, "education")
    response = edu_admin.post(
        reverse("wagtailusers_users:edit", args=(staff.pk,)),
        user_data(staff, groups=[str(group("センター職員（教育）").pk), str(group("業務所管課（教育）").pk)]),
    )
    assert response.status_code == 302
    assert set(staff.groups.values_list("name", flat=True)) == {"センター職員（教育）", "業務所管課（教育）"}


def test_an_administrator_creates_a_user_in_the_own_portal(edu_admin):
    assert edu_admin.get(reverse("wagtailusers_users:add")).status_code == 200
    response = edu_admin.post(reverse("wagtailusers_users:add"), new_user_data("kyoiku-new", "センター職員（教育）"))
    assert response.status_code == 302
    created = User.objects.get(username="kyoiku-new")
    assert list(created.groups.values_list("name", flat=True)) == ["センター職員（教育）"]


def test_an_administrator_cannot_create_a_user_in_the_other_portals_groups(edu_admin):
    response = edu_admin.post(reverse("wagtailusers_users:add"), new_user_data("somu-new", "管理者（総務）"))
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert not User.objects.filter(username="somu-new").exists()


def test_an_administrator_cannot_make_a_superuser(edu_admin, role_user):
    edu_admin.post(reverse("wagtailusers_users:add"), new_user_data("kyoiku-root", "教職員", is_superuser="on"))
    assert not User.objects.get(username="kyoiku-root").is_superuser
    teacher = role_user(READER, "education")
    edu_admin.post(reverse("wagtailusers_users:edit", args=(teacher.pk,)), user_data(teacher, is_superuser="on"))
    teacher.refresh_from_db()
    assert not teacher.is_superuser


def bulk_url(action, *users):
    ids = "&".join(f"id={user.pk}" for user in users)
    return reverse("wagtail_bulk_action", args=("auth", "user", action)) + f"?{ids}&next=/admin/users/"


def test_bulk_assign_role_offers_only_the_own_portals_groups(edu_admin, role_user):
    staff = role_user(CENTRE_STAFF, "education")
    response = edu_admin.post(bulk_url("assign_role", staff), {"role": group("管理者（総務）").pk})
    assert response.status_code == 200
    assert not staff.groups.filter(name="管理者（総務）").exists()


def test_bulk_actions_leave_the_other_portals_users_alone(edu_admin):
    intranet_user = User.objects.get(username="somu-center")
    edu_admin.post(bulk_url("assign_role", intranet_user), {"role": group("センター職員（教育）").pk})
    edu_admin.post(bulk_url("set_active_state", intranet_user), {"mark_as_active": "False"})
    intranet_user.refresh_from_db()
    assert intranet_user.is_active
    assert list(intranet_user.groups.values_list("name", flat=True)) == ["センター職員（総務）"]


def test_a_superuser_still_manages_everyone(client):
    root = User.objects.create_superuser("root-all", "root@example.jp", PASSWORD)
    client.force_login(root)
    client.defaults["HTTP_HOST"] = "edu.localhost"
    assert {"somu-center", "kyoiku-center"} <= listed(client)
    intranet_user = User.objects.get(username="somu-center")
    url = reverse("wagtailusers_users:edit", args=(intranet_user.pk,))
    assert client.get(url).status_code == 200
