"""examples/answer_client.py (issue 14): the stdlib client lists a category's FAQs and asks the answer API with a
token; its HTTP requests are served in-process by the Django test client."""

import io
import urllib.error
import urllib.parse

import pytest
from django.test import Client

from examples import answer_client
from portal.models import Category

from .test_apitokens import make_token

pytestmark = pytest.mark.django_db


def serve_in_process(request, timeout):
    address = urllib.parse.urlsplit(request.full_url)
    response = Client(HTTP_HOST=address.hostname).get(
        f"{address.path}?{address.query}", HTTP_AUTHORIZATION=request.get_header("Authorization")
    )
    if response.status_code >= 400:
        raise urllib.error.HTTPError(request.full_url, response.status_code, "", {}, io.BytesIO(response.content))
    return io.BytesIO(response.content)


def test_the_example_lists_a_categorys_faqs_and_asks_the_answer_api(monkeypatch, capsys):
    monkeypatch.setattr(answer_client.urllib.request, "urlopen", serve_in_process)
    _token, secret = make_token(scopes=["faq", "answer"])
    category = Category.objects.filter(faq_pages__isnull=False).first()

    answer_client.main(["--category", str(category.pk), "--base-url", "http://intranet.localhost", "--token", secret,
                        "通勤手当の届出"])

    printed = capsys.readouterr().out
    assert printed.startswith("FAQ（") and "\n- " in printed
    assert "問い合わせフォーム：http://intranet.localhost/inquiry/?q=" in printed or "確からしさ" in printed


def test_the_example_says_why_a_request_was_refused(monkeypatch):
    monkeypatch.setattr(answer_client.urllib.request, "urlopen", serve_in_process)
    _token, secret = make_token(scopes=["answer"])

    with pytest.raises(SystemExit, match="403: このAPIトークンには"):
        answer_client.main(["--category", "1", "--base-url", "http://intranet.localhost", "--token", secret, "給与"])
