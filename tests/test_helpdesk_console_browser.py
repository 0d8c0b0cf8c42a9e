"""The agent console in a real browser, keyboard only (issue 10): type the caller's question, pick a suggested FAQ
with Alt+J and Enter (it is linked and its answer copied into the reply), insert a 定型文 with Alt+T, then answer
and close with Alt+C. Headless Chromium via Selenium against the live server of tests/browser.py."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from helpdesk.models import Inquiry
from portal.roles import HELPDESK

from .browser import WAIT_SECONDS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def alt(browser, letter):
    ActionChains(browser).key_down(Keys.ALT).send_keys(letter).key_up(Keys.ALT).perform()


def typed(browser, text):
    ActionChains(browser).send_keys(text).perform()


def active_testid(browser):
    return browser.switch_to.active_element.get_attribute("id")


def test_an_agent_records_a_call_with_the_keyboard_only(visit, role_user):
    agent = role_user(HELPDESK, "intranet")
    browser = sign_in(visit, "intranet", agent.username)
    visit("intranet", "/admin/inquiries/new/")
    wait = WebDriverWait(browser, WAIT_SECONDS)
    wait.until(lambda driver: active_testid(driver) == "id_question")

    typed(browser, "通勤手当の届出はいつまでですか")
    suggestions = browser.find_element(By.CSS_SELECTOR, "[data-testid=console-suggestions]")
    wait.until(lambda _: suggestions.find_elements(By.CSS_SELECTOR, "li[data-key^='page:']"))
    alt(browser, "j")
    chosen = browser.switch_to.active_element
    key, title = chosen.get_attribute("data-key"), chosen.get_attribute("data-title")
    while not key.startswith("page:"):
        chosen.send_keys(Keys.ARROW_DOWN)
        chosen = browser.switch_to.active_element
        key, title = chosen.get_attribute("data-key"), chosen.get_attribute("data-title")
    chosen.send_keys(Keys.ENTER)

    wait.until(lambda driver: active_testid(driver) == "id_answer")
    answer = browser.find_element(By.ID, "id_answer")
    copied = answer.get_attribute("value")
    assert copied.strip()
    references = browser.find_element(By.CSS_SELECTOR, "[data-testid=console-references]")
    assert title in references.text

    alt(browser, "t")
    template = browser.switch_to.active_element
    assert template.get_attribute("role") == "option"
    template.send_keys(Keys.ENTER)
    wait.until(lambda _: len(answer.get_attribute("value")) > len(copied))
    assert active_testid(browser) == "id_answer"

    alt(browser, "c")
    wait.until(EC.url_contains("/admin/inquiries/new/?portal=intranet"))
    inquiry = Inquiry.objects.get(question="通勤手当の届出はいつまでですか")
    assert inquiry.status == Inquiry.Status.CLOSED and inquiry.assignee == agent
    assert inquiry.answer.startswith(copied.strip()[:20])
    assert inquiry.references.get().page_id == int(key.split(":")[1])
    assert inquiry.reference in browser.page_source
