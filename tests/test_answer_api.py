"""/api/v2/answer/ (issue 14): a chatbot gets the one confident answer with its 様式, or a handoff to the inquiry
form with its question; every question is in the query log as a chatbot question and in the search reports."""

import pytest

from forms.models import FormTemplate
from portal import write_behind
from portal.roles import ADMINISTRATOR, READER
from search.models import QueryLog

from .test_search_engine import add_faq, fresh_cache  # noqa: F401  (the FAQ helper and a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def okapi_faq():
    faq = add_faq("オカピ手当の請求にはどの様式を使いますか", "オカピ手当は様式第5号で請求します。")
    faq.related = [("form", FormTemplate.objects.get(portal="intranet", number="様式第5号"))]
    faq.save_revision().publish()
    return faq


def chatbot_logs():
    write_behind.flush()
    return QueryLog.objects.filter(source=QueryLog.Source.CHATBOT)


def test_a_confident_answer_comes_with_its_text_forms_and_confidence(signed_in, okapi_faq):
    data = signed_in(READER, "intranet").get("/api/v2/answer/", {"q": "オカピ手当の請求"}).json()

    assert data["handoff"] is False
    answer = data["answer"]
    assert (answer["type"], answer["id"]) == ("faq", okapi_faq.pk)
    assert "様式第5号で請求します" in answer["text"] and 0.5 <= answer["confidence"] <= 1
    assert [form["number"] for form in answer["forms"]] == ["様式第5号"]
    assert chatbot_logs().get().result_count == 1


def test_below_the_threshold_the_chatbot_hands_off_to_the_inquiry_form(signed_in, okapi_faq, settings):
    settings.SEARCH_ANSWER_MIN_CONFIDENCE = 1.01

    data = signed_in(READER, "intranet").get("/api/v2/answer/", {"q": "オカピ手当の請求"}).json()

    assert data == {"handoff": True, "inquiry_url": "http://intranet.localhost/inquiry/?q=%E3%82%AA%E3%82%AB%E3%83%94%E6%89%8B%E5%BD%93%E3%81%AE%E8%AB%8B%E6%B1%82"}
    log = chatbot_logs().get()
    assert (log.portal, log.result_count, log.normalized_query) == ("intranet", 0, "オカピ手当の請求")


def test_a_handed_off_question_follows_to_the_prefilled_inquiry_form(signed_in, settings):
    settings.SEARCH_ANSWER_MIN_CONFIDENCE = 1.01
    client = signed_in(READER, "education")

    url = client.get("/api/v2/answer/", {"q": "転勤したときの手続き"}).json()["inquiry_url"]
    form = client.get(url.removeprefix("http://edu.localhost"))

    assert url.startswith("http://edu.localhost/inquiry/?q=")
    assert form.status_code == 200 and "転勤したときの手続き" in form.content.decode()


def test_chatbot_questions_count_in_the_search_reports(signed_in, okapi_faq, settings):
    settings.SEARCH_ANSWER_MIN_CONFIDENCE = 1.01
    signed_in(READER, "intranet").get("/api/v2/answer/", {"q": "カピバラ手当はありますか"})
    chatbot_logs()

    report = signed_in(ADMINISTRATOR, "intranet").get("/admin/search-reports/zero/", {"source": "chatbot"})

    assert report.status_code == 200 and "カピバラ手当はありますか" in report.content.decode()


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({}, 400, "q に質問を指定してください。"),
        ({"q": "\x00\x01"}, 400, "q に質問を指定してください。"),
        ({"q": "給与", "portal": "nowhere"}, 400, "portal には"),
        ({"q": "給与", "portal": "education"}, 403, "権限がありません"),
    ],
)
def test_bad_parameters_get_a_japanese_error_and_log_nothing(signed_in, params, status, message):
    response = signed_in(READER, "intranet").get("/api/v2/answer/", params)

    assert response.status_code == status and message in response.json()["detail"]
    assert not chatbot_logs().exists()


def test_signed_out_clients_get_a_japanese_401(client):
    response = client.get("/api/v2/answer/", {"q": "給与"}, HTTP_HOST="intranet.localhost")

    assert response.status_code == 401 and response.json()["detail"] == "ログインが必要です。"
