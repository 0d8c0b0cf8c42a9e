"""wagtail-localize's admin in Japanese: the project's locale/ translates every string of its catalogs (it ships
Japanese for five), so an editor translates, syncs and reviews English pages in the admin's own vocabulary
(翻訳, 原文, 同期, 言語, エイリアス), the string editor included (its strings come from /admin/localize/jsi18n/)."""

import json
import re
from pathlib import Path

import polib
import pytest
import wagtail_localize
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from portal.roles import CENTRE_STAFF

from .test_search_engine import add_faq

pytestmark = pytest.mark.django_db

CATALOGS = Path(wagtail_localize.__file__).parent
ENGLISH_LEFT_OVER = [
    "Translate this page",
    "Translate page",
    "Locales",
    "Include subtree",
    "Go back",
    "Sync translated pages",
    "Why would I sync my page?",
    "Publish immediately",
    "Source locale",
    "Target locale",
]


def catalog_entries(domain):
    for path in sorted(CATALOGS.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")):
        yield from polib.pofile(str(path))


def js_catalog(client):
    response = client.get("/admin/localize/jsi18n/")
    assert response.status_code == 200
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))


def japanese(entry):
    if entry.msgid_plural:
        return translation.ngettext(entry.msgid, entry.msgid_plural, 2)
    return translation.gettext(entry.msgid)


def test_every_string_of_wagtail_localize_reads_japanese(signed_in):
    with translation.override("ja"):
        untranslated = [e.msgid for e in catalog_entries("django") if japanese(e) in (e.msgid, e.msgid_plural)]
    assert untranslated == []

    catalog = js_catalog(signed_in(CENTRE_STAFF, "education"))
    assert [entry.msgid for entry in catalog_entries("djangojs") if entry.msgid not in catalog] == []
    assert catalog["Publish in "] == "公開：" and catalog["Not translated"] == "未翻訳"
    assert catalog["segments translated"] == "件の文字列を翻訳済み"


def test_a_centre_editor_translates_and_syncs_a_page_in_japanese(signed_in, django_capture_on_commit_callbacks):
    english = Locale.objects.get(language_code="en")
    faq = add_faq("カワウソ手当の届出先はどこですか", "カワウソ手当は学校の事務職員に届け出ます。", portal="education")
    editor = signed_in(CENTRE_STAFF, "education")

    pages = [editor.get(f"/admin/pages/{faq.pk}/edit/"), editor.get(f"/admin/pages/{faq.get_parent().pk}/")]
    assert all("このページを翻訳" in page.content.decode() for page in pages)

    submit = editor.get(f"/admin/localize/submit/page/{faq.pk}/").content.decode()
    assert "ページを翻訳" in submit and re.search(r'<label class="w-field__label">\s*言語<', submit)

    with django_capture_on_commit_callbacks(execute=True):
        done = editor.post(f"/admin/localize/submit/page/{faq.pk}/", {"locales": [english.pk]}, follow=True)
    assert f"ページ「{faq.title}」の翻訳（English）を作成しました。" in done.content.decode()

    assert "翻訳済みページを同期" in editor.get(f"/admin/pages/{faq.pk}/edit/").content.decode()
    source = TranslationSource.objects.get_for_instance(faq)
    sync = editor.get(f"/admin/localize/update/{source.pk}/").content.decode()
    assert "翻訳を同期" in sync and "同期が必要な理由" in sync and "すぐに公開" in sync

    report = editor.get("/admin/localize/reports/translations/").content.decode()
    assert "翻訳一覧" in report and "原文の言語" in report and "翻訳先の言語" in report
    assert re.search(r"pagination__end\">\s*\d+件\s", report)

    for html in [page.content.decode() for page in pages] + [submit, done.content.decode(), sync, report]:
        for phrase in ENGLISH_LEFT_OVER:
            assert phrase not in html, phrase
