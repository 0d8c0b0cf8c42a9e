"""様式 numbers in FAQ answers, procedures and manuals: linked to the portal's 様式 (its current version), and a
number that matches no published 様式, or names another form, reported by check_links and shown in the editor; and
where a reader goes next: the procedure of an FAQ, the inquiry form after 「いいえ」, the inquiry form in every menu."""

import datetime
from io import StringIO
from urllib.parse import quote, unquote

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from faq.models import FAQIndexPage, FAQPage
from forms.demo import sample_file
from forms.models import FormTemplate, FormVersion
from forms.references import Catalogue, normalise
from pages.models import LinkCheckResult, ProcedurePage
from portal.models import Category, Section
from portal.roles import CENTRE_STAFF, READER

from .conftest import HOSTS

pytestmark = pytest.mark.django_db


def new_template(number, title, portal="intranet", live=True):
    template = FormTemplate(
        portal=portal, number=number, title=title, live=live,
        section=Section.objects.get(slug="kyuyo"), category=Category.objects.get(slug="kyuyo"),
    )
    template.save()
    if live:
        template.save_revision().publish()
    FormVersion.objects.create(
        template=template, label="現行版", effective_date=timezone.localdate() - datetime.timedelta(days=10),
        change_summary="初版", file=sample_file("pdf", "test", name="form.pdf"),
    )
    return template


def new_faq(home, answer, slug):
    index = FAQIndexPage.objects.child_of(home).get()
    faq = FAQPage(title=f"{slug}の質問ですか。", slug=slug, answer=answer, category=Category.objects.get(slug="kyuyo"))
    index.add_child(instance=faq)
    faq.save_revision().publish()
    return faq


@pytest.mark.parametrize(
    "written, number",
    [("様式第３号", "様式第3号"), ("様式第三号", "様式第3号"), ("様式第十二号", "様式第12号"), ("様式郵－１", "様式郵-1"),
     ("様式第1号の二", "様式第1号の2")],
)
def test_numbers_are_compared_in_one_spelling(written, number):
    assert normalise(written) == number


def test_a_series_prefix_belongs_to_the_number_and_a_title_before_it_does_not(homes):
    new_template("様式第987号", "オカピ届")
    new_template("教様式第987号", "オカピ届（教職員用）", portal="education")
    catalogue = Catalogue("intranet")
    [own] = catalogue.find("旅費請求書様式第９８７号を使います")
    assert (own.number, own.status) == ("様式第987号", "ok")
    [other] = catalogue.find("学校では教様式第987号です")
    assert (other.number, other.status) == ("教様式第987号", "missing"), "the other portal's series is not ours"
    [named] = catalogue.find("「カピバラ届（様式第987号）」を出します")
    assert named.status == "other_title" and "オカピ届" in named.problem


def test_an_faq_answer_links_its_form_numbers_to_the_current_version(homes, portal_client, role_user):
    template = new_template("様式第986号", "ハシビロコウ届")
    faq = new_faq(
        homes["intranet"],
        "<p>「ハシビロコウ届（様式第９８６号）」を出してください。様式第985号はありません。</p>",
        "form-ref-faq",
    )
    html = portal_client("intranet", role_user(READER, "intranet")).get(faq.get_url_parts()[2]).content.decode()
    assert f'<a class="form-ref" href="{template.get_absolute_url()}" data-testid="form-ref">様式第９８６号</a>' in html
    assert "様式第985号はありません" in html, "a number matching no 様式 stays plain text"
    assert 'data-testid="faq-related-forms"' in html and "ハシビロコウ届" in html and "現行版" in html


def test_check_links_reports_numbers_matching_no_published_form_and_renumbering_shows_every_text(homes):
    template = new_template("様式第984号", "カワウソ届")
    hidden = new_template("様式第983号", "準備中のカワウソ届", live=False)
    faq = new_faq(
        homes["intranet"],
        f"<p>「カワウソ届（様式第984号）」と{hidden.number}と様式第982号を出します。</p>",
        "form-ref-check",
    )
    call_command("check_links", "--no-external", "--under", str(faq.pk), stdout=StringIO())
    problems = {r.target: r.reason for r in LinkCheckResult.objects.filter(page=faq, kind=LinkCheckResult.FORM)}
    assert set(problems) == {"様式第983号", "様式第982号"}
    assert "公開されていません" in problems["様式第983号"]

    template.number = "様式第981号"
    template.save()
    call_command("check_links", "--no-external", "--under", str(faq.pk), stdout=StringIO())
    targets = set(LinkCheckResult.objects.filter(page=faq, kind=LinkCheckResult.FORM).values_list("target", flat=True))
    assert "様式第984号" in targets, "the text still naming the old number is listed"


def test_demo_content_names_only_published_forms_of_its_portal(homes):
    """Coherence of the demo: every 様式 number in the FAQs, procedures and manuals leads to that form."""
    for home in homes.values():
        call_command("check_links", "--no-external", "--under", str(home.pk), stdout=StringIO())
    problems = LinkCheckResult.objects.filter(kind=LinkCheckResult.FORM)
    assert not problems.exists(), [str(problem) for problem in problems[:10]]


def test_demo_procedures_list_their_forms_and_faqs_naming_them_lead_back(homes, portal_client, role_user):
    for key, home in homes.items():
        procedures = ProcedurePage.objects.live().descendant_of(home)
        with_forms = [p for p in procedures if any(block.block_type == "form" for block in p.submissions)]
        assert len(with_forms) >= len(procedures) - 1
        procedure = next(p for p in with_forms if p.related_faqs)
        faq = procedure.related_faqs[0].value
        html = portal_client(key, role_user(READER, key)).get(faq.get_url_parts()[2]).content.decode()
        assert f'href="{procedure.get_url_parts()[2]}"' in html, "the FAQ shows the procedure that lists it"


def test_editors_see_which_form_numbers_lead_nowhere_while_editing(homes, client, role_user):
    template = new_template("様式第980号", "ラッコ届")
    faq = new_faq(homes["intranet"], "<p>「ラッコ届（様式第980号）」と様式第979号を出します。</p>", "form-ref-panel")
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[faq.pk]), HTTP_HOST="intranet.localhost").content.decode()
    panel = html[html.index('data-testid="form-references"') :]
    panel = panel[: panel.index("</table>")]
    assert str(template) in panel
    assert "様式第979号" in panel and "この番号の公開中の様式がありません" in panel


def test_an_faq_answered_not_helpful_offers_the_inquiry_form_with_its_question(homes, portal_client, role_user):
    faq = new_faq(homes["intranet"], "<p>回答です。</p>", "form-ref-unhelpful")
    client = portal_client("intranet", role_user(READER, "intranet"))
    path = faq.get_url_parts()[2]
    assert 'data-testid="faq-inquiry"' not in client.get(path).content.decode()
    html = client.post(path, {"helpful": "no", "comment": ""}, follow=True).content.decode()
    assert 'data-testid="faq-inquiry"' in html
    assert f'href="/inquiry/?q={quote(faq.title)}"' in html
    html = client.post(path, {"helpful": "yes"}, follow=True).content.decode()
    assert 'data-testid="faq-inquiry"' not in html


@pytest.mark.parametrize("portal_key", ["intranet", "education"])
def test_every_reader_page_has_the_inquiry_form_in_its_menu_and_prints_where_it_came_from(homes, portal_client, role_user, portal_key):
    client = portal_client(portal_key, role_user(READER, portal_key))
    procedure = ProcedurePage.objects.live().descendant_of(homes[portal_key]).first()
    for path in ["/", "/faq/", procedure.get_url_parts()[2], "/search/?q=%E6%89%8B%E5%BD%93"]:
        html = client.get(path).content.decode()
        menu = html[html.index('data-testid="site-menu"') :]
        assert 'href="/inquiry/" data-testid="menu-inquiry"' in menu[: menu.index("</nav>")], path
        assert "印刷日：令和" in html and f"URL：http://{HOSTS[portal_key]}{unquote(path)}" in html, "printed addresses read in Japanese"
