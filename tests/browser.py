"""Headless Chromium (Debian's chromium + chromedriver) for the browser tests, driven by Selenium against
pytest-django's live server; the browser's console log is kept, so tests can look for Content-Security-Policy
violations. A browser that cannot start skips the tests, or fails them under CI=true."""

import shutil

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

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
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as error:
        unavailable(f"Chromium did not start: {error.msg}")
    yield driver
    driver.quit()


def wait_for(browser, testid):
    locator = (By.CSS_SELECTOR, f"[data-testid={testid}]")
    return WebDriverWait(browser, WAIT_SECONDS).until(EC.presence_of_element_located(locator))


def sign_in(browser, base, username, password="x", landing_testid="search-input"):
    browser.get(f"{base}/login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait_for(browser, landing_testid)
