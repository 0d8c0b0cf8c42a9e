"""Readers' pages served from the page cache (portal/page_cache.py) look exactly as if rendered for them: their own
name, CSRF token and FAQ vote, nothing of another user's, never a page of another portal or group set, and a
published change shows at once."""

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection

from faq.models import FAQDailyViews, FAQFeedback, FAQPage
from portal.page_cache import CACHE_ALIAS
from portal.roles import ADMINISTRATOR, READER

from .conftest import HOSTS


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches[CACHE_ALIAS].clear()
    yield caches[CACHE_ALIAS]
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def faq(homes):
    return FAQPage.objects.descendant_of(homes["intranet"]).live().first()


def path_of(page):
    return page.get_url_parts()[2]


def reader(role_user, portal_key="intranet", name=("", "")):
    user = role_user(READER, portal_key)
    user.last_name, user.first_name = name
    user.save()
    client = Client(HTTP_HOST=HOSTS[portal_key], enforce_csrf_checks=True)
    client.force_login(user)
    return user, client


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_second_reader_gets_the_cached_page_with_their_own_name_token_and_vote(faq, role_user):
    first, first_client = reader(role_user, name=("山田", "花子"))
    second, second_client = reader(role_user, name=("<b>佐藤</b>", "一郎"))
    FAQFeedback.objects.create(page=faq, user=second, helpful=False)

    first_html = first_client.get(path_of(faq)).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second_html = second_client.get(path_of(faq)).content.decode()

    assert len(queries) < 12, [query["sql"] for query in queries]  # a full render takes about 30
    assert faq.title in second_html
    assert "山田 花子 さん" in first_html and "山田" not in second_html
    assert "&lt;b&gt;佐藤&lt;/b&gt; 一郎 さん" in second_html and "<b>佐藤</b>" not in second_html
    assert "評価済みです（いいえ）" in second_html and "評価済み" not in first_html
    # The token in the cached page is the second reader's: their vote posted with it is accepted.
    posted = second_client.post(path_of(faq), {"helpful": "yes", "csrfmiddlewaretoken": csrf_token(second_html)})
    assert posted.status_code == 302
    assert FAQFeedback.objects.get(page=faq, user=second).helpful is True
    assert "評価済みです（はい）" in second_client.get(path_of(faq)).content.decode()


def test_views_served_from_the_cache_are_counted(faq, role_user):
    _, client = reader(role_user)
    for _ in range(3):
        assert client.get(path_of(faq)).status_code == 200
    assert sum(FAQDailyViews.objects.filter(page=faq).values_list("views", flat=True)) == 3


def test_a_cached_page_is_never_served_to_another_portal_or_to_an_editor(faq, homes, role_user, page_cache):
    _, intranet_client = reader(role_user)
    assert intranet_client.get(path_of(faq)).status_code == 200
    assert intranet_client.get("/").status_code == 200

    _, education_client = reader(role_user, "education")
    education_client.defaults["HTTP_HOST"] = HOSTS["intranet"]
    assert education_client.get(path_of(faq)).status_code == 403
    assert education_client.get("/").status_code == 403

    admin = Client(HTTP_HOST=HOSTS["intranet"])
    admin.force_login(role_user(ADMINISTRATOR, "intranet"))
    assert "wagtail-userbar" in admin.get(path_of(faq)).content.decode()
    assert "wagtail-userbar" not in intranet_client.get(path_of(faq)).content.decode()


def test_a_published_change_shows_at_once(faq, role_user):
    _, client = reader(role_user)
    assert faq.title in client.get(path_of(faq)).content.decode()
    faq.title = "キャッシュ確認用に書き換えた質問"
    faq.save_revision().publish()
    assert "キャッシュ確認用に書き換えた質問" in client.get(path_of(faq)).content.decode()
    faq.unpublish()
    assert client.get(path_of(faq)).status_code == 404


def test_a_page_showing_a_message_is_not_stored(faq, role_user):
    _, voter = reader(role_user)
    token = csrf_token(voter.get(path_of(faq)).content.decode())
    voter.post(path_of(faq), {"helpful": "yes", "csrfmiddlewaretoken": token})
    assert "ご回答ありがとうございました" in voter.get(path_of(faq)).content.decode()
    _, other = reader(role_user)
    assert "ご回答ありがとうございました" not in other.get(path_of(faq)).content.decode()
