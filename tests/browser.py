"""Headless Chromium (Debian's, with Japanese fonts) driving a live server of the test database, and axe-core
(from npm, see package.json) to check pages for accessibility. The browser's console log is kept, so tests can look
for Content-Security-Policy violations. A browser that cannot start skips the tests, or fails them under CI=true.

The server shares the test's in-memory database connection (as pytest-django's live_server does), but tests use the
ordinary `db` fixture rather than `live_server`: each test's changes are rolled back, and the demo content loaded
once per session stays for every browser test, instead of being flushed after the first.
"""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django.live_server_helper import LiveServer
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import HOSTS
from .servers import unavailable

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
    "--lang=ja-JP",
    "--window-size=1280,900",
]
WAIT_SECONDS = 20
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def live_portal(django_db_setup):
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        unavailable(f"{CHROMIUM} / {CHROMEDRIVER} not installed (make browser-deps)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as error:
        unavailable(f"Chromium did not start: {error.msg}")
    driver.download_dir = tmp_path_factory.mktemp("downloads")
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(driver.download_dir)})
    yield driver
    driver.quit()


@pytest.fixture
def visit(browser, live_portal, db):
    """visit(portal_key, path) opens a page of that portal; the browser starts each test signed out, full size."""
    browser.delete_all_cookies()
    browser.set_window_size(1280, 900)
    port = live_portal.url.rsplit(":", 1)[1]

    def go(portal_key, path):
        browser.get(f"http://{HOSTS[portal_key]}:{port}{path}")
        return browser

    return go


def wait_for(browser, selector, visible=False):
    condition = EC.visibility_of_element_located if visible else EC.presence_of_element_located
    return WebDriverWait(browser, WAIT_SECONDS).until(condition((By.CSS_SELECTOR, selector)))


def selector_for(name):
    return f"[data-testid={name}]"


def sign_in(visit, portal_key, username, password="x"):
    browser = visit(portal_key, "/login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, selector_for("login-submit")).click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda driver: "/login/" not in driver.current_url)
    return browser


def serious_violations(browser):
    """axe-core's serious and critical violations on the page as it is now, as readable strings."""
    if not AXE.exists():
        unavailable(f"{AXE} missing (make browser-deps runs npm ci)")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(result => done(result.violations), error => done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]));"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in SERIOUS
    ]


def document_width(browser):
    """(scrollWidth, viewport width) of the page: equal when nothing scrolls sideways."""
    return browser.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
