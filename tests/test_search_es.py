"""Search on a real Elasticsearch node (tests/es.py): Japanese matching, odd input, synonyms edited in the admin
without a reindex, who finds what, masked inquiries, and the fallback to the database backend while the node is
unreachable, restored by `manage.py update_index`."""

import json
import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command

from faq.models import FAQIndexPage, FAQPage
from helpdesk.models import Inquiry
from manuals.models import ManualIndexPage, ManualPage
from pages.models import portal_home
from portal.models import Category, Section
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER
from search import engine
from search.esnode import free_port
from search.models import Synonym
from tests.helpdesk_factories import make_inquiry

# Slow as a module: the first test waits for the node to start (about 40 s) and the demo content to be indexed.
pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.slow,
    pytest.mark.xdist_group("elasticsearch"),
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Synonym groups are cached; a test's synonyms must not outlive its rolled-back transaction."""
    yield
    cache.clear()


def publish(parent, page):
    """Add and publish a page as the editor's 公開 does (the search index is updated on save)."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_faq(question, answer, *, portal="intranet", live=True):
    index = FAQIndexPage.objects.descendant_of(portal_home(portal)).first()
    faq = FAQPage(title=question, answer=f"<p>{answer}</p>", category=Category.objects.get(slug="kyuyo"), live=live)
    if live:
        return publish(index, faq)
    index.add_child(instance=faq)
    faq.save_revision()
    return faq


def add_manual(title, summary, portal="intranet"):
    index = ManualIndexPage.objects.descendant_of(portal_home(portal)).get()
    manual = ManualPage(
        title=title,
        section=Section.objects.get(slug="kyuyo"),
        category=Category.objects.get(slug="kyuyo"),
        summary=summary,
        deadline_text="届出の受付日から",
        revision_reason="制定",
    )
    return publish(index, manual)


def answered_inquiry(question, answer, portal="intranet"):
    return make_inquiry(None, portal, Inquiry.Status.ANSWERED, question=question, answer=answer)


def find(query, user, portal="intranet"):
    response = engine.search(query, user=user, portal_key=portal, limit=engine.MAX_CANDIDATES)
    assert (response.backend, response.notice) == ("default", None), "answered by Elasticsearch"
    return response


def found(response, result_type="faq"):
    return [row["id"] for row in response.results if row["type"] == result_type]


def refreshed(backend):
    """Make what was just indexed searchable now, as the node does by itself within a second."""
    backend.es.indices.refresh(index=f"{backend.index_prefix}*")


@pytest.fixture
def reader(role_user):
    return role_user(READER, "intranet")


def test_a_japanese_phrase_finds_the_faq_about_its_words(elasticsearch, reader):
    faq = add_faq("通勤経路を変えたとき、通勤手当はどうなりますか。", "新しい経路で通勤届を出してください。")
    refreshed(elasticsearch)

    response = find("通勤手当の変更", reader)

    assert faq.pk in found(response)
    assert "<mark>通勤手当</mark>" in next(row["title_html"] for row in response.results if row["id"] == faq.pk)


def test_the_search_page_and_the_header_suggestions_show_it(elasticsearch, portal_client, reader):
    faq = add_faq("ハリネズミ休暇はいつまでに申請しますか。", "取得する日の前日までに申請してください。")
    refreshed(elasticsearch)
    client = portal_client("intranet", reader)

    html = client.get("/search/", {"q": "ハリネズミ休暇"}).content.decode()
    suggestions = client.get("/search/suggest/", {"q": "ハリネズミ休暇"}).json()["suggestions"]

    assert 'data-testid="search-group-faq"' in html and faq.title in html.replace("<mark>", "").replace("</mark>", "")
    assert engine.FALLBACK_NOTICE not in html
    assert suggestions[0]["title"] == faq.title
    opened = client.get(suggestions[0]["url"])
    assert opened.status_code == 200 and faq.title in opened.content.decode()


def test_a_described_situation_finds_the_faq_by_the_knn_half_of_the_same_round_trip(elasticsearch, reader, semantic):
    faq = add_faq(
        "家族の介護のために勤務時間を短くできる介護時間とは",
        "要介護状態の家族を介護するため、1日2時間以内で勤務しない時間を取ることができます（介護時間）。",
    )
    refreshed(elasticsearch)
    document = elasticsearch.es.get(index=elasticsearch.get_index_for_model(FAQPage).name, id=str(faq.pk))

    response = engine.search("親の具合が悪くて、しばらく早めに帰りたいけど何か使える制度ある？", user=reader, portal_key="intranet", related=True)

    assert len(document["_source"]["passage_vectors"]) == 1
    assert (response.backend, response.legs) == ("default", "bm25+semantic")
    assert faq.pk in found(response)[:5]  # beside the demo FAQs on 介護休暇 and 短時間勤務


@pytest.mark.parametrize(
    "query",
    ["パソコン", "ﾊﾟｿｺﾝ", "ぱそこん", "ＰＣ", "PC", "pc"],
    ids=["katakana", "half-width-kana", "hiragana", "full-width", "ascii", "lower"],
)
def test_width_and_kana_variants_find_the_same_faq(elasticsearch, reader, query):
    faq = add_faq("ＰＣとﾊﾟｿｺﾝの貸出しはどこに申し込みますか。", "情報政策課の窓口で受け付けます。")
    refreshed(elasticsearch)

    assert faq.pk in found(find(query, reader))


def test_a_word_typed_in_hiragana_ranks_the_faq_about_it_first(elasticsearch, reader):
    about = add_faq("ヤマアラシ在職証明書の発行", "人事課で発行します。")
    mentions = add_faq("ヤマアラシ手当の申請", "在職期間に応じて支給します。")
    refreshed(elasticsearch)

    ranked = found(find("ヤマアラシ ざいしょく", reader))

    assert ranked.index(about.pk) < ranked.index(mentions.pk)


@pytest.mark.parametrize(
    "query",
    ['"', "*", ":", "(", 'title:("給与" AND *)', "😀🎉🙏", "通勤手当" * 250, "あ" * 1000],
    ids=["quote", "star", "colon", "paren", "es-syntax", "emoji", "1000-chars-words", "1000-chars-kana"],
)
def test_odd_queries_get_results_or_a_notice_on_the_page_and_the_api(elasticsearch, portal_client, reader, query):
    client = portal_client("intranet", reader)

    page = client.get("/search/", {"q": query})
    api = client.get("/api/v2/search/", {"q": query})

    assert page.status_code == 200 and api.status_code == 200
    html = page.content.decode()
    assert 'data-testid="search-results"' in html or 'data-testid="search-no-results"' in html
    assert engine.FALLBACK_NOTICE not in html
    body = api.json()
    assert body["count"] > 0 or body["notice"] or not body["results"]
    assert body["notice"] != engine.FALLBACK_NOTICE


def test_a_synonym_added_or_edited_in_the_admin_applies_to_the_next_search_without_reindexing(
    elasticsearch, portal_client, role_user, reader
):
    faq = add_faq("テレワークを始めるときの申請方法", "所属長の承認を受けてから届け出てください。")
    refreshed(elasticsearch)
    assert faq.pk not in found(find("在宅勤務", reader))
    admin = portal_client("intranet", role_user(ADMINISTRATOR, "intranet"))

    added = admin.post("/admin/snippets/search/synonym/add/", {"term": "テレワーク", "variants": "在宅勤務", "note": ""})
    assert added.status_code == 302
    assert faq.pk in found(find("在宅勤務", reader))

    synonym = Synonym.objects.get(term="テレワーク")
    edited = admin.post(
        f"/admin/snippets/search/synonym/edit/{synonym.pk}/", {"term": "テレワーク", "variants": "リモートワーク", "note": ""}
    )
    assert edited.status_code == 302
    assert faq.pk in found(find("リモートワーク", reader))
    assert faq.pk not in found(find("在宅勤務", reader))


@pytest.fixture
def content_for_one_word():
    """One word in everything a search can return, in both portals, published or not."""
    word = "オカピ"
    return {
        "faq": add_faq(f"{word}の申請期限", "月末までに届け出てください。"),
        "draft": add_faq(f"{word}の改正案", "未公開の下書きです。", live=False),
        "other_portal": add_faq(f"{word}の対象校", "全校が対象です。", portal="education"),
        "manual": add_manual(f"{word}認定事務", f"{word}の届出を審査して認定する事務です。"),
        "inquiry": answered_inquiry(f"{word}について", f"{word}は月末締めです。"),
        "other_inquiry": answered_inquiry(f"{word}について", f"{word}は学校ごとに届け出ます。", portal="education"),
        "word": word,
    }


@pytest.mark.parametrize("role", [READER, CENTRE_STAFF, HELPDESK])
def test_each_role_finds_only_what_it_may_open_in_its_own_portal(elasticsearch, role_user, content_for_one_word, role):
    content = content_for_one_word
    refreshed(elasticsearch)

    response = find(content["word"], role_user(role, "intranet"))

    internal = role != READER
    assert found(response) == [content["faq"].pk]
    assert found(response, "manual") == ([content["manual"].pk] if internal else [])
    assert found(response, "inquiry") == ([content["inquiry"].pk] if internal else [])
    assert response.count == (3 if internal else 1)


def test_answered_inquiries_are_found_by_their_answer_without_personal_data(elasticsearch, role_user):
    secrets = ["090-1234-5678", "yamada.taro@city.example.jp", "1234 5678 9012"]
    inquiry = answered_inquiry(
        f"折り返しは{secrets[0]}、メールは{secrets[1]}へ。マイナンバーは{secrets[2]}です。",
        f"ハシビロコウ手当の口座は所属で変更できます。{secrets[0]}にお電話しました。",
    )
    refreshed(elasticsearch)

    response = find("ハシビロコウ手当", role_user(HELPDESK, "intranet"))

    row = next(row for row in response.results if row["type"] == "inquiry" and row["id"] == inquiry.pk)
    document = elasticsearch.es.get(index=elasticsearch.get_index_for_model(Inquiry).name, id=str(inquiry.pk))
    stored = json.dumps(document["_source"], ensure_ascii=False)
    for secret in secrets:
        for text in (row["title"], row["snippet"], stored):
            assert secret not in text
            assert secret.replace(" ", "") not in text.replace(" ", "")


def test_while_elasticsearch_is_down_search_falls_back_saving_works_and_update_index_restores(
    elasticsearch, settings, portal_client, reader, caplog
):
    es_url = settings.WAGTAILSEARCH_BACKENDS["default"]["URLS"]
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "URLS": [f"http://127.0.0.1:{free_port()}"]},
    }

    with caplog.at_level(logging.ERROR):
        faq = add_faq("カピバラ手当は誰が受けられますか。", "扶養親族のある職員が受けられます。")
    assert FAQPage.objects.live().filter(pk=faq.pk).exists(), "the editor's publish is kept"

    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="search.retrieval"):
        html = portal_client("intranet", reader).get("/search/", {"q": "カピバラ手当"}).content.decode()
    assert engine.FALLBACK_NOTICE in html
    assert faq.title in html.replace("<mark>", "").replace("</mark>", "")
    assert any(record.levelno == logging.ERROR for record in caplog.records)

    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="search.retrieval"):
        again = portal_client("intranet", reader).get("/search/", {"q": "カピバラ手当"}).content.decode()
    assert engine.FALLBACK_NOTICE in again
    assert not caplog.records, "while the node stays down, searches skip it and the outage is logged once"

    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "URLS": es_url},
    }
    call_command("update_index", verbosity=0)

    assert faq.pk in found(find("カピバラ手当", reader))


def test_an_english_translation_is_found_in_english_by_its_stems(elasticsearch, role_user, django_capture_on_commit_callbacks):
    from wagtail.models import Locale

    from translations.demo import translate

    japanese = add_faq("ワオキツネザル手当の申請方法を教えてください。", "ワオキツネザル手当は学校で申請します。", portal="education")
    with django_capture_on_commit_callbacks(execute=True):
        english = translate(
            japanese,
            {"title": "Applying for the lemur allowance", "slug": "lemur", "answer": "Apply for lemur allowances at school."},
            Locale.objects.get(language_code="en"),
        )
    refreshed(elasticsearch)
    reader = role_user(READER, "education")

    response = engine.search("lemur allowance applications", user=reader, portal_key="education", language="en")
    assert response.backend == "default" and found(response)[:1] == [english.pk]
    assert english.pk not in found(find("ワオキツネザル手当", reader, portal="education"))
