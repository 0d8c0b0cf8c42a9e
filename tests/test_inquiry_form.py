"""The employees' inquiry form (issue 4): from a search that found nothing to a question in the centre's inquiry list."""

import html as htmllib
import re

import pytest
from django.test import Client

from helpdesk.models import Inquiry
from portal.models import Category
from portal.roles import HELPDESK, READER
from tests.conftest import HOSTS

pytestmark = pytest.mark.django_db

NOTHING = "ヰヱヰヱ"


def portal_user(role_user, role, portal_key, email="taro@example.jp"):
    user = role_user(role, portal_key)
    user.email = email
    user.save()
    return user


def client_for(portal_key, user=None, **kwargs):
    client = Client(HTTP_HOST=HOSTS[portal_key], **kwargs)
    if user is not None:
        client.force_login(user)
    return client


def text(response):
    return htmllib.unescape(response.content.decode())


def question_shown(page):
    return re.search(r'<textarea name="question"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)


def chosen(page):
    """(checked contact method, selected category id, phone field value) as the form shows them."""
    method = re.search(r'<input type="radio" name="contact_method" value="(\w+)"[^>]*checked', page)
    category = re.search(r'<option value="(\d*)" selected>', page)
    phone = re.search(r'name="contact_phone"(?: value="([^"]*)")?', page).group(1) or ""
    return method and method.group(1), category and category.group(1), phone


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_a_reader_goes_from_zero_results_to_a_question_the_own_centre_sees(role_user):
    reader = portal_user(role_user, READER, "intranet")
    client = client_for("intranet", reader, enforce_csrf_checks=True)

    results = client.get("/search/", {"q": NOTHING}).content.decode()
    assert 'data-testid="search-no-results"' in results
    link = htmllib.unescape(re.search(r'href="([^"]+)" data-testid="search-inquiry-button"', results).group(1))
    form_page = client.get(link)
    assert form_page.status_code == 200
    assert question_shown(text(form_page)) == NOTHING

    sent = client.post(
        link,
        {
            "csrfmiddlewaretoken": csrf_token(form_page),
            "question": f"{NOTHING}を知りたい。",
            "category": Category.objects.get(name="給与").pk,
            "contact_method": "phone",
            "contact_phone": "内線１２３４",
            "send": "1",
        },
        follow=True,
    )

    assert "問い合わせを受け付けました" in text(sent)
    inquiry = Inquiry.objects.get(requester=reader)
    assert (inquiry.portal, inquiry.channel, inquiry.status) == ("intranet", "portal", "received")
    assert (inquiry.question, inquiry.category.name, inquiry.contact_phone) == (f"{NOTHING}を知りたい。", "給与", "内線1234")
    assert f"受付番号 {inquiry.reference}" in text(sent)
    assert 'data-testid="inquiry-recent"' in text(sent) and "受付" in text(sent)

    helpdesk = client_for("intranet", role_user(HELPDESK, "intranet"))
    own = text(helpdesk.get("/admin/inquiries/"))
    assert f"{NOTHING}を知りたい" in own and "ポータル" in own and "受付" in own and reader.username in own
    details = text(helpdesk.get(f"/admin/inquiries/inspect/{inquiry.pk}/"))
    assert "電話（内線）" in details and "内線1234" in details
    other = client_for("education", role_user(HELPDESK, "education")).get("/admin/inquiries/")
    assert other.status_code == 200 and NOTHING not in text(other)


def test_the_search_page_links_to_the_form_with_the_query(role_user):
    client = client_for("intranet", portal_user(role_user, READER, "intranet"))
    for query in ("通勤手当", ""):
        page = client.get("/search/", {"q": query}).content.decode()
        link = re.search(r'data-testid="search-inquiry-link">[^<]*<a href="([^"]+)"', page).group(1)
        assert htmllib.unescape(link) == ("/inquiry/?q=%E9%80%9A%E5%8B%A4%E6%89%8B%E5%BD%93" if query else "/inquiry/")


@pytest.mark.parametrize(
    "question, error",
    [
        ("", "問い合わせ内容を入力してください。"),
        ("   ", "問い合わせ内容を入力してください。"),
        ("通勤手当" * 1250, "問い合わせ内容は2000文字以内で入力してください（現在5000文字）。"),
        ("通勤手当\x00の件", "NUL文字（目に見えない制御文字）は使えません。その部分を消してから送信してください。"),
    ],
    ids=["empty", "blank", "5000-characters", "nul"],
)
def test_a_bad_question_is_explained_and_nothing_typed_is_lost(role_user, question, error):
    client = client_for("intranet", portal_user(role_user, READER, "intranet"))
    category = Category.objects.get(name="給与")

    response = client.post(
        "/inquiry/?q=x", {"question": question, "category": category.pk, "contact_method": "phone", "contact_phone": "045-123-4567"}
    )

    assert response.status_code == 200
    page = text(response)
    assert error in page and 'data-testid="inquiry-errors"' in page
    assert question_shown(page) == question
    assert chosen(page) == ("phone", str(category.pk), "045-123-4567")
    assert not Inquiry.objects.filter(channel=Inquiry.Channel.PORTAL, question=question).exists()


@pytest.mark.parametrize(
    "email, data, error",
    [
        ("taro@example.jp", {"contact_method": "phone", "contact_phone": ""}, "電話番号か内線番号を入力してください"),
        ("taro@example.jp", {"contact_method": "phone", "contact_phone": "わかりません"}, "数字で入力してください"),
        ("", {"contact_method": "email"}, "メールアドレスが登録されていません"),
        ("taro@example.jp", {}, "回答の連絡方法を選んでください。"),
    ],
    ids=["phone-without-number", "phone-not-a-number", "email-without-address", "no-method"],
)
def test_the_way_back_to_the_employee_must_work(role_user, email, data, error):
    client = client_for("intranet", portal_user(role_user, READER, "intranet", email=email))

    response = client.post("/inquiry/", {"question": "扶養手当の認定について", **data})

    assert error in text(response) and question_shown(text(response)) == "扶養手当の認定について"
    assert not Inquiry.objects.filter(question="扶養手当の認定について").exists()


def test_invisible_control_characters_pasted_with_a_question_are_dropped(role_user):
    client = client_for("intranet", portal_user(role_user, READER, "intranet"))
    client.post("/inquiry/", {"question": "扶養手当\x07の\x1b[31m認定\tについて\n教えて", "contact_method": "email", "send": "1"})
    assert Inquiry.objects.filter(question="扶養手当の[31m認定\tについて\n教えて").exists()


def test_email_is_offered_with_the_registered_address(role_user):
    page = text(client_for("intranet", portal_user(role_user, READER, "intranet")).get("/inquiry/"))
    assert "メール（taro@example.jp）" in page
    assert chosen(page) == ("email", "", "")


def test_only_the_portals_own_users_may_ask_its_centre(role_user):
    education_reader = portal_user(role_user, READER, "education")
    assert client_for("intranet", education_reader).get("/inquiry/").status_code == 403
    assert client_for("intranet", education_reader).post("/inquiry/", {"question": "x", "contact_method": "email"}).status_code == 403
    assert not Inquiry.objects.filter(requester=education_reader).exists()

    anonymous = client_for("intranet").get("/inquiry/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_a_post_without_the_csrf_token_is_refused(role_user):
    client = client_for("intranet", portal_user(role_user, READER, "intranet"), enforce_csrf_checks=True)
    response = client.post("/inquiry/", {"question": "通勤手当について", "contact_method": "email"})
    assert response.status_code == 403
    assert not Inquiry.objects.filter(question="通勤手当について").exists()
