"""The permission matrix: every role × page type × portal, for viewing, editing and publishing."""

import pytest

from pages.models import ContentPage, HomePage, NewsIndexPage, NewsPage, SchedulePage
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, SECTION_REVIEWER

from .conftest import ALL_PORTALS, ALL_ROLES

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, NewsIndexPage, NewsPage, SchedulePage, ContentPage]
EDITORS = {CENTRE_STAFF, ADMINISTRATOR}
PUBLISHERS = {ADMINISTRATOR}


def page_of(page_type, portal_key):
    home = HomePage.objects.get(portal_key=portal_key)
    return page_type.objects.live().descendant_of(home, inclusive=True).first()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda t: t.__name__)
@pytest.mark.parametrize("page_portal", ALL_PORTALS)
@pytest.mark.parametrize("user_portal", ALL_PORTALS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_permission_matrix(portal_client, role_user, role, user_portal, page_portal, page_type):
    user = role_user(role, user_portal)
    page = page_of(page_type, page_portal)
    own_portal = user_portal == page_portal

    response = portal_client(page_portal, user).get(page.url)
    assert response.status_code == (200 if own_portal else 403)

    permissions = page.permissions_for_user(user)
    assert permissions.can_edit() == (own_portal and role in EDITORS)
    assert permissions.can_publish() == (own_portal and role in PUBLISHERS)


@pytest.mark.parametrize("role", [CENTRE_STAFF, HELPDESK, SECTION_REVIEWER, ADMINISTRATOR])
def test_centre_roles_reach_the_admin_and_readers_do_not(client, role_user, role):
    client.force_login(role_user(role, "intranet"))
    assert client.get("/admin/", HTTP_HOST="intranet.localhost").status_code == 200


def test_readers_cannot_open_the_admin(client, role_user):
    client.force_login(role_user(READER, "intranet"))
    response = client.get("/admin/", HTTP_HOST="intranet.localhost")
    assert response.status_code == 302
    assert "/admin/" not in response["Location"].split("?")[0]


def test_centre_staff_draft_is_not_live_until_an_administrator_publishes(role_user):
    staff = role_user(CENTRE_STAFF, "education")
    news = page_of(NewsPage, "education")
    news.title = "下書きの見出し"
    revision = news.save_revision(user=staff)
    news.refresh_from_db()
    assert news.title != "下書きの見出し" and news.has_unpublished_changes
    assert not news.permissions_for_user(staff).can_publish()
    assert news.permissions_for_user(role_user(ADMINISTRATOR, "education")).can_publish()
    revision.publish(user=role_user(ADMINISTRATOR, "education"))
    news.refresh_from_db()
    assert news.title == "下書きの見出し"
