"""The header search box in a real browser, keyboard only: typing shows suggestions as a combobox (WAI-ARIA 1.2),
↓/↑ move through them, Enter opens one, Esc and leaving the box close the list, Enter with none chosen searches, and
opening a result is recorded in the query log. axe-core finds nothing serious with the list open."""

import datetime

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from pages.models import NewsIndexPage, NewsPage, portal_home
from portal.roles import READER
from search.models import QueryLog

from .browser import WAIT_SECONDS, selector_for, serious_violations, sign_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def publish_news(title, slug):
    home = portal_home("intranet")
    news = NewsPage(title=title, slug=slug, date=datetime.date.today())
    NewsIndexPage.objects.child_of(home).first().add_child(instance=news)
    news.save_revision().publish()
    return news


def open_suggestions(browser, text):
    box = browser.find_element(By.CSS_SELECTOR, selector_for("search-input"))
    box.send_keys(text)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: box.get_attribute("aria-expanded") == "true")
    return box, browser.find_element(By.CSS_SELECTOR, selector_for("search-suggestions"))


def test_keyboard_only_search_with_suggestions(visit, role_user):
    news = publish_news("ペンギン観察会の開催について", "penguin")
    browser = sign_in(visit, "intranet", role_user(READER, "intranet").username)

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # skip link
    box = browser.switch_to.active_element
    for _ in range(3):
        if box.get_attribute("data-testid") == "search-input":
            break
        box.send_keys(Keys.TAB)
        box = browser.switch_to.active_element
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"

    box, listbox = open_suggestions(browser, "ペンギン観察")
    assert listbox.get_attribute("role") == "listbox" and listbox.get_attribute("aria-label")
    options = listbox.find_elements(By.CSS_SELECTOR, "[role=option]")
    assert options and not listbox.find_elements(By.TAG_NAME, "a"), "options hold no links"
    assert "お知らせ" in options[0].text and news.title in options[0].text, "each option names its type"
    assert all(option.size["height"] >= 44 for option in options)
    assert serious_violations(browser) == []

    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == options[0].get_attribute("id")
    assert options[0].get_attribute("aria-selected") == "true"
    box.send_keys(Keys.ARROW_UP)
    assert box.get_attribute("aria-activedescendant") == options[-1].get_attribute("id"), "↑ from the first wraps"
    box.send_keys(Keys.ESCAPE)
    assert box.get_attribute("aria-expanded") == "false" and not listbox.is_displayed()
    assert box.get_attribute("aria-activedescendant") is None
    assert box.get_attribute("value") == "ペンギン観察", "the first Esc only closes the list"

    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-expanded") == "true"
    box.send_keys(Keys.SHIFT, Keys.TAB)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: box.get_attribute("aria-expanded") == "false")

    box.click()
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    WebDriverWait(browser, WAIT_SECONDS).until(EC.url_contains("/news/penguin/"))
    assert news.title in browser.find_element(By.TAG_NAME, "h1").text

    box = browser.find_element(By.CSS_SELECTOR, selector_for("search-input"))
    box.send_keys("ペンギン観察会", Keys.ENTER)
    group = wait_for(browser, selector_for("search-group-news"))
    assert news.title in group.text
    link = group.find_element(By.PARTIAL_LINK_TEXT, "開催について")
    link.send_keys(Keys.ENTER)
    WebDriverWait(browser, WAIT_SECONDS).until(EC.url_contains("/news/penguin/"))
    assert QueryLog.objects.get(query="ペンギン観察会").clicked_url == "/news/penguin/"


def test_clicking_a_suggestion_opens_it_and_clicking_elsewhere_closes_the_list(visit, role_user):
    news = publish_news("カピバラ見学会のお知らせ", "capybara")
    browser = sign_in(visit, "intranet", role_user(READER, "intranet").username)
    browser.find_element(By.CSS_SELECTOR, selector_for("search-input")).click()
    box, listbox = open_suggestions(browser, "カピバラ見学")
    browser.find_element(By.CSS_SELECTOR, selector_for("user-name")).click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: box.get_attribute("aria-expanded") == "false")

    box.send_keys(Keys.BACKSPACE)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: box.get_attribute("aria-expanded") == "true")
    listbox.find_element(By.XPATH, f".//*[@role='option'][contains(., '{news.title}')]").click()
    WebDriverWait(browser, WAIT_SECONDS).until(EC.url_contains("/news/capybara/"))
