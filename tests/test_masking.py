"""Personal data in inquiries is masked however it is written, ordinary figures are left alone, and only the masked
text reaches the search index."""

import pytest
from django.contrib.contenttypes.models import ContentType
from modelsearch.conf import get_app_config

from helpdesk.masking import mask_personal_data
from helpdesk.models import Inquiry
from portal.roles import HELPDESK
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
    ("yamada.taro@city.example.jp", "yamada", "［メール］"),
    ("マイナンバーは1234 5678 9012です", "9012", "［マイナンバー］"),
    ("1234-5678-9012", "9012", "［マイナンバー］"),
    ("123456789012", "9012", "［マイナンバー］"),
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
]


@pytest.mark.parametrize("text, secret, label", MASKED)
def test_personal_data_is_masked_however_it_is_written(text, secret, label):
    masked = mask_personal_data(text)
    assert secret not in masked
    assert label in masked


@pytest.mark.parametrize("text", KEPT)
def test_dates_amounts_times_and_form_numbers_are_kept(text):
    assert mask_personal_data(text) == text


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
