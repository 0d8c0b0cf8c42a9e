"""The search page, suggestions, click logging, editors' picks and the query-log reports, as readers and
administrators meet them."""

import datetime
import html as htmllib
import re

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from pages.models import NewsIndexPage, NewsPage, portal_home
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER
from search import engine, querylog
from search.models import EditorsPick, HiddenPopularQuery, QueryLog, normalized_query

pytestmark = pytest.mark.django_db

WORD = "ペンギン観察会"


def publish_news(portal_key, title, summary="", days_ago=0):
    home = portal_home(portal_key)
    index = NewsIndexPage.objects.child_of(home).first()
    page = NewsPage(
        title=title,
        slug=f"t-{NewsPage.objects.count()}",
        date=datetime.date.today() - datetime.timedelta(days=days_ago),
        summary=summary,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def reader_client(portal_client, role_user):
    return portal_client("intranet", role_user(READER, "intranet"))


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_results_are_grouped_by_type_with_highlighted_snippets(reader_client):
    page = publish_news("intranet", f"{WORD}の開催について", summary=f"今年も{WORD}を開きます。申込みは所属で取りまとめてください。")

    html = search(reader_client, q=WORD)

    assert 'data-testid="search-group-news"' in html
    assert page.title in html.replace("<mark>", "").replace("</mark>", "")
    assert f"<mark>{WORD}</mark>" in html or "<mark>ペンギン</mark>" in html
    assert 'data-testid="search-count"' in html


def test_each_search_is_logged_with_the_role_but_not_the_user(reader_client):
    publish_news("intranet", f"{WORD}のお知らせ")

    search(reader_client, q=f"  {WORD}\x00\x07  ")

    log = QueryLog.objects.latest("created_at")
    assert (log.query, log.portal, log.role, log.source) == (WORD, "intranet", READER, "page")
    assert log.result_count >= 1
    assert not {field.name for field in QueryLog._meta.get_fields()} & {"user", "user_id"}


def test_an_empty_search_asks_for_words_and_is_not_logged(reader_client):
    before = QueryLog.objects.count()
    html = search(reader_client, q="   ")
    assert 'data-testid="search-empty-query"' in html
    assert QueryLog.objects.count() == before


@pytest.mark.parametrize(
    "query",
    ["あ" * 1000, "😀🎉🙏", '"', "*", ":", "(", 'title:("給与" AND *)', "\\", "<script>alert(1)</script>", "%", "OR"],
    ids=["1000-chars", "emoji", "quote", "star", "colon", "paren", "es-syntax", "backslash", "html", "percent", "or"],
)
def test_odd_queries_get_an_answer_never_an_error(reader_client, query):
    html = search(reader_client, q=query)
    assert "<script>alert(1)</script>" not in html
    assert 'data-testid="search-results"' in html or 'data-testid="search-no-results"' in html


@pytest.mark.parametrize("page", ["²", "٣", "9" * 40, "-1", "1.5"])
def test_any_page_number_gets_results_never_an_error(reader_client, page):
    assert 'data-testid="search-' in search(reader_client, q="通勤手当", page=page)


def test_a_very_long_query_is_explained(reader_client):
    html = search(reader_client, q="通勤手当" * 250)
    assert 'data-testid="search-notice"' in html
    assert "長すぎる" in html


def test_nothing_found_offers_the_inquiry_form_with_the_query(reader_client):
    html = search(reader_client, q="ヰヱヰヱ")
    assert 'data-testid="search-no-results"' in html
    assert 'href="/inquiry/?q=%E3%83%B0%E3%83%B1%E3%83%B0%E3%83%B1" data-testid="search-inquiry-button"' in html


def test_searches_that_helped_many_readers_are_offered_when_nothing_is_found(reader_client, settings):
    settings.SEARCH_POPULAR_MIN_READERS = 3
    for reader in range(3):
        _log("扶養手当 認定", clicked=True, reader=f"r{reader}")
    for reader in range(2):
        _log("二人だけの語", clicked=True, reader=f"r{reader}")
    for _ in range(5):
        _log("一人が何度も検索した語", clicked=True, reader="r0")
    for reader in range(3):
        _log("開かれなかった語", results=4, reader=f"r{reader}")
        _log("教育で役立った語", portal="education", clicked=True, reader=f"r{reader}")
        _log("昔役立った語", clicked=True, days_ago=60, reader=f"r{reader}")
        _log("ヘルプデスクが画面で検索した語", clicked=True, reader=f"r{reader}", role=HELPDESK)
        _log("APIで検索した語", clicked=True, reader=f"r{reader}", source=QueryLog.Source.API)

    for html in (search(reader_client, q="ヰヱヰヱ"), search(reader_client, q="")):
        popular = html[html.index('data-testid="search-popular"') :]
        assert "扶養手当 認定" in popular and "?q=%E6%89%B6" in popular
        for word in ["二人だけの語", "一人が何度も検索した語", "開かれなかった語", "教育で役立った語", "昔役立った語",
                     "ヘルプデスクが画面で検索した語", "APIで検索した語"]:
            assert word not in popular


def test_a_helpdesk_agents_search_for_a_caller_is_logged_masked_and_never_offered(portal_client, role_user, settings):
    settings.SEARCH_POPULAR_MIN_READERS = 1
    secret = "山田花子さん 090-1234-5678 yamada @ example.jp 扶養手当"
    agent = portal_client("intranet", role_user(HELPDESK, "intranet"))
    search(agent, q=secret)
    agent.get("/api/v2/search/", {"q": secret})

    logs = QueryLog.objects.filter(query__contains="扶養手当", role=HELPDESK)
    assert {log.source for log in logs} == {"page", "api"}
    for log in logs:
        assert "5678" not in log.query + log.normalized_query and "yamada" not in log.query + log.normalized_query
        assert "［電話番号］" in log.query
    assert not Query.objects.filter(query_string__contains="5678").exists()
    assert Query.objects.filter(query_string__contains="扶養手当").exists()

    log = logs.get(source="page")
    QueryLog.objects.filter(pk=log.pk).update(clicked_at=timezone.now())
    assert "扶養手当" not in search(agent, q="")


def test_the_reader_key_tells_readers_apart_without_naming_them(role_user):
    reader, other = role_user(READER, "intranet"), role_user(READER, "intranet")
    first, again, second = (querylog.reader_key(user) for user in (reader, reader, other))
    assert first == again != second
    assert len(first) == 64 and reader.username not in first


def test_administrators_hide_popular_queries_of_their_own_portal_only(reader_client, role_user, settings):
    settings.SEARCH_POPULAR_MIN_READERS = 1
    _log("植えられた　フィッシング語", clicked=True, reader="r0")
    _log("植えられた フィッシング語", portal="education", clicked=True, reader="r0")
    assert "フィッシング語" in search(reader_client, q="")

    client = Client()
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    form = client.get("/admin/snippets/search/hiddenpopularquery/add/", HTTP_HOST="intranet.localhost").content.decode()
    assert 'value="intranet"' in form and 'value="education"' not in form
    refused = client.post(
        "/admin/snippets/search/hiddenpopularquery/add/",
        {"portal": "education", "query": "植えられた フィッシング語"},
        HTTP_HOST="intranet.localhost",
    )
    assert refused.status_code == 200 and not HiddenPopularQuery.objects.exists()
    added = client.post(
        "/admin/snippets/search/hiddenpopularquery/add/",
        {"portal": "intranet", "query": "植えられた フィッシング語", "note": "職員を装った語"},
        HTTP_HOST="intranet.localhost",
    )
    assert added.status_code == 302
    assert "フィッシング語" not in search(reader_client, q="")
    twice = client.post(
        "/admin/snippets/search/hiddenpopularquery/add/",
        {"portal": "intranet", "query": "植えられた　フィッシング語"},
        HTTP_HOST="intranet.localhost",
    )
    assert "既に非表示にしています" in twice.content.decode()

    hidden = HiddenPopularQuery.objects.get()
    client.force_login(role_user(ADMINISTRATOR, "education"))
    listing = client.get("/admin/snippets/search/hiddenpopularquery/", HTTP_HOST="edu.localhost").content.decode()
    assert "職員を装った語" not in listing
    edit = f"/admin/snippets/search/hiddenpopularquery/edit/{hidden.pk}/"
    assert client.get(edit, HTTP_HOST="edu.localhost").status_code == 404
    client.force_login(role_user(READER, "education"))
    assert "フィッシング語" in client.get("/search/", HTTP_HOST="edu.localhost").content.decode()


def test_type_facet_narrows_the_results_and_can_be_cleared(reader_client):
    publish_news("intranet", f"{WORD}の開催について")
    html = search(reader_client, q=WORD)
    assert 'data-testid="facet-type"' in html

    narrowed = search(reader_client, q=WORD, type="news")
    assert 'data-testid="search-group-news"' in narrowed
    assert narrowed.count('data-testid="search-group-') == 1
    assert "解除" in narrowed

    nothing = search(reader_client, q=WORD, type="manual")
    assert 'data-testid="search-no-results"' in nothing

    unknown = search(reader_client, q=WORD, type="nonsense")
    assert "種類「nonsense」はありません" in unknown
    assert 'data-testid="search-group-news"' in unknown


def test_many_results_are_paged(reader_client):
    for number in range(23):
        publish_news("intranet", f"{WORD}第{number}回のお知らせ")

    first = search(reader_client, q=WORD)
    second = search(reader_client, q=WORD, page="2")
    beyond = search(reader_client, q=WORD, page="99")

    assert 'data-testid="search-pagination"' in first and "次へ" in first
    assert first.count('data-testid="search-result"') == 20
    assert 1 <= second.count('data-testid="search-result"') and "前へ" in second
    assert 'data-testid="search-page-out-of-range"' in beyond
    assert search(reader_client, q=WORD, page="x").count('data-testid="search-result"') == 20


def test_paging_and_narrowing_count_as_one_search_in_the_log(reader_client):
    for number in range(23):
        publish_news("intranet", f"{WORD}第{number}回のお知らせ")
    before = QueryLog.objects.count()

    first = search(reader_client, q=WORD)
    next_page = htmllib.unescape(re.search(r'<a href="(\?[^"]*)">次へ</a>', first).group(1))
    facets = first[first.index('data-testid="facet-type"') :]
    narrow = htmllib.unescape(re.search(r'<a href="(\?[^"]*)"', facets).group(1))
    reader_client.get("/search/" + next_page)
    reader_client.get("/search/" + narrow)
    search(reader_client, q=f"{WORD} 申込み")

    assert QueryLog.objects.count() == before + 2


def test_engine_notices_and_did_you_mean_are_shown(reader_client, monkeypatch):
    def fake_search(query, **kwargs):
        return engine.SearchResponse(query=query, notice=engine.FALLBACK_NOTICE, suggestion="年末調整")

    monkeypatch.setattr(engine, "search", fake_search)
    html = search(reader_client, q="年末調製")

    assert engine.FALLBACK_NOTICE in html
    assert 'data-testid="search-did-you-mean"' in html
    assert "?q=%E5%B9%B4%E6%9C%AB%E8%AA%BF%E6%95%B4" in html


def test_readers_never_see_work_manuals_but_centre_staff_do(portal_client, role_user):
    staff_html = search(portal_client("intranet", role_user(CENTRE_STAFF, "intranet")), q="マニュアル 審査")
    reader_html = search(portal_client("intranet", role_user(READER, "intranet")), q="マニュアル 審査")
    assert 'data-testid="search-group-manual"' not in reader_html
    assert 'data-testid="search-group-manual"' in staff_html


def test_suggestions_are_titles_and_links_of_the_best_results_with_their_type(reader_client):
    page = publish_news("intranet", f"{WORD}の開催について")

    data = reader_client.get("/search/suggest/", {"q": WORD}).json()

    news = {"title": page.title, "url": page.relative_url(page.get_site()), "type": "news", "type_label": "お知らせ"}
    assert news in data["suggestions"]
    assert reader_client.get("/search/suggest/", {"q": ""}).json() == {"suggestions": []}
    assert reader_client.get("/search/suggest/", {"q": "😀"}).status_code == 200


def test_suggestions_need_a_login(client):
    response = client.get("/search/suggest/", {"q": WORD}, HTTP_HOST="intranet.localhost")
    assert response.status_code == 302


def test_a_click_is_recorded_and_leads_to_the_result(reader_client):
    page = publish_news("intranet", f"{WORD}の開催について")
    html = search(reader_client, q=WORD)
    log = QueryLog.objects.latest("created_at")
    start = html.index('href="/search/click/?')
    click = html[start + 6 : html.index('"', start + 6)].replace("&amp;", "&")

    response = reader_client.get(click)

    assert response.status_code == 302
    log.refresh_from_db()
    assert response["Location"] == log.clicked_url == page.relative_url(page.get_site())
    assert log.clicked_at is not None


def test_the_click_redirect_is_no_open_redirect_and_ignores_forged_logs(reader_client):
    log = QueryLog.objects.create(query="x", normalized_query="x", portal="intranet")

    offsite = reader_client.get("/search/click/", {"log": "1:forged", "url": "https://evil.example/"})
    forged = reader_client.get("/search/click/", {"log": f"{log.pk}:forged", "url": "/about/"})

    assert offsite["Location"] == "/search/"
    assert "ポータルの外" in reader_client.get("/search/").content.decode()
    assert forged["Location"] == "/about/"
    log.refresh_from_db()
    assert log.clicked_url == ""


def test_editors_picks_come_first_and_only_for_pages_the_reader_may_open(reader_client, homes, settings):
    own = publish_news("intranet", "共済組合のお知らせ（おすすめ）")
    other = publish_news("education", "教育の共済組合のお知らせ")
    for number, page in enumerate([own, other]):
        EditorsPick.objects.create(portal="intranet", query="共済", page=page, sort_order=number, description="まずはこちら")
    EditorsPick.objects.create(
        portal="intranet", query="共済", url="https://kyosai.example.jp/", title="共済組合のサイト", sort_order=3
    )
    settings.PORTAL_ALLOWED_OUTSIDE_HOSTS = ["kyosai.example.jp"]

    html = search(reader_client, q="共済")

    start = html.index('data-testid="search-picks"')
    picks = html[start : html.index("</section>", start)]
    assert own.title in picks and "共済組合のサイト" in picks
    assert other.title not in picks
    assert 'href="/search/click/?' in picks and 'href="https://kyosai.example.jp/"' in picks
    assert html.index('data-testid="search-picks"') < html.index('data-testid="search-results"')
    suggestions = reader_client.get("/search/suggest/", {"q": "共済"}).json()["suggestions"]
    assert suggestions[0] == {"title": own.title, "url": own.relative_url(own.get_site()), "type": "news", "type_label": "お知らせ"}
    assert {"title": "共済組合のサイト", "url": "https://kyosai.example.jp/", "type": "pick", "type_label": "おすすめ"} in suggestions
    assert other.title not in {item["title"] for item in suggestions}
    assert len({item["url"] for item in suggestions}) == len(suggestions)


def _log(query, portal="intranet", results=3, clicked=False, days_ago=0, source=QueryLog.Source.PAGE, reader="", role=READER):
    log = QueryLog.objects.create(
        query=query,
        normalized_query=normalized_query(query),
        portal=portal,
        role=role,
        reader_key=reader,
        source=source,
        result_count=results,
        clicked_url="/x/" if clicked else "",
        clicked_at=timezone.now() if clicked else None,
    )
    QueryLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_query_log_reports_show_top_zero_and_unclicked_queries(client, role_user):
    for _ in range(3):
        _log("年末調整 書き方", clicked=True)
    _log("ゼロ件の語", results=0)
    _log("開かれない語", results=5)
    _log("教育の語", portal="education", results=0)
    _log("昔の語", results=0, days_ago=100)
    client.force_login(role_user(ADMINISTRATOR, "intranet"))

    top = client.get("/admin/search-reports/top/").content.decode()
    zero = client.get("/admin/search-reports/zero/").content.decode()
    zero_recent = client.get("/admin/search-reports/zero/", {"period": "30"}).content.decode()
    unclicked = client.get("/admin/search-reports/unclicked/").content.decode()

    assert top.index("年末調整 書き方") < top.index("開かれない語")
    assert "教育の語" not in top
    assert "ゼロ件の語" in zero and "年末調整 書き方" not in zero and "昔の語" in zero
    assert "昔の語" not in zero_recent
    assert "開かれない語" in unclicked and "年末調整 書き方" not in unclicked and "ゼロ件の語" not in unclicked


def test_api_searches_are_not_reported_as_never_clicked_but_can_be_filtered_elsewhere(client, role_user):
    """The helpdesk screen searches through the API, which cannot record clicks."""
    _log("画面で開かれない語", results=5)
    for _ in range(2):
        _log("ヘルプデスクの語", results=5, source=QueryLog.Source.API)
    _log("APIで0件の語", results=0, source=QueryLog.Source.API)
    client.force_login(role_user(ADMINISTRATOR, "intranet"))

    unclicked = client.get("/admin/search-reports/unclicked/").content.decode()
    top_from_api = client.get("/admin/search-reports/top/", {"source": "api"}).content.decode()
    top_from_page = client.get("/admin/search-reports/top/", {"source": "page"}).content.decode()
    zero = client.get("/admin/search-reports/zero/").content.decode()

    assert "画面で開かれない語" in unclicked and "ヘルプデスクの語" not in unclicked
    assert "検索画面での検索だけを数えます" in unclicked and 'name="source"' not in unclicked
    assert "ヘルプデスクの語" in top_from_api and "画面で開かれない語" not in top_from_api
    assert "画面で開かれない語" in top_from_page and "ヘルプデスクの語" not in top_from_page
    assert normalized_query("APIで0件の語") in zero and 'name="source"' in zero


def test_query_log_reports_can_be_exported(client, role_user):
    _log("エクスポートする語")
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    response = client.get("/admin/search-reports/top/", {"export": "csv"})
    assert response.status_code == 200
    assert "エクスポートする語" in b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("role", [READER, CENTRE_STAFF])
def test_query_log_reports_are_for_administrators_only(client, role_user, role):
    client.force_login(role_user(role, "intranet"))
    response = client.get("/admin/search-reports/top/")
    assert response.status_code in {302, 403}


def test_query_log_reports_are_in_the_reports_menu(client, role_user):
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    html = client.get("/admin/").content.decode()
    assert "/admin/search-reports/unclicked/" in html
