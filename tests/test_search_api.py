"""GET /api/v2/search/ as an API client meets it: the JSON it returns, the portal and role checks, Japanese 400s for
bad parameters, odd queries answered without errors, and each search in the query log."""

import uuid

import pytest
from django.contrib.auth.models import Group

from faq.jsonl import FAQRecord, import_records
from faq.models import FAQPage
from portal.portals import PORTALS_BY_KEY
from portal.roles import READER
from search import engine
from search.models import QueryLog

pytestmark = pytest.mark.django_db

URL = "/api/v2/search/"
WORD = "zqxwv"
FIELDS = {"type", "id", "external_id", "title", "url", "snippet", "score"}


@pytest.fixture
def api(portal_client, role_user):
    """An intranet reader's client on the intranet host."""
    return portal_client("intranet", role_user(READER, "intranet"))


def add_faqs(*questions, portal="intranet", category="給与", audience=()):
    records = [
        FAQRecord(f"t-api-{uuid.uuid4().hex[:12]}", portal, category, "", list(audience), question, "回答です。", [])
        for question in questions
    ]
    import_records(records)
    return [FAQPage.objects.get(external_id=record.external_id) for record in records]


def get(client, status=200, **params):
    response = client.get(URL, params)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_results_come_best_first_in_the_documented_shape(api):
    faqs = add_faqs(f"{WORD}手当の{WORD}加算とは", f"{WORD}手当とは", f"{WORD}の研修", "関係のない質問")

    data = get(api, q=WORD, limit="2")

    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert all(FIELDS <= set(row) for row in data["results"])
    first = data["results"][0]
    best = next(faq for faq in faqs if faq.pk == first["id"])
    assert (first["type"], first["external_id"]) == ("faq", best.external_id) and best in faqs[:3]
    assert first["title"] == best.title and first["url"].endswith(f"/faq/{best.slug}/")
    everything = get(api, q=WORD)["results"]
    scores = [row["score"] for row in everything]
    assert scores == sorted(scores, reverse=True)
    assert [row["id"] for row in get(api, q=WORD, offset="2")["results"]] == [everything[2]["id"]]
    assert faqs[3].pk not in {row["id"] for row in everything}


def test_type_category_and_audience_parameters_narrow_the_results(api):
    add_faqs(f"{WORD}手当とは", audience=["正規職員"])
    add_faqs(f"{WORD}休暇とは", category="人事", audience=["会計年度任用職員"])

    assert get(api, q=WORD, type="faq,news")["count"] == 2
    assert get(api, q=WORD, type="news")["count"] == 0
    assert [row["category"] for row in get(api, q=WORD, category="人事")["results"]] == ["人事"]
    assert [row["audiences"] for row in get(api, q=WORD, audience="正規職員")["results"]] == [["正規職員"]]
    assert get(api, q=WORD)["facets"]["category"] == {"給与": 1, "人事": 1}


def test_the_portal_parameter_chooses_the_portal_searched(portal_client, role_user):
    user = role_user(READER, "intranet")
    user.groups.add(Group.objects.get(name=PORTALS_BY_KEY["education"].reader_group))
    client = portal_client("intranet", user)
    [intranet] = add_faqs(f"{WORD}の研修（総務）")
    [education] = add_faqs(f"{WORD}の研修（教育）", portal="education")

    assert [row["id"] for row in get(client, q=WORD)["results"]] == [intranet.pk]
    assert [row["id"] for row in get(client, q=WORD, portal="education")["results"]] == [education.pk]
    assert [row["id"] for row in get(portal_client("education"), q=WORD)["results"]] == [education.pk]


def test_anonymous_clients_get_a_json_401(client):
    response = client.get(URL, {"q": WORD}, HTTP_HOST="intranet.localhost")

    assert response.status_code == 401
    assert response.json() == {"detail": "ログインが必要です。"}


def test_a_portal_the_user_has_no_role_in_is_forbidden(api):
    data = get(api, status=403, q=WORD, portal="education")
    assert data["detail"] == "このポータルを検索する権限がありません。"


@pytest.mark.parametrize(
    "params, says",
    [
        ({"portal": "nowhere"}, "portal には intranet、education のいずれかを指定してください。"),
        ({"type": "faq,nonsense"}, "type「nonsense」は指定できません。"),
        ({"limit": "0"}, "limitは1から50までの整数で指定してください。"),
        ({"limit": "51"}, "limitは1から50までの整数で指定してください。"),
        ({"limit": "abc"}, "limitは1から50までの整数で指定してください。"),
        ({"limit": "1.5"}, "limitは1から50までの整数で指定してください。"),
        ({"limit": "-1"}, "limitは1から50までの整数で指定してください。"),
        ({"limit": "9" * 5000}, "limitは1から50までの整数で指定してください。"),
        ({"offset": "-1"}, "offsetは0から10000までの整数で指定してください。"),
        ({"offset": "x"}, "offsetは0から10000までの整数で指定してください。"),
        ({"offset": "10001"}, "offsetは0から10000までの整数で指定してください。"),
        ({"category": "給料"}, "category「給料」は業務分類に登録されていません。"),
        ({"audience": "正職員"}, "audience「正職員」は対象者区分に登録されていません。"),
        ({"category": "給与\x00"}, "category に制御文字は使えません。"),
        ({"audience": "\x00"}, "audience に制御文字は使えません。"),
    ],
    ids=["portal", "type", "limit-0", "limit-51", "limit-text", "limit-decimal", "limit-negative", "limit-huge",
         "offset-negative", "offset-text", "offset-huge", "category", "audience", "category-nul", "audience-nul"],
)
def test_bad_parameters_get_a_400_in_japanese(api, params, says):
    before = QueryLog.objects.count()

    data = get(api, status=400, q=WORD, **params)

    assert data["detail"].startswith(says)
    assert QueryLog.objects.count() == before


def test_full_width_numbers_are_accepted(api):
    add_faqs(f"{WORD}手当とは", f"{WORD}の研修")
    assert len(get(api, q=WORD, limit="１")["results"]) == 1


@pytest.mark.parametrize(
    "query, notice",
    [
        ("", engine.EMPTY_NOTICE),
        ("   ", engine.EMPTY_NOTICE),
        ("🙂🙂", engine.NO_WORDS_NOTICE),
        ('"', engine.NO_WORDS_NOTICE),
        ("*", engine.NO_WORDS_NOTICE),
        (":", engine.NO_WORDS_NOTICE),
        ("(", engine.NO_WORDS_NOTICE),
        ("\x00", engine.EMPTY_NOTICE),
        ("\x01\x1b", engine.EMPTY_NOTICE),
        ("🙂\x00", engine.NO_WORDS_NOTICE),
        ("あ" * 1000, engine.TOO_LONG_NOTICE),
    ],
    ids=["empty", "spaces", "emoji", "quote", "star", "colon", "paren", "nul", "control", "emoji-nul", "1000-chars"],
)
def test_odd_queries_get_a_japanese_notice_never_an_error(api, query, notice):
    data = get(api, q=query)
    assert data["notice"] == notice
    assert data["count"] == len(data["results"]) == 0


@pytest.mark.parametrize(
    "query",
    [f'"{WORD}"', f"{WORD}*", f"title:{WORD}", f"({WORD}", f"{WORD} AND OR NOT", f"{WORD}\x00", f"{WORD}\x07"],
    ids=["phrase", "wildcard", "field", "paren", "operators", "nul", "control"],
)
def test_search_syntax_is_read_as_plain_text(api, query):
    [faq] = add_faqs(f"{WORD}手当とは")
    assert faq.pk in [row["id"] for row in get(api, q=query)["results"]]


def test_a_typo_gets_a_did_you_mean_suggestion(api):
    add_faqs("年末調整の書き方", "年末の手続き", "書き方の見本")

    assert get(api, q="年末調製の書き方")["suggestion"] == "年末調整の書き方"
    assert get(api, q="年末調整の書き方")["suggestion"] is None


def test_each_search_is_logged_with_its_result_count(api):
    add_faqs(f"{WORD}手当とは", f"{WORD}の研修")

    data = get(api, q=f" {WORD} ")

    log = QueryLog.objects.latest("pk")
    assert (log.query, log.portal, log.role, log.source) == (WORD, "intranet", READER, "api")
    assert log.result_count == data["count"] == 2


def test_an_empty_search_is_not_logged(api):
    before = QueryLog.objects.count()
    get(api, q="  ")
    assert QueryLog.objects.count() == before


def test_a_query_with_a_nul_byte_is_logged_without_it(api):
    get(api, q=f"{WORD}\x00手当")
    assert QueryLog.objects.latest("pk").query == f"{WORD}手当"
