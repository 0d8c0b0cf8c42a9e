import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.masking import mask_personal_data
from helpdesk.models import Inquiry
from portal.roles import HELPDESK, READER

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, secret, label",
    [
        ("折り返しは090-1234-5678へ", "1234-5678", "［電話番号］"),
        ("折り返しは０３－１２３４－５６７８へ", "1234", "［電話番号］"),
        ("返信は yamada.taro@city.example.jp まで", "yamada", "［メール］"),
        ("マイナンバーは1234 5678 9012です", "9012", "［マイナンバー］"),
        ("職員番号：A123456の件", "123456", "［職員番号］"),
        ("〒231-0005 横浜市中区本町1丁目2番3号", "本町", "［住所］"),
    ],
)
def test_personal_data_is_masked(text, secret, label):
    masked = mask_personal_data(text)
    assert secret not in masked
    assert label in masked


def test_ordinary_figures_are_not_masked():
    text = "令和7年4月1日から通勤手当12,000円に変更"
    assert mask_personal_data(text) == text


def test_only_answered_inquiries_are_indexed_and_their_text_is_masked():
    indexed = Inquiry.get_indexed_objects()
    assert indexed.exists()
    assert not indexed.filter(status=Inquiry.Status.ESCALATED).exists()
    assert all("090-1234-5678" not in inquiry.masked_question() for inquiry in indexed)


def test_agents_see_only_their_own_centres_inquiries(client, role_user):
    client.force_login(role_user(HELPDESK, "education"))
    html = client.get("/admin/inquiries/", HTTP_HOST="edu.localhost").content.decode()
    assert "年末調整の書類を集めた" in html
    assert "通勤経路が変わった" not in html
    other = Inquiry.objects.filter(portal="intranet").first()
    assert client.get(f"/admin/inquiries/edit/{other.pk}/", HTTP_HOST="edu.localhost").status_code == 404


@pytest.mark.parametrize("view", ["inspect", "edit", "delete", "history", "usage", "make_faq"])
def test_another_centres_inquiry_is_404_in_every_admin_view(client, role_user, view):
    client.force_login(role_user(HELPDESK, "intranet"))
    other = Inquiry.objects.filter(portal="education").first()
    response = client.get(reverse(f"inquiries:{view}", args=(other.pk,)), HTTP_HOST="intranet.localhost")
    assert response.status_code == 404
    assert other.question not in response.content.decode()


def test_agents_inspect_their_own_centres_inquiry(client, role_user):
    client.force_login(role_user(HELPDESK, "intranet"))
    own = Inquiry.objects.filter(portal="intranet").first()
    response = client.get(reverse("inquiries:inspect", args=(own.pk,)), HTTP_HOST="intranet.localhost")
    assert response.status_code == 200
    assert own.question in response.content.decode()


def test_agents_record_inquiries_only_for_their_own_centre(client, role_user):
    client.force_login(role_user(HELPDESK, "education"))
    page = client.get(reverse("inquiries:add"), {"portal": "intranet"}, HTTP_HOST="edu.localhost")
    assert page.context["portal_key"] == "education"
    response = client.post(
        reverse("inquiries:add"),
        {"portal": "intranet", "channel": "phone", "question": "他センターへの記録"},
        HTTP_HOST="edu.localhost",
    )
    assert response.status_code == 302 and response["Location"] != reverse("inquiries:add")
    assert not Inquiry.objects.filter(question="他センターへの記録").exists()


def test_readers_cannot_open_the_inquiry_log(client, role_user):
    client.force_login(role_user(READER, "intranet"))
    assert client.get("/admin/inquiries/", HTTP_HOST="intranet.localhost").status_code == 403


def test_generate_inquiries_refuses_bad_input_and_creates_in_bulk():
    with pytest.raises(CommandError, match="ポータル"):
        call_command("generate_inquiries", "10", "--portal", "nowhere")
    before = Inquiry.objects.count()
    call_command("generate_inquiries", "1200", "--portal", "education", verbosity=0)
    assert Inquiry.objects.count() == before + 1200
