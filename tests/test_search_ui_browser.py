"""The header search box in a real browser: typing shows suggestions from /search/suggest/, choosing one opens it,
pressing Enter opens the results page, and opening a result there is recorded in the query log. Headless Chromium via Selenium against pytest-django's live server.

live_server makes this a transactional test (the database is flushed afterwards); pytest-django runs such tests
after all others on the same worker, so the shared demo data is intact when it starts.
"""

import datetime

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from pages.models import HomePage, NewsIndexPage, NewsPage
from portal.roles import READER
from search.models import QueryLog

from .browser import WAIT_SECONDS, sign_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_typing_in_the_header_box_suggests_pages_and_enter_searches(browser, live_server, role_user):
    home = HomePage.objects.get(portal_key="intranet")
    news = NewsPage(title="ペンギン観察会の開催について", slug="penguin", date=datetime.date.today())
    NewsIndexPage.objects.child_of(home).first().add_child(instance=news)
    news.save_revision().publish()
    user = role_user(READER, "intranet")
    base = f"http://intranet.localhost:{live_server.thread.port}"

    sign_in(browser, base, user.username)
    box = browser.find_element(By.CSS_SELECTOR, "[data-testid=search-input]")
    box.send_keys("ペンギン観察")
    suggestions = WebDriverWait(browser, WAIT_SECONDS).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=search-suggestions]"))
    )
    link = WebDriverWait(browser, WAIT_SECONDS).until(lambda _: suggestions.find_element(By.LINK_TEXT, news.title))
    link.click()
    WebDriverWait(browser, WAIT_SECONDS).until(EC.url_contains("/news/penguin/"))
    assert news.title in browser.find_element(By.TAG_NAME, "h1").text

    box = browser.find_element(By.CSS_SELECTOR, "[data-testid=search-input]")
    box.send_keys(Keys.ESCAPE)
    box.send_keys("ペンギン観察会", Keys.ENTER)
    wait_for(browser, "search-results")
    group = browser.find_element(By.CSS_SELECTOR, "[data-testid=search-group-news]")
    assert news.title in group.text

    group.find_element(By.PARTIAL_LINK_TEXT, "開催について").click()
    WebDriverWait(browser, WAIT_SECONDS).until(EC.url_contains("/news/penguin/"))
    assert QueryLog.objects.get(query="ペンギン観察会").clicked_url == "/news/penguin/"
