"""The Content-Security-Policy does not break Wagtail's admin: as the demo 管理者 in headless Chromium, the dashboard, the
page editor (StreamField, a chooser, the preview), editors' picks and a portal page with the userbar work and log no
CSP violation."""

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from faq.models import FAQPage
from portal.demo import DEMO_PASSWORD

from .browser import WAIT_SECONDS, sign_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def csp_violations(browser):
    """Console messages about the Content-Security-Policy since the last call (the log is read once)."""
    return [entry["message"] for entry in browser.get_log("browser") if "Content Security Policy" in entry["message"]]


def click(browser, element):
    """Click as a user would after scrolling the element into the middle of the window (the editor's sticky footer
    would otherwise cover it)."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def check_page_editor(browser, base, faq):
    """StreamField drawn by its script, a block added, a chooser modal opened, the preview rendered in its frame."""
    browser.get(f"{base}/admin/pages/{faq.pk}/edit/")
    click(browser, wait_for(browser, "#related-root .c-sf-add-button"))
    click(browser, wait_for(browser, ".w-combobox [role=option]", visible=True))
    click(browser, wait_for(browser, "#related-root [data-chooser-action-choose]", visible=True))
    wait_for(browser, ".modal-content table.listing", visible=True)
    click(browser, wait_for(browser, ".modal .close", visible=True))
    WebDriverWait(browser, WAIT_SECONDS).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".modal-content")))

    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-side-panel-toggle=preview]"))
    wait_for(browser, "#w-preview-iframe", visible=True)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda _: faq.title in preview_text(browser))


def preview_text(browser):
    """The text of the preview panel's page ("" while Wagtail swaps in a freshly loaded frame)."""
    try:
        browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "#w-preview-iframe"))
        return browser.find_element(By.TAG_NAME, "body").text
    except WebDriverException:
        return ""
    finally:
        browser.switch_to.default_content()


def test_admin_works_under_the_content_security_policy(visit, homes):
    home = homes["intranet"]
    faq = FAQPage.objects.descendant_of(home).live().first()
    browser = sign_in(visit, "intranet", "somu-admin", password=DEMO_PASSWORD)
    base = browser.current_url.split("/", 3)
    base = "/".join(base[:3])
    csp_violations(browser)

    browser.get(f"{base}/admin/")
    wait_for(browser, "#wagtail-sidebar nav, [data-wagtail-sidebar] nav, #wagtail-sidebar a")
    browser.get(f"{base}/admin/pages/{home.pk}/")
    wait_for(browser, "table.listing")
    check_page_editor(browser, base, faq)
    browser.get(f"{base}/admin/snippets/search/editorspick/add/")
    wait_for(browser, "#id_query")
    browser.get(f"{base}/{faq.url_path.removeprefix(home.url_path)}")
    wait_for(browser, "[data-testid=faq-question]")
    wait_for(browser, "wagtail-userbar")

    violations = csp_violations(browser)
    assert violations == [], violations
