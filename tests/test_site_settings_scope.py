"""Editors' picks belong to one portal and its 管理者; outside addresses only from the allow-list (issue 9)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.log_actions import registry as log_registry

from pages.models import HomePage, NewsPage
from portal.roles import ADMINISTRATOR, READER
from search.models import EditorsPick
from search.picks import adopt_search_promotions

pytestmark = pytest.mark.django_db

PHISHING = "https://phish.example.net/kyoiku-password"


def news_of(portal_key):
    return NewsPage.objects.live().descendant_of(HomePage.objects.get(portal_key=portal_key)).first()


def url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def form_errors(response):
    return " ".join(str(error) for errors in response.context["form"].errors.values() for error in errors)


def test_a_pick_to_an_outside_address_is_refused_in_japanese_unless_allowed(signed_in, settings):
    client = signed_in(ADMINISTRATOR, "intranet")
    data = {"portal": "intranet", "query": "パスワード", "url": PHISHING, "title": "教育委員会パスワード変更", "sort_order": 0}

    refused = client.post(url(EditorsPick, "add"), data)

    assert refused.status_code == 200 and "許可されていない外部サイト" in form_errors(refused)
    assert not EditorsPick.objects.filter(query="パスワード").exists()
    settings.PORTAL_ALLOWED_OUTSIDE_HOSTS = [".example.net"]
    assert client.post(url(EditorsPick, "add"), data).status_code == 302
    assert EditorsPick.objects.get(query="パスワード").portal == "intranet"


def test_the_other_portals_picks_are_out_of_reach_and_out_of_sight(signed_in, settings):
    settings.PORTAL_ALLOWED_OUTSIDE_HOSTS = [".example.net"]
    pick = EditorsPick.objects.create(portal="intranet", query="パスワード", url=PHISHING, title="ZQパスワード変更")
    other_page = EditorsPick.objects.create(portal="intranet", query="共済", page=news_of("education"))
    education_admin = signed_in(ADMINISTRATOR, "education")

    assert "ZQパスワード" not in education_admin.get(url(EditorsPick, "list")).content.decode()
    assert education_admin.get(url(EditorsPick, "edit", pick.pk)).status_code == 404
    assert education_admin.post(url(EditorsPick, "delete", pick.pk)).status_code == 404
    offered = education_admin.get(url(EditorsPick, "add")).context["form"].fields["portal"].choices
    assert [key for key, _label in offered if key] == ["education"]
    teacher = signed_in(READER, "education")
    assert "ZQパスワード" not in teacher.get("/search/", {"q": "パスワード"}).content.decode()
    assert "ZQパスワード" not in str(teacher.get("/search/suggest/", {"q": "パスワード"}).json())
    form = signed_in(ADMINISTRATOR, "intranet").post(
        url(EditorsPick, "edit", other_page.pk), {"portal": "intranet", "query": "共済", "page": other_page.page_id, "sort_order": 0}
    )
    assert "このポータルのページ" in form_errors(form)
    assert signed_in(READER, "intranet").get(url(EditorsPick, "list")).status_code == 403


def test_a_pick_saved_before_the_allow_list_is_not_shown(signed_in):
    EditorsPick.objects.create(portal="intranet", query="パスワード", url=PHISHING, title="ZQパスワード変更")
    reader = signed_in(READER, "intranet")
    assert "ZQパスワード" not in reader.get("/search/", {"q": "パスワード"}).content.decode()


def test_wagtails_shared_promotions_become_picks_of_one_portal():
    query = Query.get("共済")
    page_pick = SearchPromotion.objects.create(query=query, page=news_of("education"), description="教育向け")
    by_admin = SearchPromotion.objects.create(query=query, external_link_url=PHISHING, external_link_text="外部")
    log_registry.log(by_admin, "wagtail.create", user=get_user_model().objects.get(username="somu-admin"))
    unknown = SearchPromotion.objects.create(query=query, external_link_url=PHISHING, external_link_text="出所不明")

    adopt_search_promotions()

    assert EditorsPick.objects.get(description="教育向け").portal == "education"
    assert EditorsPick.objects.get(title="外部").portal == "intranet"
    assert not SearchPromotion.objects.filter(pk__in=[page_pick.pk, by_admin.pk]).exists()
    assert SearchPromotion.objects.filter(pk=unknown.pk).exists()
    assert not EditorsPick.objects.filter(title="出所不明").exists()
