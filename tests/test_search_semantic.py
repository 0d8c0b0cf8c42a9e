"""The semantic leg on the embedded database backend, as employees and editors meet it: a question that names no
word of the FAQ still finds it, vectors follow edits, unpublishing and deletion, past inquiries are embedded masked,
and search goes on with BM25 alone (one log line) when the model cannot load."""

import logging
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command

from faq.jsonl import FAQRecord, import_records
from faq.models import FAQPage
from helpdesk.models import Inquiry
from portal.roles import READER
from search import embedding, engine, passages, query, vectors
from search.models import PassageVector

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(role_user):
    return role_user(READER, "intranet")


def add_faq(question, answer, portal="intranet"):
    external_id = f"t-sem-{uuid.uuid4().hex[:12]}"
    import_records([FAQRecord(external_id, portal, "人事", "", [], question, answer, [])])
    return FAQPage.objects.get(external_id=external_id)


def stored(obj):
    return PassageVector.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


def rank_of(response, page):
    ids = [(row["type"], row["id"]) for row in response.results]
    return ids.index(("faq", page.pk)) + 1 if ("faq", page.pk) in ids else None


def test_a_described_situation_finds_the_faq_that_names_it_in_other_words(reader):
    faq = add_faq(
        "家族の介護のために勤務時間を短くできる介護時間とは",
        "要介護状態の家族を介護するため、1日2時間以内で勤務しない時間を取ることができます（介護時間）。",
    )
    situation = "親の具合が悪くて、しばらく早めに帰りたいけど何か使える制度ある？"

    with_both = engine.search(situation, user=reader, portal_key="intranet", limit=10, related=True)
    bm25_only = engine.search(situation, user=reader, portal_key="intranet", limit=10, related=True, semantic=False)

    assert with_both.legs == "bm25+semantic" and bm25_only.legs == "bm25"
    assert rank_of(with_both, faq) is not None and rank_of(with_both, faq) <= 3
    assert rank_of(bm25_only, faq) is None or rank_of(bm25_only, faq) > rank_of(with_both, faq)


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
    from pages.models import HomePage
    from portal.models import Section

    index = ManualIndexPage.objects.descendant_of(HomePage.objects.get(portal_key="intranet")).get()
    manual = ManualPage(
        title="休職者の給与事務", slug=f"t-{uuid.uuid4().hex[:8]}", section=Section.objects.get(slug="kyuyo"),
        summary="休職した職員の給与を減額する事務です。", review_points="休職の辞令\n診断書の期間",
        deadline_text="辞令の日から", revision_reason="制定",
    )
    index.add_child(instance=manual)
    manual.save_revision().publish()

    assert stored(manual).count() == len(passages.passages_of(manual)) >= 3


def test_past_inquiries_are_embedded_from_masked_text_only():
    inquiry = Inquiry.objects.create(
        portal="intranet", status=Inquiry.Status.ANSWERED,
        question="山田です。電話 090-1234-5678 に折り返しください。通勤手当の件。", answer="通勤届の出し方を案内した。",
    )

    (text,) = passages.passages_of(inquiry)
    assert "090-1234-5678" not in text and "通勤手当" in text
    assert stored(inquiry).count() == 1

    inquiry.status = Inquiry.Status.OPEN
    inquiry.save()
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
