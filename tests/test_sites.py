import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site

from pages.models import NewsIndexPage, ScheduleEvent, SchedulePage
from portal.dates import wareki
from portal.roles import READER

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


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


def home_sections(client):
    """The home's sections in page order: (data-testid, the texts of its links or card titles)."""
    main = BeautifulSoup(client.get("/").content.decode(), "html.parser").main
    return [
        (section["data-testid"], [item.get_text(strip=True) for item in section.select(".card > a, .card > h3")])
        for section in main.select("section.home-section")
    ]


def test_education_home_puts_procedures_and_faq_up_front(portal_client, role_user):
    testid, entries = home_sections(portal_client("education", role_user(READER, "education")))[0]
    assert testid == "featured-links"
    assert entries[:2] == ["手続き一覧", "よくある質問"]


def test_intranet_home_leads_with_audience_entry_points(portal_client, role_user):
    testid, entries = home_sections(portal_client("intranet", role_user(READER, "intranet")))[0]
    assert testid == "audience-entries"
    assert entries[:2] == ["正規職員の方へ", "会計年度任用職員の方へ"]


def test_editors_choose_the_order_of_the_entry_points(homes, portal_client, role_user):
    home = homes["education"]
    home.entry_points = [(block.block_type, block.value) for block in reversed(home.entry_points)]
    home.save_revision().publish()
    sections = home_sections(portal_client("education", role_user(READER, "education")))
    assert [testid for testid, _ in sections][:2] == ["audience-entries", "featured-links"]


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


def profile_setting(profile, expression, **extra_env):
    env = {key: value for key, value in os.environ.items() if key not in ("PORTAL_PORT", "WAGTAILADMIN_BASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE=f"portal.settings.{profile}", SECRET_KEY="x" * 50, ALLOW_SQLITE="true", **extra_env)
    code = f"from django.conf import settings; print({expression})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip()


def test_development_serves_the_portals_on_8000_and_production_on_the_default_port():
    assert profile_setting("dev", "settings.PORTAL_PORT, settings.WAGTAILADMIN_BASE_URL") == "8000 http://intranet.localhost:8000"
    assert profile_setting("production", "settings.PORTAL_PORT", WAGTAILADMIN_BASE_URL="https://intranet.city.example") == "80"


@pytest.fixture
def setup_on_port_8000():
    """setup_portals' output with PORTAL_PORT=8000; the sites' cached root paths are dropped after the rollback."""
    output = io.StringIO()
    with override_settings(PORTAL_PORT=8000):
        call_command("setup_portals", stdout=output)
    yield output.getvalue()
    Site.clear_site_root_paths_cache()


def test_setup_portals_gives_the_sites_the_port_so_live_links_work(setup_on_port_8000, homes):
    assert "http://edu.localhost:8000/ (education)" in setup_on_port_8000
    news = NewsIndexPage.objects.child_of(homes["education"]).get()
    assert news.full_url == "http://edu.localhost:8000/news/"
    assert Site.objects.get(root_page=homes["intranet"]).root_url == "http://intranet.localhost:8000"


def test_a_deadline_period_stays_on_the_home_until_its_last_day(homes, portal_client, role_user):
    today = timezone.localdate()
    schedule = SchedulePage.objects.child_of(homes["intranet"]).get()
    for title, start, end in [
        ("受付期間中の届出", today - datetime.timedelta(days=3), today + datetime.timedelta(days=2)),
        ("昨日で締め切った届出", today - datetime.timedelta(days=9), today - datetime.timedelta(days=1)),
        ("今日が締切の届出", today, None),
    ]:
        schedule.events.add(ScheduleEvent(date=start, end_date=end, title=title, is_deadline=True))
    schedule.save_revision().publish()
    deadlines = portal_client("intranet", role_user(READER, "intranet")).get("/").content.decode()
    deadlines = deadlines[deadlines.index('data-testid="upcoming-deadlines"') :]
    assert f"{wareki(today + datetime.timedelta(days=2), with_weekday=True)}</time> <a" in deadlines
    assert "受付期間中の届出" in deadlines and "今日が締切の届出" in deadlines
    assert "昨日で締め切った届出" not in deadlines
