"""Site-wide settings belong to one portal and its 管理者: editors' picks, redirects, closure days, and the users a
shared 業務所管課 offers as 承認者; outside addresses only from the allow-list (issue 9)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.log_actions import registry as log_registry
from wagtail.models import Site

from pages.models import NewsPage, portal_home
from portal.models import ClosureDay, Section
from portal.redirects import adopt_redirects_for_all_sites
from portal.roles import ADMINISTRATOR, READER, SECTION_REVIEWER
from search.models import EditorsPick
from search.picks import adopt_search_promotions

from .conftest import ALL_PORTALS

pytestmark = pytest.mark.django_db

PHISHING = "https://phish.example.net/kyoiku-password"


def news_of(portal_key):
    return NewsPage.objects.live().descendant_of(portal_home(portal_key)).first()


def site_of(portal_key):
    return Site.objects.get(root_page=portal_home(portal_key))


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


def redirect_data(from_site, **changes):
    return {"old_path": "/old-kyuyo/", "site": from_site.pk, "is_permanent": "on", **changes}


def test_a_redirect_to_an_outside_host_or_the_other_portal_is_refused_in_japanese(signed_in, settings):
    client = signed_in(ADMINISTRATOR, "education")
    site = site_of("education")

    outside = client.post(reverse("wagtailredirects:add"), redirect_data(site, redirect_link=PHISHING))
    other_portal = client.post(reverse("wagtailredirects:add"), redirect_data(site, redirect_page=news_of("intranet").pk))
    all_sites = client.post(reverse("wagtailredirects:add"), redirect_data(site, site="", redirect_page=news_of("education").pk))

    assert "許可されていない外部サイト" in form_errors(outside)
    assert "教育総務事務センターポータル" in form_errors(other_portal)
    assert "site" in all_sites.context["form"].errors
    assert not Redirect.objects.filter(old_path="/old-kyuyo").exists()
    settings.PORTAL_ALLOWED_OUTSIDE_HOSTS = ["phish.example.net"]
    assert client.post(reverse("wagtailredirects:add"), redirect_data(site, redirect_link=PHISHING)).status_code == 302


def test_the_other_portals_redirects_are_out_of_reach(signed_in):
    redirect = Redirect.objects.create(old_path="/zq-somu", site=site_of("intranet"), redirect_page=news_of("intranet"))
    client = signed_in(ADMINISTRATOR, "education")

    assert "/zq-somu" not in client.get(reverse("wagtailredirects:index")).content.decode()
    assert client.get(reverse("wagtailredirects:edit", args=(redirect.pk,))).status_code == 404
    assert client.post(reverse("wagtailredirects:delete", args=(redirect.pk,))).status_code == 404
    assert Redirect.objects.filter(pk=redirect.pk).exists()
    assert client.get(reverse("wagtailredirects:start_import")).status_code in (302, 403)
    assert signed_in(READER, "education").get(reverse("wagtailredirects:index")).status_code == 403


def test_serving_never_follows_a_redirect_to_a_host_not_allowed(signed_in, settings):
    Redirect.objects.create(old_path="/password", site=site_of("education"), redirect_link=PHISHING)
    Redirect.objects.create(old_path="/somu-news", site=site_of("education"), redirect_page=news_of("intranet"))
    Redirect.objects.create(old_path="/news-here", site=site_of("education"), redirect_page=news_of("education"))
    teacher = signed_in(READER, "education")

    assert teacher.get("/password/").status_code == 404
    assert teacher.get("/somu-news/").status_code == 404
    assert teacher.get("/news-here/").status_code == 301
    settings.PORTAL_ALLOWED_OUTSIDE_HOSTS = ["phish.example.net"]
    assert teacher.get("/password/")["Location"] == PHISHING


def test_redirects_for_all_sites_are_given_the_site_of_their_page_or_creator():
    to_page = Redirect.objects.create(old_path="/a", redirect_page=news_of("education"))
    by_admin = Redirect.objects.create(old_path="/b", redirect_link=PHISHING)
    log_registry.log(by_admin, "wagtail.create", user=get_user_model().objects.get(username="somu-admin"))
    unknown = Redirect.objects.create(old_path="/c", redirect_link=PHISHING)

    adopt_redirects_for_all_sites({key: site_of(key) for key in ALL_PORTALS})

    assert Redirect.objects.get(pk=to_page.pk).site == site_of("education")
    assert Redirect.objects.get(pk=by_admin.pk).site == site_of("intranet")
    assert Redirect.objects.get(pk=unknown.pk).site is None


def test_closure_days_belong_to_one_centres_administrators(signed_in):
    other = ClosureDay.objects.create(date=datetime.date(2031, 5, 7), name="ZQ総務の切替", portal="intranet")
    client = signed_in(ADMINISTRATOR, "education")

    assert "ZQ総務" not in client.get(url(ClosureDay, "list")).content.decode()
    assert client.get(url(ClosureDay, "edit", other.pk)).status_code == 404
    assert client.get(url(ClosureDay, "history", other.pk)).status_code == 404
    both = client.post(url(ClosureDay, "add"), {"date": "2031-05-08", "name": "両センター", "portal": ""})
    assert "portal" in both.context["form"].errors
    assert client.post(url(ClosureDay, "add"), {"date": "2031-05-08", "name": "教育の切替", "portal": "education"}).status_code == 302
    assert signed_in(READER, "education").get(url(ClosureDay, "list")).status_code == 403


def test_a_shared_section_offers_only_the_own_portals_reviewers_and_keeps_the_others(signed_in, role_user):
    section = Section.objects.get(slug="kyuyo")
    intranet_reviewer = role_user(SECTION_REVIEWER, "intranet")
    section.reviewers.add(intranet_reviewer)
    education_reviewer = role_user(SECTION_REVIEWER, "education")
    client = signed_in(ADMINISTRATOR, "education")

    offered = set(client.get(url(Section, "edit", section.pk)).context["form"].fields["reviewers"].queryset)
    client.post(
        url(Section, "edit", section.pk),
        {"name": section.name, "slug": section.slug, "sort_order": section.sort_order, "reviewers": [education_reviewer.pk]},
    )

    assert education_reviewer in offered and intranet_reviewer not in offered
    assert not offered - set(get_user_model().objects.filter(groups=Group.objects.get(name="業務所管課（教育）")))
    assert {intranet_reviewer, education_reviewer} <= set(section.reviewers.all())
