"""API tokens (issue 14): a machine client reads only its portal and its scopes; an unknown, expired or revoked
token is a Japanese 401, a wrong scope or portal a Japanese 403, too many requests a Japanese 429; every use is
recorded; a portal's 管理者 creates and revokes tokens of their own portal only and sees the secret once."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from apitokens.models import APIToken, APITokenUse, hashed
from apitokens.throttling import TokenRateThrottle
from portal import write_behind
from portal.roles import ADMINISTRATOR, CENTRE_STAFF
from search.models import QueryLog

from .conftest import HOSTS

pytestmark = pytest.mark.django_db


def make_token(portal="intranet", scopes=("search",), *, expires_in=30, revoked=False):
    token = APIToken(portal=portal, name="テスト用チャットボット", scopes=list(scopes))
    secret = token.set_secret()
    token.expires_at = timezone.now() + datetime.timedelta(days=expires_in)
    token.revoked_at = timezone.now() if revoked else None
    token.save()
    return token, secret


def bot(secret, portal="intranet"):
    return Client(HTTP_HOST=HOSTS[portal], HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_token_reads_the_apis_of_its_scopes_as_a_reader_of_its_portal():
    _token, secret = make_token(scopes=["search", "answer"])

    search = bot(secret).get("/api/v2/search/", {"q": "通勤手当"})
    answer = bot(secret).get("/api/v2/answer/", {"q": "通勤手当"})

    assert search.status_code == 200 and search.json()["count"] > 0
    assert all(row["type"] != "manual" for row in search.json()["results"]), "nothing internal"
    assert answer.status_code == 200 and "handoff" in answer.json()
    write_behind.flush()
    assert QueryLog.objects.filter(source=QueryLog.Source.CHATBOT, role="reader").exclude(reader_key="").exists()


def test_the_pages_api_lists_only_the_page_types_of_the_tokens_scopes():
    _token, faq_secret = make_token(scopes=["faq"])
    _token, procedure_secret = make_token(scopes=["procedures"])

    faq_types = {item["meta"]["type"] for item in bot(faq_secret).get("/api/v2/pages/", {"limit": 20}).json()["items"]}
    listed = bot(procedure_secret).get("/api/v2/pages/", {"type": "faq.FAQPage"}).json()

    assert faq_types and faq_types <= {"faq.FAQPage", "faq.FAQIndexPage"}
    assert listed["meta"]["total_count"] == 0


@pytest.mark.parametrize(
    "address, scopes",
    [("/api/v2/search/?q=給与", ["answer"]), ("/api/v2/answer/?q=給与", ["search"]), ("/api/v2/forms/", ["faq"]),
     ("/api/v2/pages/", ["forms"]), ("/api/v2/documents/", ["faq", "procedures", "forms", "search", "answer"]),
     ("/api/v2/inquiries/", ["faq", "procedures", "forms", "search", "answer"])],
)
def test_a_token_without_the_scope_gets_a_japanese_403(address, scopes):
    _token, secret = make_token(scopes=scopes)

    response = bot(secret).get(address)

    assert response.status_code == 403 and "APIトークン" in response.json()["detail"]


def test_a_token_of_the_other_portal_gets_a_japanese_403():
    _token, secret = make_token("intranet", ["search", "faq"])

    by_parameter = bot(secret).get("/api/v2/search/", {"q": "給与", "portal": "education"})
    on_the_other_host = bot(secret, "education").get("/api/v2/pages/")

    assert by_parameter.status_code == 403 and "権限がありません" in by_parameter.json()["detail"]
    assert on_the_other_host.status_code == 403
    assert on_the_other_host.json()["detail"] == "このAPIトークンは、このポータルでは使えません。"


@pytest.mark.parametrize(
    "kind, message",
    [("unknown", "APIトークンが正しくありません。"), ("expired", "このAPIトークンは有効期限が切れています。"),
     ("revoked", "このAPIトークンは失効しています。")],
)
def test_unknown_expired_and_revoked_tokens_get_a_japanese_401(kind, message):
    _token, secret = make_token(expires_in=-1 if kind == "expired" else 30, revoked=kind == "revoked")

    response = bot(secret + "x" if kind == "unknown" else secret).get("/api/v2/search/", {"q": "給与"})

    assert response.status_code == 401 and response.json() == {"detail": message}
    assert response["WWW-Authenticate"] == "Bearer"


def test_requests_without_a_token_or_sign_in_get_a_japanese_401(client):
    assert client.get("/api/v2/answer/", {"q": "給与"}, HTTP_HOST=HOSTS["intranet"]).status_code == 401
    response = client.get("/api/v2/search/", HTTP_HOST=HOSTS["intranet"], HTTP_AUTHORIZATION="Bearer two words")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]


def test_each_token_has_its_own_rate_limit(monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api_token": "2/min"})
    cache.clear()
    _token, busy = make_token()
    _token, other = make_token()

    statuses = [bot(busy).get("/api/v2/search/", {"q": "給与"}).status_code for _ in range(3)]
    refused = bot(busy).get("/api/v2/search/", {"q": "給与"})

    assert statuses == [200, 200, 429]
    assert refused.status_code == 429 and "上限を超えました" in refused.json()["detail"]
    assert bot(other).get("/api/v2/search/", {"q": "給与"}).status_code == 200
    cache.clear()


def test_every_use_is_recorded_without_the_query():
    token, secret = make_token()

    bot(secret).get("/api/v2/search/", {"q": "山田太郎 090-1234-5678"})
    write_behind.flush()

    use = APITokenUse.objects.get(token=token)
    token.refresh_from_db()
    assert use.path == "/api/v2/search/" and token.last_used_at is not None


def test_an_administrator_creates_a_token_and_sees_its_secret_once(signed_in):
    admin = signed_in(ADMINISTRATOR, "intranet")

    response = admin.post(
        "/admin/snippets/apitokens/apitoken/add/",
        {"name": "庁内チャットボット", "portal": "intranet", "scopes": ["faq", "answer"], "expires_at": "2099-03-31 17:00"},
        follow=True,
    )

    secret = re.search(r"<code>([\w-]+)</code>", response.content.decode()).group(1)
    token = APIToken.objects.get(name="庁内チャットボット")
    assert token.key_hash == hashed(secret) and secret not in str(token.__dict__)
    assert token.scopes == ["faq", "answer"] and token.created_by is not None
    assert bot(secret).get("/api/v2/answer/", {"q": "通勤手当"}).status_code == 200
    assert secret not in admin.get(f"/admin/snippets/apitokens/apitoken/edit/{token.pk}/").content.decode()


def test_an_administrator_revokes_a_token(signed_in):
    token, secret = make_token()
    admin = signed_in(ADMINISTRATOR, "intranet")

    admin.post(
        f"/admin/snippets/apitokens/apitoken/edit/{token.pk}/",
        {"name": token.name, "portal": "intranet", "scopes": ["search"], "expires_at": "2099-03-31 17:00", "revoke": "on"},
    )

    assert bot(secret).get("/api/v2/search/", {"q": "給与"}).status_code == 401


def test_the_other_centres_tokens_are_404_and_other_roles_see_none(signed_in):
    token, _secret = make_token("education")
    other_admin = signed_in(ADMINISTRATOR, "intranet")
    staff = signed_in(CENTRE_STAFF, "education")

    assert other_admin.get(f"/admin/snippets/apitokens/apitoken/edit/{token.pk}/").status_code == 404
    assert other_admin.get(f"/admin/snippets/apitokens/apitoken/delete/{token.pk}/").status_code == 404
    assert token.name not in other_admin.get("/admin/snippets/apitokens/apitoken/").content.decode()
    assert staff.get("/admin/snippets/apitokens/apitoken/").status_code in (302, 403)
