"""The semantic leg on the embedded database backend, as employees and editors meet it: a question that names no
word of the FAQ still finds it, vectors follow edits, unpublishing and deletion, past inquiries are embedded masked,
and search goes on with BM25 alone (one log line) when the model cannot load."""

import logging
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from faq.models import FAQPage
from helpdesk import states
from helpdesk.models import Inquiry
from search import embedding, engine, passages, query, semantic_leg, vectors
from search.models import PassageVector

from .helpdesk_factories import agent, make_inquiry  # noqa: F401 - agent is a fixture
from .test_search_engine import add_faq, fresh_cache, reader  # noqa: F401  (fixtures and the FAQ helper)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("semantic")]


def stored(obj):
    return PassageVector.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


def rank_of(response, page):
    ids = [(row["type"], row["id"]) for row in response.results]
    return ids.index(("faq", page.pk)) + 1 if ("faq", page.pk) in ids else None


def test_a_described_situation_finds_the_faq_that_names_it_in_other_words(reader):
    faq = add_faq(
        "定期健康診断を指定された受診日に受けられないときは",
        "出張や休暇で指定日に受診できない場合は、所属の安全衛生担当に申し出て別の受診日に変更してください。",
    )
    situation = "健診の日に出張が入っちゃった、別の日にできる？"
    analysed = query.analyse(situation, [])

    semantic = semantic_leg.numpy_ranked(analysed, [FAQPage], "intranet")
    response = engine.search(situation, user=reader, portal_key="intranet", limit=10, related=True)

    assert semantic[FAQPage][0][0] == faq.pk, "the FAQ is the nearest in meaning"
    assert response.legs == "bm25+semantic"
    assert rank_of(response, faq) is not None and rank_of(response, faq) <= 3


def test_vectors_follow_edits_unpublishing_and_deletion(reader):
    faq = add_faq("ツチブタ手当の申請方法", "ツチブタ手当は所属を通じて申請します。")
    first = stored(faq).get()
    assert first.model == embedding.model_name() and first.portal == "intranet"

    faq.answer = "<p>ツチブタ手当は庶務事務システムで申請します。</p>"
    faq.save_revision().publish()
    edited = stored(faq).get()
    assert edited.text_hash != first.text_hash

    faq.unpublish()
    assert not stored(faq).exists()
    faq.save_revision().publish()
    assert stored(faq).exists()

    faq.delete()
    assert not stored(faq).exists()


def test_a_manual_has_one_passage_per_section_and_scores_as_its_best(role_user):
    from manuals.models import ManualIndexPage, ManualPage
    from pages.models import portal_home
    from portal.models import Section

    index = ManualIndexPage.objects.descendant_of(portal_home("intranet")).get()
    manual = ManualPage(
        title="休職者の給与事務", slug=f"t-{uuid.uuid4().hex[:8]}", section=Section.objects.get(slug="kyuyo"),
        summary="休職した職員の給与を減額する事務です。", review_points="休職の辞令\n診断書の期間",
        deadline_text="辞令の日から", revision_reason="制定",
    )
    index.add_child(instance=manual)
    manual.save_revision().publish()

    assert stored(manual).count() == len(passages.passages_of(manual)) >= 3


def test_past_inquiries_are_embedded_from_masked_text_only(agent):
    inquiry = make_inquiry(
        agent, status=Inquiry.Status.ANSWERED,
        question="山田です。電話 090-1234-5678 に折り返しください。通勤手当の件。", answer="通勤届の出し方を案内した。",
    )

    (text,) = passages.passages_of(inquiry)
    assert "090-1234-5678" not in text and "通勤手当" in text
    assert stored(inquiry).count() == 1

    states.transition(inquiry, Inquiry.Status.IN_PROGRESS, agent)
    assert not stored(inquiry).exists()


def test_search_goes_on_with_bm25_alone_when_the_model_cannot_load(reader, settings, caplog):
    faq = add_faq("センザンコウ休暇の取り方", "センザンコウ休暇は所属長に申請します。")
    settings.SEARCH_EMBEDDING_MODEL = "sentence-transformers:/nonexistent/model"

    with caplog.at_level(logging.ERROR, logger="search.embedding"):
        first = engine.search("センザンコウ休暇", user=reader, portal_key="intranet")
        second = engine.search("センザンコウ休暇", user=reader, portal_key="intranet")

    assert first.legs == second.legs == "bm25"
    assert rank_of(first, faq) == 1
    assert len([record for record in caplog.records if "cannot load" in record.getMessage()]) == 1


def test_embed_passages_fills_in_missing_vectors_and_reports_its_rate(capsys):
    faq = add_faq("マヌルネコ手当とは", "マヌルネコ手当は寒冷地の手当です。")
    stored(faq).delete()
    vectors.changed(ContentType.objects.get_for_model(FAQPage).pk)

    call_command("embed_passages", "--type", "faq", verbosity=1)

    assert stored(faq).count() == 1
    assert "件/秒" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text, sentence",
    [("通勤手当 変更", False), ("打刻漏れ 修正", False), ("健診の日に出張が入っちゃった、別の日にできる？", True)],
)
def test_fusion_leans_on_the_semantic_leg_as_a_query_reads_like_a_sentence(text, sentence):
    analysed = query.analyse(text, [])

    assert (analysed.descriptiveness >= 0.5) == sentence


def test_a_clearly_best_faq_is_an_answer_card_with_its_forms_on_the_page_and_in_the_api(reader, portal_client):
    from forms.models import FormTemplate

    form = FormTemplate.objects.get(portal="intranet", number="様式第5号")
    faq = add_faq("オカピ手当の請求にはどの様式を使いますか", "オカピ手当は様式第5号で請求します。")
    faq.related = [("form", form)]
    faq.save_revision().publish()
    client = portal_client("intranet", reader)

    card = client.get("/api/v2/search/", {"q": "オカピ手当の請求"}).json()["best_answer"]
    html = client.get("/search/", {"q": "オカピ手当の請求"}).content.decode()

    assert (card["type"], card["id"]) == ("faq", faq.pk)
    assert "様式第5号で請求します" in card["text"] and 0.5 <= card["confidence"] <= 1
    assert [item["number"] for item in card["forms"]] == ["様式第5号"]
    assert html.index('data-testid="search-best-answer"') < html.index('data-testid="search-results"')
    assert "様式第5号" in html[html.index('data-testid="search-best-answer"') : html.index('data-testid="search-results"')]


def test_a_strongly_matching_procedure_is_the_answer_card(reader):
    from pages.models import ProcedureIndexPage, ProcedurePage, portal_home
    from portal.models import Category

    index = ProcedureIndexPage.objects.descendant_of(portal_home("intranet")).first()
    procedure = ProcedurePage(
        title="アルパカ飼育の届出", slug="t-alpaca-card", category=Category.objects.get(slug="jinji"),
        requirements="<p>アルパカを飼い始めたとき</p>", deadline="飼い始めた日から15日以内",
    )
    index.add_child(instance=procedure)
    procedure.save_revision().publish()

    card = engine.best_answer("アルパカ飼育の届出", user=reader, portal_key="intranet")

    assert card["type"] == "procedure" and card["id"] == procedure.pk
    assert "飼い始めた日から15日以内" in card["text"]


def test_the_count_is_of_relevant_results_and_the_long_tail_is_one_link_away(reader, portal_client):
    strong = add_faq("ハリモグラ手当の支給要件", "ハリモグラ手当はハリモグラを飼育する職員に支給します。")
    client = portal_client("intranet", reader)

    data = client.get("/api/v2/search/", {"q": "ハリモグラ手当", "limit": 50}).json()
    page = client.get("/search/", {"q": "ハリモグラ手当"}).content.decode()
    more = client.get("/search/", {"q": "ハリモグラ手当", "related": "1"}).content.decode()

    assert data["results"][0]["id"] == strong.pk and data["results"][0]["relevant"]
    assert data["related_count"] > 0 and 1 <= data["count"] < data["count"] + data["related_count"]
    assert [row["relevant"] for row in data["results"]] == sorted((row["relevant"] for row in data["results"]), reverse=True)
    assert f"{data['count']}件見つかりました" in page
    assert 'data-testid="search-related-link"' in page and f"関連する可能性のある結果（{data['related_count']}件）" in page
    assert more.count('data-testid="search-result"') > page.count('data-testid="search-result"')
