import pytest

from portal.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["intranet.localhost", "edu.localhost"])
@pytest.mark.parametrize("path", ["/", "/news/", "/schedule/", "/admin/", "/documents/1/x.pdf"])
def test_anonymous_users_are_sent_to_the_login_page(client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_api_without_login_answers_401_in_japanese(client):
    response = client.get("/api/v2/pages/", HTTP_HOST="intranet.localhost")
    assert response.status_code == 401
    assert response.json() == {"detail": "ログインが必要です。"}


def test_login_page_is_open_and_japanese(client):
    response = client.get("/login/", HTTP_HOST="edu.localhost")
    assert response.status_code == 200
    assert "ログイン" in response.content.decode()


def test_wrong_password_shows_a_japanese_error(client):
    response = client.post("/login/", {"username": "shokuin", "password": "wrong"}, HTTP_HOST="intranet.localhost")
    assert response.status_code == 200
    assert "正しいユーザー名とパスワードを入力してください" in response.content.decode()


def test_demo_user_signs_in_and_reaches_the_portal(client):
    response = client.post(
        "/login/", {"username": "kyoshokuin", "password": DEMO_PASSWORD}, HTTP_HOST="edu.localhost", follow=True
    )
    assert response.status_code == 200
    assert "教育総務事務センターポータル" in response.content.decode()
    assert "学校 太郎 さん" in response.content.decode()


def test_static_files_need_no_login(client):
    assert client.get("/static/theme/css/portal.css", HTTP_HOST="intranet.localhost").status_code == 200


def test_api_lists_only_the_pages_of_the_signed_in_users_portal(portal_client, role_user):
    from portal.roles import READER

    client = portal_client("education", role_user(READER, "education"))
    titles = [item["title"] for item in client.get("/api/v2/pages/?limit=20").json()["items"]]
    assert "教育総務事務センターポータル" in titles
    assert "総務事務センターポータル" not in titles
    assert not any("庶務事務システムのメンテナンス" in title for title in titles)
