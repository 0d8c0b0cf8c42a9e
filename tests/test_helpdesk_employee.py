"""The employee's side of issue 10: suggestions and deflection on the inquiry form without losing input, their own
inquiries with the answers, and the e-mail that an answer is there."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from faq.models import FAQPage
from helpdesk import states
from helpdesk.models import Deflection, Inquiry
from portal.models import Category
from portal.roles import HELPDESK, READER

from .helpdesk_factories import make_inquiry
from .test_inquiry_form import client_for, portal_user, text

pytestmark = pytest.mark.django_db

S = Inquiry.Status
QUESTION = "通勤手当の届出はいつまでに出せばよいですか。折り返しは090-1234-5678へ。"


@pytest.fixture
def reader(role_user):
    return portal_user(role_user, READER, "intranet", email="reader@example.jp")


def typed(page):
    return re.search(r'<textarea name="question"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)


def test_suggestions_while_typing_are_the_portals_faqs_and_procedures(reader, role_user):
    data = client_for("intranet", reader).get("/inquiry/suggestions/", {"q": "通勤手当 届出"}).json()["results"]
    assert data and {row["type_label"] for row in data} <= {"よくある質問", "手続きガイド"}
    assert client_for("intranet", role_user(READER, "education")).get("/inquiry/suggestions/", {"q": "通勤手当"}).status_code == 403


def test_opening_a_suggestion_and_coming_back_keeps_everything_typed(reader):
    client = client_for("intranet", reader)
    category = Category.objects.get(slug="kyuyo")
    form = {"question": QUESTION, "category": category.pk, "contact_method": "phone", "contact_phone": "内線1234"}

    checked = client.post("/inquiry/", form)
    assert 'data-testid="inquiry-send"' in checked.content.decode()
    assert not Inquiry.objects.filter(requester=reader).exists()
    faq_id = re.search(r'name="open" value="(\d+)"', checked.content.decode()).group(1)

    opened = client.post("/inquiry/", {**form, "open": faq_id})
    answer_page = client.get(opened["Location"])
    assert answer_page.status_code == 200 and FAQPage.objects.get(pk=faq_id).title in text(answer_page)

    back = text(client.get("/inquiry/"))
    assert typed(back) == QUESTION and 'value="内線1234"' in back
    assert re.search(rf'<option value="{category.pk}" selected>', back)
    assert re.search(r'value="phone"[^>]*checked', back)

    sent = client.post("/inquiry/", {**form, "send": "1"}, follow=True)
    inquiry = Inquiry.objects.get(requester=reader)
    assert f"受付番号 {inquiry.reference}" in text(sent) and inquiry.status == S.RECEIVED
    assert typed(text(client.get("/inquiry/"))) == ""


def test_resolved_records_a_masked_anonymous_deflection_and_no_inquiry(reader):
    client = client_for("intranet", reader)
    checked = client.post("/inquiry/", {"question": QUESTION, "contact_method": "email"})
    faq_id = int(re.search(r'name="open" value="(\d+)"', checked.content.decode()).group(1))
    client.post("/inquiry/", {"question": QUESTION, "contact_method": "email", "open": faq_id})

    resolved = client.post(f"/inquiry/answer/{faq_id}/")

    deflection = Deflection.objects.latest("created_at")
    assert resolved.status_code == 302 and deflection.page_id == faq_id and deflection.portal == "intranet"
    assert "5678" not in deflection.question and "通勤手当" in deflection.question
    assert not Inquiry.objects.filter(requester=reader).exists()
    assert typed(text(client.get("/inquiry/"))) == ""


def test_an_employee_who_saw_live_suggestions_sends_at_once(reader):
    response = client_for("intranet", reader).post("/inquiry/", {"question": QUESTION, "contact_method": "email", "suggestions_seen": "1"})
    assert response.status_code == 302 and Inquiry.objects.filter(requester=reader).exists()


def test_only_live_faqs_and_procedures_of_the_portal_can_be_opened(reader):
    client = client_for("intranet", reader)
    other = FAQPage.objects.live().exclude(url_path__startswith="/intranet/").first()
    home_id = FAQPage.objects.live().filter(url_path__startswith="/intranet/").first().get_parent().pk
    assert client.get(f"/inquiry/answer/{other.pk}/").status_code == 404
    assert client.get(f"/inquiry/answer/{home_id}/").status_code == 404
    assert client.post(f"/inquiry/answer/{other.pk}/").status_code == 404


def test_employees_see_their_own_inquiries_and_the_answer_once_answered(reader, role_user, django_capture_on_commit_callbacks):
    agent = role_user(HELPDESK, "intranet")
    mine = make_inquiry(agent, requester=reader, question="私の問い合わせ")
    someone = make_inquiry(agent, requester=role_user(READER, "intranet"), question="他の人の問い合わせ")
    client = client_for("intranet", reader)

    listed = text(client.get("/inquiry/mine/"))
    assert mine.reference in listed and someone.reference not in listed
    assert client.get(f"/inquiry/mine/{someone.reference}/").status_code == 404
    assert client_for("intranet", role_user(READER, "education")).get("/inquiry/mine/").status_code == 403
    assert 'data-testid="my-inquiry-answer"' not in text(client.get(f"/inquiry/mine/{mine.reference}/"))

    mine.answer = "15日以内に届け出てください。"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        states.transition(mine, S.ANSWERED, agent)
    page = text(client.get(f"/inquiry/mine/{mine.reference}/"))
    assert "15日以内に届け出てください。" in page and "回答しました" in page
    assert [message.to for message in mail.outbox] == [["reader@example.jp"]]
    assert mine.reference in mail.outbox[0].subject and "15日以内" not in mail.outbox[0].body
    assert reverse("helpdesk:my_inquiry", args=[mine.reference]) in mail.outbox[0].body
