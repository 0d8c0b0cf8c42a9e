"""English pages (issue 14): editors translate Japanese pages with wagtail-localize; readers get the English page
with a language switcher while the Japanese original stays as it was; a translation whose original changed is shown
as out of date; search and the APIs work per language; every path stays within the editor's own portal."""

import pytest
from django.test import Client
from wagtail.models import Locale

from faq.models import FAQPage
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, READER
from portal.sites import portal_groups
from search import engine, english
from translations import status
from translations.demo import translate

from .test_search_engine import add_faq

pytestmark = pytest.mark.django_db

ENGLISH = {
    "title": "How do I claim the okapi allowance?",
    "slug": "okapi-allowance",
    "answer": "Claims for the okapi allowance are made on the first working day of each month.",
}


@pytest.fixture
def en():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def published_translation(en, django_capture_on_commit_callbacks):
    """translate(page, strings) -> the published translation (wagtail-localize publishes when the transaction
    commits, which a test's transaction never does)."""

    def make(page, strings):
        with django_capture_on_commit_callbacks(execute=True):
            translation = translate(page, strings, en)
        translation.refresh_from_db()
        return translation

    return make


@pytest.fixture
def okapi(published_translation):
    """A Japanese FAQ of the education portal and its published English translation."""
    japanese = add_faq(
        "オカピ手当はどのように請求しますか", "オカピ手当は毎月の初日に請求します。", portal="education"
    )
    return japanese, published_translation(japanese, ENGLISH)


def test_the_english_faq_is_served_with_a_switcher_and_the_japanese_one_is_untouched(signed_in, okapi):
    japanese, translation = okapi
    before = (japanese.title, japanese.answer, japanese.external_id, japanese.revisions.count())
    reader = signed_in(READER, "education")

    page = reader.get(translation.url)
    html = page.content.decode()
    assert page.status_code == 200 and translation.url.startswith("http://edu.localhost") and "/en/" in translation.url
    assert '<html lang="en">' in html and ENGLISH["answer"] in html and "オカピ手当は毎月" not in html
    assert 'hreflang="ja"' in html and japanese.url.replace("http://edu.localhost", "") in html

    original = reader.get(japanese.url).content.decode()
    assert '<html lang="ja">' in original and "オカピ手当は毎月の初日に請求します。" in original and 'hreflang="en"' in original
    japanese.refresh_from_db()
    assert (japanese.title, japanese.answer, japanese.external_id, japanese.revisions.count()) == before
    assert translation.external_id != japanese.external_id  # the 外部ID names the Japanese FAQ in imports


def test_a_translation_whose_original_changed_is_out_of_date_until_synced_and_translated(
    signed_in, okapi, published_translation
):
    japanese, translation = okapi
    assert status.translation_state(translation).label == status.UP_TO_DATE

    japanese.answer = "<p>オカピ手当は毎月の初日に、所属を通じて請求します。</p>"
    japanese.save_revision().publish()
    state = status.translation_state(translation)
    assert state.out_of_date and state.label == status.SOURCE_CHANGED
    page = signed_in(READER, "education").get(translation.url).content.decode()
    assert 'data-testid="translation-out-of-date"' in page and japanese.url.replace("http://edu.localhost", "") in page

    report = signed_in(CENTRE_STAFF, "education").get("/admin/reports/translation-status/").content.decode()
    assert ENGLISH["title"] in report and status.SOURCE_CHANGED in report

    # The editor syncs (wagtail-localize extracts the new text): the new sentence still awaits its translation.
    source = translation.get_translations().get(locale__language_code="ja")
    from wagtail_localize.models import TranslationSource

    TranslationSource.objects.get(object_id=source.translation_key).update_from_db()
    assert status.translation_state(translation).label == status.UNTRANSLATED

    published_translation(japanese, {**ENGLISH, "answer": "Claim the okapi allowance through your school on the first day."})
    assert status.translation_state(translation).label == status.UP_TO_DATE
    assert "through your school" in signed_in(READER, "education").get(translation.url).content.decode()


def test_other_centres_and_visitors_cannot_read_or_edit_the_english_pages(signed_in, role_user, okapi):
    japanese, translation = okapi
    path = translation.url.replace("http://edu.localhost", "")

    english_home = translation.get_ancestors().get(depth=2)
    assert set(english_home.view_restrictions.get().groups.all()) == set(portal_groups("education"))
    assert signed_in(READER, "intranet", host_portal="education").get(path).status_code == 403
    anonymous = Client(HTTP_HOST="edu.localhost").get(path)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]

    own_editor, other_editor = role_user(CENTRE_STAFF, "education"), role_user(ADMINISTRATOR, "intranet")
    assert translation.permissions_for_user(own_editor).can_edit()
    assert not translation.permissions_for_user(other_editor).can_edit()

    other = signed_in(ADMINISTRATOR, "intranet")
    assert ENGLISH["title"] not in other.get("/admin/reports/translation-status/").content.decode()
    assert other.get(f"/admin/localize/submit/page/{japanese.pk}/").status_code == 404
    assert ENGLISH["title"] not in other.get("/admin/localize/reports/translations/").content.decode()
    forms = other.get("/admin/localize/api/snippets/forms/formtemplate/").json()
    assert forms and all("教様式" not in row["title"] for row in forms)


def test_an_editor_translates_a_page_of_their_own_portal_in_the_admin(signed_in, en):
    japanese = add_faq("カピバラ手当の届出先はどこですか", "カピバラ手当は学校の事務職員に届け出ます。", portal="education")
    editor = signed_in(CENTRE_STAFF, "education")

    assert editor.get(f"/admin/localize/submit/page/{japanese.pk}/").status_code == 200
    response = editor.post(f"/admin/localize/submit/page/{japanese.pk}/", {"locales": [en.pk]})

    assert response.status_code == 302
    translation = japanese.get_translation(en)
    assert editor.get(f"/admin/pages/{translation.pk}/edit/").status_code == 200


def test_english_is_analysed_as_english():
    assert english.words("Leaves, leaving and the LEAVE") == ["leav", "leav", "leav"]
    assert english.words("Ｃｌａｉｍｓ for allowances") == english.words("claim allowance")


def test_search_finds_english_pages_only_in_english(role_user, okapi):
    japanese, translation = okapi
    reader = role_user(READER, "education")

    found = engine.search("claiming okapi allowances", user=reader, portal_key="education", language="en")
    assert [row["id"] for row in found.results][:1] == [translation.pk]
    in_japanese = engine.search("オカピ手当 請求", user=reader, portal_key="education")
    assert translation.pk not in [row["id"] for row in in_japanese.results]
    assert japanese.pk in [row["id"] for row in in_japanese.results]
    assert engine.search("okapi allowance", user=role_user(READER, "intranet"), portal_key="intranet", language="en").count == 0


def test_the_apis_answer_per_language(signed_in, okapi):
    japanese, translation = okapi
    reader = signed_in(READER, "education")

    results = reader.get("/api/v2/search/", {"q": "okapi allowance", "locale": "en"}).json()["results"]
    assert results[0]["id"] == translation.pk and results[0]["title"] == ENGLISH["title"]
    refused = reader.get("/api/v2/search/", {"q": "okapi", "locale": "fr"})
    assert refused.status_code == 400 and "locale には" in refused.json()["detail"]

    answer = reader.get("/api/v2/answer/", {"q": "how do I claim the okapi allowance", "locale": "en"}).json()
    assert answer["handoff"] is False and answer["answer"]["id"] == translation.pk

    pages = reader.get("/api/v2/pages/", {"type": "faq.FAQPage", "locale": "en", "fields": "answer"}).json()["items"]
    assert translation.pk in [item["id"] for item in pages]
    assert all(item["meta"]["locale"] == "en" for item in pages)
    other = signed_in(READER, "intranet").get("/api/v2/pages/", {"type": "faq.FAQPage", "locale": "en"}).json()
    assert translation.pk not in [item["id"] for item in other["items"]]


def test_the_search_box_of_an_english_page_searches_in_english(signed_in, okapi):
    japanese, translation = okapi
    reader = signed_in(READER, "education")

    page = reader.get(translation.url).content.decode()
    assert '<input type="hidden" name="locale" value="en">' in page
    results = reader.get("/search/", {"q": "okapi allowance", "locale": "en"}).content.decode()
    assert ENGLISH["title"] in results
    unknown = reader.get("/search/", {"q": "オカピ手当", "locale": "xx"}).content.decode()
    assert "日本語のページから探しました" in unknown


def test_the_education_demo_has_english_faqs_and_a_procedure(homes):
    english_pages = FAQPage.objects.filter(locale__language_code="en")
    if not FAQPage.objects.filter(external_id__startswith="edu-").exists():
        pytest.skip("the shared FAQ data is not here")
    assert english_pages.count() >= 3
    from pages.models import ProcedurePage

    assert ProcedurePage.objects.filter(locale__language_code="en").live().exists()
