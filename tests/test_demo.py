import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction, Revision, Site

from pages.models import NewsPage
from portal.demo import CATEGORIES
from portal.models import Audience, Category, Section
from portal.portals import PORTALS
from portal.roles import READER, ROLES, group_name

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "audiences": Audience.objects.count(),
        "sections": Section.objects.count(),
        "categories": Category.objects.count(),
    }


def test_demo_loader_can_run_twice_without_duplicates():
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before
    assert before["sites"] == 2 and before["pages"] > 10


def test_demo_loader_keeps_what_editors_changed(homes):
    home = homes["intranet"]
    home.intro = "<p>編集者が書いたはじめに</p>"
    home.entry_points = [(block.block_type, block.value) for block in home.entry_points][1:]
    home.save_revision().publish()
    news = NewsPage.objects.descendant_of(home).get(title="年末調整の書類提出について")
    news.title = "年末調整の書類提出について（訂正）"
    news.save_revision().publish()
    Category.objects.filter(slug="kyuyo").update(sort_order=999)
    before = counts()

    call_command("load_demo", verbosity=0)

    assert counts() == before
    home.refresh_from_db()
    assert home.intro == "<p>編集者が書いたはじめに</p>"
    assert [block.block_type for block in home.entry_points] == ["featured_links"]
    assert not NewsPage.objects.filter(title="年末調整の書類提出について").descendant_of(home).exists()
    assert Category.objects.get(slug="kyuyo").sort_order == 999


def test_if_empty_leaves_existing_content_alone(capsys):
    before = counts()
    call_command("load_demo", "--if-empty")
    assert counts() == before
    assert "省略しました" in capsys.readouterr().out


def test_every_role_group_of_both_portals_has_a_demo_user():
    names = {group_name(role.key, portal) for role in ROLES for portal in PORTALS}
    assert len(names) == 10
    assert set(Group.objects.filter(user__isnull=False).values_list("name", flat=True)) == names == set(
        Group.objects.values_list("name", flat=True)
    )


def test_the_how_to_page_is_described_on_the_home(portal_client, role_user):
    html = portal_client("intranet", role_user(READER, "intranet")).get("/").content.decode()
    assert '総務事務センターポータルの使い方</a><p class="link-description">検索と問い合わせの方法</p>' in html


def test_the_faq_import_finds_every_category_of_the_shared_files_in_the_vocabulary():
    assert sorted(Category.objects.values_list("slug", flat=True)) == sorted(slug for _, slug in CATEGORIES)
