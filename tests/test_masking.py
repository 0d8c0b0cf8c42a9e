"""Personal data in inquiries is masked however it is written, ordinary figures are left alone, and only the masked
text reaches the search index, for every indexed model, with no digit of a masked value left in it."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from modelsearch.conf import get_app_config

from faq.jsonl import FAQRecord, import_records
from faq.models import FAQPage
from forms.models import FormTemplate
from portal.masking import mask_personal_data
from helpdesk.models import Inquiry
from portal.models import Category, Section
from portal.roles import HELPDESK
from search.analysis import index_text

DIGITS = re.compile(r"[0-9〇一二三四五六七八九]")
from tests.helpdesk_factories import make_inquiry

MASKED = [
    # text, a part that must disappear, the label that replaces it
    ("〒123-4567", "4567", "［郵便番号］"),
    ("〒123‐4567", "4567", "［郵便番号］"),
    ("〒１２３－４５６７", "4567", "［郵便番号］"),
    ("〒1234567", "1234567", "［郵便番号］"),
    ("郵便番号：231-0005", "0005", "［郵便番号］"),
    ("090-1234-5678", "5678", "［電話番号］"),
    ("090―1234―5678", "5678", "［電話番号］"),
    ("090ー1234ー5678", "5678", "［電話番号］"),
    ("０９０－１２３４－５６７８", "5678", "［電話番号］"),
    ("03(1234)5678", "5678", "［電話番号］"),
    ("03（1234）5678", "5678", "［電話番号］"),
    ("(03)1234-5678", "5678", "［電話番号］"),
    ("+81-90-1234-5678", "5678", "［電話番号］"),
    ("+81 (0)3 1234 5678", "5678", "［電話番号］"),
    ("0120-123-456", "456", "［電話番号］"),
    ("電話 045 123 4567 まで", "4567", "［電話番号］"),
    ("09012345678", "12345678", "［電話番号］"),
    ("090.1234.5678", "5678", "［電話番号］"),
    ("090/1234/5678", "5678", "［電話番号］"),
    ("090・1234・5678", "5678", "［電話番号］"),
    ("TEL ０９０．１２３４．５６７８", "5678", "［電話番号］"),
    ("〇九〇－一二三四－五六七八", "五六七八", "［電話番号］"),
    ("電話は〇九〇一二三四五六七八", "五六七八", "［電話番号］"),
    ("yamada.taro@city.example.jp", "yamada", "［メール］"),
    ("yamada.taro @ city.example.jp", "yamada", "［メール］"),
    ("yamada.taro＠ city.example.jp", "yamada", "［メール］"),
    ("yamada.taro (at) city.example.jp", "yamada", "［メール］"),
    ("yamada.taro アットマーク city.example.jp", "yamada", "［メール］"),
    ("マイナンバーは1234 5678 9012です", "9012", "［マイナンバー］"),
    ("1234-5678-9012", "9012", "［マイナンバー］"),
    ("123456789012", "9012", "［マイナンバー］"),
    ("1234.5678.9012", "9012", "［マイナンバー］"),
    ("1234/5678/9012", "9012", "［マイナンバー］"),
    ("口座番号 1234567", "1234567", "［口座番号］"),
    ("口座番号：1234567です", "1234567", "［口座番号］"),
    ("口座は普通1234567", "1234567", "［口座番号］"),
    ("横浜銀行 本店 普通 1234567 に振込", "1234567", "［口座番号］"),
    ("当座預金 7654321", "7654321", "［口座番号］"),
    ("普通預金口座 7654321.", "7654321", "［口座番号］"),
    ("ゆうちょ 12345-12345678", "12345678", "［口座番号］"),
    ("職員番号：A123456の件", "123456", "［職員番号］"),
    ("職員番号：A12345", "12345", "［職員番号］"),
    ("社員番号12-345", "345", "［職員番号］"),
    ("職員No.123456", "123456", "［職員番号］"),
    ("職員Ｎｏ．１２３４５６", "123456", "［職員番号］"),
    ("教職員番号は 987654 です", "987654", "［職員番号］"),
    ("職番123456", "123456", "［職員番号］"),
    ("横浜市中区本町1丁目2番3号", "本町", "［住所］"),
    ("本町一丁目2番3号に転居", "本町", "［住所］"),
    ("本町一丁目二番三号", "本町", "［住所］"),
    ("札幌市中央区北1条西2丁目3-4", "北1条", "［住所］"),
    ("北1条西2丁目", "北1条", "［住所］"),
    ("住所は川崎市幸区大宮町1-2-3です", "大宮町", "［住所］"),
    ("住所は本町1－2－3です", "本町", "［住所］"),
    ("大字上野123番地の4", "上野", "［住所］"),
]

KEPT = [
    "2026-11-30までに提出してください",
    "令和7年4月1日から通勤手当12,000円に変更",
    "退職金は130万円の見込み",
    "様式第3号と様式第12-3号を添付",
    "規則第3条第2項による",
    "受付時間は8:30から17:15まで",
    "08:30に来庁",
    "給与区分1-2の職員",
    "市民税100-200円",
    "受付番号20261130-0001の件",
    "3番窓口へ",
    "内線1234",
    "電話番号を教えてください",
    "2026/11/30に提出",
    "2026.11.30に提出",
    "給与区分1.2と0.5日分",
    "口座振替は2026年4月から",
    "口座に1234567円が振り込まれた",
    "口座に12,000円",
    "普通は3日かかります",
    "口座変更の受付番号20261130-0001",
    "普通郵便で様式第3号を送付",
    "令和七年四月一日から",
    "mail@の後ろを確認",
]


@pytest.mark.parametrize("text, secret, label", MASKED)
def test_personal_data_is_masked_however_it_is_written(text, secret, label):
    masked = mask_personal_data(text)
    assert secret not in masked
    assert label in masked


@pytest.mark.parametrize("text", KEPT)
def test_dates_amounts_times_and_form_numbers_are_kept(text):
    assert mask_personal_data(text) == text


@pytest.mark.parametrize("text, secret, label", MASKED)
def test_a_masked_value_leaves_no_digit_in_the_index(text, secret, label):
    assert not DIGITS.search(index_text(mask_personal_data(text)))


def test_numbers_are_indexed_whole_never_digit_by_digit():
    """Readings and kanji bigrams of a number would spell it out (イチ チニ ニサ…, 一二 二三…): a number is found by its
    whole value only, so a fragment of one is never in the index."""
    tokens = index_text("口座番号1234567 〇九〇一二三四 通勤手当12,000円").split()
    assert {"1234567", "0901234", "12000", "通勤手当"} <= set(tokens)
    assert not {"イチ", "チニ", "ニサ", "レイ", "キュ", "一二", "二三"} & set(tokens)
    assert "二月" in index_text("十二月").split()


def _indexed(obj):
    entries = get_app_config().get_model("IndexEntry").objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    )
    return " ".join(f"{entry.title} {entry.body} {entry.autocomplete}" for entry in entries)


def _faq_with(text):
    record = FAQRecord("t-mask-faq", "intranet", "給与", "", [], "カモノハシ手当の振込先は？", text, [])
    import_records([record])
    return FAQPage.objects.get(external_id="t-mask-faq")


def _form_with(text):
    return FormTemplate.objects.create(
        portal="intranet", number="様式第98号", title="カモノハシ届", description=text,
        section=Section.objects.get(slug="kyuyo"), category=Category.objects.get(slug="kyuyo"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("make", [_faq_with, _form_with], ids=["faq", "form"])
def test_personal_data_pasted_into_content_is_masked_in_the_index(make):
    obj = make("カモノハシ手当は口座番号 7654321（担当 yamada @ city.example.jp、090.1234.5678）へ振り込みます。")
    indexed = _indexed(obj)
    assert "カモノハシ" in indexed and "振り込む" in indexed
    for part in ["7654321", "yamada", "5678", "1234"]:
        assert part not in indexed


def test_the_words_around_personal_data_are_kept():
    masked = mask_personal_data("住所は川崎市幸区大宮町1-2-3、電話は03（1234）5678です。通勤手当の件")
    assert masked == "住所は［住所］、電話は［電話番号］です。通勤手当の件"


@pytest.mark.django_db
def test_only_the_masked_text_reaches_the_search_index(client, role_user):
    secrets = ["〒123‐4567", "本町一丁目2番3号", "03（1234）5678", "+81-90-1234-5678", "社員番号12-345"]
    inquiry = make_inquiry(
        None,
        status=Inquiry.Status.ANSWERED,
        question=f"カモノハシ手当の送付先を{secrets[0]} {secrets[1]}に変えたい。{secrets[4]}",
        answer=f"カモノハシ手当は所属経由で変更すると{secrets[2]}と{secrets[3]}に折り返した。",
    )
    entries = get_app_config().get_model("IndexEntry").objects.filter(
        content_type=ContentType.objects.get_for_model(Inquiry), object_id=str(inquiry.pk)
    )
    indexed = " ".join(f"{entry.title} {entry.body}" for entry in entries)

    assert "送付先" in indexed and "住所" in indexed and "電話" in indexed
    for part in ["4567", "本町", "1234", "5678", "345"]:
        assert part not in indexed

    client.force_login(role_user(HELPDESK, "intranet"))
    found = client.get("/api/v2/search/", {"q": "カモノハシ手当"}, HTTP_HOST="intranet.localhost").json()["results"]
    shown = next(row for row in found if row["type"] == "inquiry" and row["id"] == inquiry.pk)
    assert "［住所］" in shown["title"] + shown["snippet"]
    assert "本町" not in shown["title"] + shown["snippet"]
