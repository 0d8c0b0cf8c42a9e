import pytest

from portal.roles import READER

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "portal_key, title, network",
    [("intranet", "総務事務センターポータル", "庁内イントラネット"), ("education", "教育総務事務センターポータル", "教育イントラネット")],
)
def test_each_hostname_reaches_its_own_portal(portal_client, role_user, portal_key, title, network):
    response = portal_client(portal_key, role_user(READER, portal_key)).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="home-title">{title}</h1>' in html
    assert network in html


def test_home_shows_entry_points_news_and_deadlines(portal_client, role_user):
    html = portal_client("intranet", role_user(READER, "intranet")).get("/").content.decode()
    for testid in ["featured-links", "audience-entries", "latest-news", "upcoming-deadlines"]:
        assert f'data-testid="{testid}"' in html
    assert "正規職員の方へ" in html
    assert "年末調整の書類提出について" in html
    assert "近日中の締切はありません" not in html


def test_portal_host_with_a_port_still_matches(client, role_user):
    client.force_login(role_user(READER, "education"))
    response = client.get("/", HTTP_HOST="edu.localhost:8000")
    assert "教育総務事務センターポータル" in response.content.decode()


def test_unknown_hostname_is_refused_not_500(client):
    assert client.get("/", HTTP_HOST="evil.example.com").status_code == 400


def test_allowed_hostname_without_a_portal_is_404(client, role_user):
    client.force_login(role_user(READER, "intranet"))
    assert client.get("/", HTTP_HOST="nothing.localhost").status_code == 404


def test_dates_are_shown_in_the_japanese_calendar(portal_client, role_user):
    html = portal_client("intranet", role_user(READER, "intranet")).get("/schedule/").content.decode()
    assert "令和" in html
