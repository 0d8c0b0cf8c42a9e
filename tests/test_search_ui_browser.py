"""The header search box in a real browser: typing shows suggestions from /search/suggest/, choosing one opens it,
pressing Enter opens the results page, and opening a result there is recorded in the query log. Headless Chromium via Selenium against pytest-django's live server.

live_server makes this a transactional test (the database is flushed afterwards); pytest-django runs such tests
after all others on the same worker, so the shared demo data is intact when it starts.
"""

import datetime
import shutil

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from pages.models import HomePage, NewsIndexPage, NewsPage
from portal.roles import READER
from search.models import QueryLog

from .servers import unavailable

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,900",
]
WAIT_SECONDS = 20


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        unavailable(f"{CHROMIUM} / {CHROMEDRIVER} not installed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as error:
        unavailable(f"Chromium did not start: {error.msg}")
    yield driver
    driver.quit()


def wait_for(browser, testid):
    locator = (By.CSS_SELECTOR, f"[data-testid={testid}]")
    return WebDriverWait(browser, WAIT_SECONDS).until(EC.presence_of_element_located(locator))


def sign_in(browser, base, username):
    browser.get(f"{base}/login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys("x")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait_for(browser, "search-input")


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
