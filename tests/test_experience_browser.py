"""What employees and agents do in a real browser (headless Chromium with Japanese fonts): find a procedure and
download its current 様式, print a procedure as a clean document, use both portals on a phone without sideways
scrolling, and pages of both portals with no serious or critical axe-core violations."""

import base64
import io
import time
import unicodedata

import pytest
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from faq.models import FAQPage
from forms.models import FormTemplate
from pages.models import ProcedurePage, portal_home
from portal.roles import HELPDESK, READER

from .browser import WAIT_SECONDS, document_width, selector_for, serious_violations, sign_in, wait_for
from .conftest import ALL_PORTALS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAIN_PAGES = ["/", "/search/?q=手当", "/faq/", "/procedures/", "/forms/", "/news/", "/inquiry/"]


def path_of(page):
    return page.get_url_parts()[2]


def a_procedure_with_a_form(homes, portal_key):
    for procedure in ProcedurePage.objects.live().descendant_of(homes[portal_key]).order_by("path"):
        for block in procedure.submissions:
            if block.block_type == "form" and block.value.live and block.value.current_version():
                return procedure, block.value
    raise AssertionError("the demo has a procedure with a 様式")


def test_employee_finds_a_procedure_and_downloads_its_current_form(visit, role_user, homes):
    procedure, template = a_procedure_with_a_form(homes, "intranet")
    browser = sign_in(visit, "intranet", role_user(READER, "intranet").username)
    browser.find_element(By.CSS_SELECTOR, selector_for("site-menu")).find_element(By.LINK_TEXT, "手続き一覧").click()
    WebDriverWait(browser, WAIT_SECONDS).until(EC.url_contains("/procedures/"))
    browser.find_element(By.LINK_TEXT, procedure.title).click()
    section = wait_for(browser, selector_for("procedure-submissions"))
    link = section.find_element(By.PARTIAL_LINK_TEXT, template.number)
    assert template.title in link.text
    assert template.current_version().label in section.text

    before = set(browser.download_dir.iterdir())
    link.click()
    version = template.current_version()
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        done = [f for f in set(browser.download_dir.iterdir()) - before if not f.name.endswith(".crdownload")]
        if done:
            break
        time.sleep(0.2)
    assert done, "the download finished"
    assert done[0].read_bytes() == version.file.open("rb").read()
    assert done[0].name == version.download_name


def test_a_printed_procedure_is_a_clean_document(visit, role_user, homes):
    procedure, template = a_procedure_with_a_form(homes, "intranet")
    browser = sign_in(visit, "intranet", role_user(READER, "intranet").username)
    visit("intranet", path_of(procedure))
    wait_for(browser, selector_for("procedure"))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = browser.execute_script(
        "return ['site-header', 'search-form', 'site-menu'].map(id => { const e = document.querySelector(`[data-testid=${id}]`); return !e || e.offsetParent === null; })"
    )
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert all(hidden), "no header, search box or menu in print"

    pdf = PdfReader(io.BytesIO(base64.b64decode(browser.print_page())))
    # NFKC: the PDF's text layer names some kanji by their radical code points (⽒ for 氏).
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pdf.pages)).replace(" ", "")
    assert procedure.title in text
    assert template.number in text and template.title in text, "the 様式 list with numbers"
    assert "印刷日" in text and path_of(procedure) in text, "where and when it was printed"
    for navigation in ["ログアウト", "センターへの問い合わせ", "本文へ移動", "さん"]:
        assert navigation not in text, navigation


@pytest.mark.parametrize("portal_key", ALL_PORTALS)
def test_phone_sized_screens_never_scroll_sideways_and_the_menu_folds(visit, role_user, portal_key):
    browser = sign_in(visit, portal_key, role_user(READER, portal_key).username)
    browser.set_window_size(375, 812)
    visit(portal_key, "/")
    toggle = wait_for(browser, selector_for("menu-toggle"), visible=True)
    menu = browser.find_element(By.CSS_SELECTOR, selector_for("site-menu"))
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_displayed()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_displayed()
    assert menu.find_element(By.CSS_SELECTOR, selector_for("menu-inquiry")).is_displayed()
    width, viewport = document_width(browser)
    assert width <= viewport

    visit(portal_key, "/search/?q=手当")
    results = wait_for(browser, selector_for("search-results"))
    facets = browser.find_element(By.CSS_SELECTOR, selector_for("search-facets"))
    assert results.location["y"] < facets.location["y"], "results come before the facets"
    width, viewport = document_width(browser)
    assert width <= viewport

    browser.set_window_size(320, 700)
    for path in MAIN_PAGES + [path_of(FAQPage.objects.live().filter(external_id__startswith={"intranet": "int-", "education": "edu-"}[portal_key]).first())]:
        visit(portal_key, path)
        wait_for(browser, "#main")
        width, viewport = document_width(browser)
        assert width <= viewport, f"{path} scrolls sideways at 320 px ({width} > {viewport})"
    textarea = browser.find_element(By.CSS_SELECTOR, "textarea")
    assert textarea.size["width"] <= viewport


@pytest.mark.parametrize("portal_key", ALL_PORTALS)
def test_main_pages_have_no_serious_accessibility_violations(visit, role_user, homes, portal_key):
    procedure, _ = a_procedure_with_a_form(homes, portal_key)
    faq = FAQPage.objects.live().descendant_of(homes[portal_key]).first()
    # The English demo pages (education) too: their lang attributes and language switcher.
    english_home = portal_home(portal_key, "en")
    english = [path_of(page) for page in FAQPage.objects.live().descendant_of(english_home)[:1]] if english_home else []
    browser = sign_in(visit, portal_key, role_user(READER, portal_key).username)
    found = {}
    for path in ["/", "/search/?q=手当", path_of(faq), path_of(procedure), "/inquiry/", *english]:
        visit(portal_key, path)
        wait_for(browser, "#main")
        found[path] = serious_violations(browser)

    browser.delete_all_cookies()
    sign_in(visit, portal_key, role_user(HELPDESK, portal_key).username)
    visit(portal_key, "/admin/inquiries/")
    wait_for(browser, "#listing-results")
    found["/admin/inquiries/"] = serious_violations(browser)
    assert found == {path: [] for path in found}


def test_a_form_number_in_an_faq_answer_links_that_form_and_the_faq_leads_to_its_procedure(visit, role_user, homes):
    procedure, template = a_procedure_with_a_form(homes, "intranet")
    faq = next(
        page
        for page in FAQPage.objects.live().descendant_of(homes["intranet"]).order_by("path")
        if f"（{template.number}）" in page.answer
    )
    browser = sign_in(visit, "intranet", role_user(READER, "intranet").username)
    visit("intranet", path_of(faq))
    answer = wait_for(browser, selector_for("faq-answer"))
    reference = answer.find_element(By.LINK_TEXT, template.number)
    assert reference.get_attribute("href").endswith(template.get_absolute_url())
    related = browser.find_element(By.CSS_SELECTOR, selector_for("faq-related-procedures"))
    related.find_element(By.LINK_TEXT, procedure.title).click()
    WebDriverWait(browser, WAIT_SECONDS).until(EC.url_contains(path_of(procedure)))
