"""The agent's side of issue 10: the console, queues, filters and exports, each scoped to the agent's own centre."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import AnswerTemplate, Escalation, HelpdeskPolicy, Inquiry, InquiryReference
from portal.business_days import BusinessCalendar
from portal.models import ClosureDay
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, SECTION_REVIEWER
from tests.conftest import HOSTS

from .helpdesk_factories import agent, make_inquiry, reviewed_section  # noqa: F401 - agent is a fixture

pytestmark = pytest.mark.django_db

S = Inquiry.Status


@pytest.fixture
def console(portal_client, agent):
    return portal_client("intranet", agent)


def new_contact(console, **data):
    page = console.get(reverse("inquiries:add"))
    started = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    return console.post(reverse("inquiries:add"), {"started": started, "portal": "intranet", "channel": "phone", **data})


def faq_key(console, query):
    results = console.get(reverse("inquiries:suggestions"), {"q": query, "portal": "intranet"}).json()["results"]
    return next(result for result in results if result["type"] == "faq")


def test_a_call_is_recorded_with_a_linked_faq_answered_and_closed_in_one_go(console, agent):
    suggestion = faq_key(console, "通勤手当 届出")
    assert suggestion["key"].startswith("page:") and suggestion["answer"]

    response = new_contact(
        console,
        question="引っ越したので通勤手当の届出について知りたい",
        answer=suggestion["answer"],
        reference=[suggestion["key"]],
        requester_affiliation="中区役所 区政推進課",
        action="answer_close",
    )

    inquiry = Inquiry.objects.get(question="引っ越したので通勤手当の届出について知りたい")
    assert response.status_code == 302 and response["Location"].startswith(reverse("inquiries:add"))
    assert (inquiry.status, inquiry.assignee, inquiry.channel) == (S.CLOSED, agent, "phone")
    assert inquiry.answered_first_tier and inquiry.completed_in_centre and inquiry.handling_minutes is not None
    assert [t.to_status for t in inquiry.transitions.all()] == [S.RECEIVED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED]
    assert InquiryReference.objects.get(inquiry=inquiry).page_id == int(suggestion["key"].split(":")[1])
    assert inquiry.reference in console.get(response["Location"]).content.decode()


def test_a_call_is_received_when_the_console_was_opened_not_when_it_was_saved(console):
    page = console.get(reverse("inquiries:add"))
    started = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    console.post(
        reverse("inquiries:add"),
        {"started": started, "portal": "intranet", "channel": "phone", "question": "受付時刻の確認", "received_at": "2020-01-01T09:00"},
    )
    inquiry = Inquiry.objects.get(question="受付時刻の確認")
    assert abs(inquiry.received_at - timezone.now()) < datetime.timedelta(minutes=5)
    assert inquiry.status == S.IN_PROGRESS


def test_an_email_keeps_the_time_it_arrived_but_not_one_in_the_future(console):
    response = new_contact(console, channel="email", question="未来のメール", received_at="2099-01-01T09:00")
    assert response.status_code == 400 and "未来の日時" in response.content.decode()
    new_contact(console, channel="email", question="朝のメール", received_at="2026-01-05T08:10")
    assert timezone.localtime(Inquiry.objects.get(question="朝のメール").received_at).hour == 8


def test_a_refused_action_explains_itself_and_loses_nothing_typed(console, agent):
    inquiry = make_inquiry(agent)
    response = console.post(
        reverse("inquiries:edit", args=[inquiry.pk]),
        {"channel": "phone", "question": inquiry.question, "answer": "", "subcategory": "通勤手当", "action": "answer"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "「回答済」にする前に回答を入力してください。" in page and 'value="通勤手当"' in page
    inquiry.refresh_from_db()
    assert inquiry.status == S.IN_PROGRESS and inquiry.subcategory == ""


def test_a_new_contact_without_a_question_is_explained(console):
    response = new_contact(console, question="", requester_name="山田")
    assert response.status_code == 400 and "問い合わせ内容を入力してください。" in response.content.decode()
    assert 'value="山田"' in response.content.decode()


def test_an_unknown_action_or_reference_is_refused(console, agent):
    inquiry = make_inquiry(agent)
    url = reverse("inquiries:edit", args=[inquiry.pk])
    other = make_inquiry(agent, "education", S.CLOSED)
    for data, message in [({"action": "jump"}, "この操作はありません。"), ({"reference": f"inquiry:{other.pk}"}, "このセンターでは使えません")]:
        response = console.post(url, {"channel": "phone", "question": inquiry.question, **data})
        assert response.status_code == 400 and message in response.content.decode()
    assert not inquiry.references.exists()


def test_the_console_escalates_with_a_business_day_due_date_and_refuses_a_closed_day(console, agent):
    inquiry = make_inquiry(agent)
    page = console.get(reverse("inquiries:edit", args=[inquiry.pk])).content.decode()
    assert 'name="escalation-due_date"' in page
    section = reviewed_section("intranet")
    data = {"channel": "phone", "question": inquiry.question, "action": "escalate", "escalation-section": section.pk, "escalation-question": "期限の取扱い"}

    closed = ClosureDay.objects.create(date=BusinessCalendar("intranet").add(timezone.localdate(), 20), name="システム切替", portal="intranet")
    response = console.post(reverse("inquiries:edit", args=[inquiry.pk]), {**data, "escalation-due_date": closed.date.isoformat()})
    assert response.status_code == 400 and "システム切替で閉庁日です" in response.content.decode()

    due = BusinessCalendar("intranet").add(closed.date, 1)
    console.post(reverse("inquiries:edit", args=[inquiry.pk]), {**data, "escalation-due_date": due.isoformat()})
    inquiry.refresh_from_db()
    assert inquiry.status == S.ESCALATED
    assert Escalation.objects.get(inquiry=inquiry).due_date == due


def test_sections_without_a_reviewer_in_the_centre_cannot_be_asked(console, agent):
    inquiry = make_inquiry(agent)
    form = console.get(reverse("inquiries:edit", args=[inquiry.pk])).context["escalation_form"]
    assert list(form.fields["section"].queryset) == [reviewed_section("intranet")]


def test_the_handling_time_is_corrected_with_a_reason(console, agent):
    inquiry = make_inquiry(agent, status=S.ANSWERED)
    url = reverse("inquiries:edit", args=[inquiry.pk])
    response = console.post(url, {"action": "adjust", "adjustment-minutes": "3", "adjustment-reason": ""})
    assert response.status_code == 400 and "補正の理由を入力してください。" in response.content.decode()
    console.post(url, {"action": "adjust", "adjustment-minutes": "3", "adjustment-reason": "通話後に記録したため"})
    inquiry.refresh_from_db()
    assert inquiry.adjustments.get().reason == "通話後に記録したため"
    assert "通話後に記録したため" in console.get(url).content.decode()


def test_reassigning_offers_only_the_centres_agents(console, agent, role_user):
    colleague = role_user(HELPDESK, "intranet")
    outsider = role_user(HELPDESK, "education")
    inquiry = make_inquiry(agent)
    form = console.get(reverse("inquiries:edit", args=[inquiry.pk])).context["form"]
    assert colleague in form.fields["assignee"].queryset and outsider not in form.fields["assignee"].queryset
    console.post(reverse("inquiries:edit", args=[inquiry.pk]), {"channel": "phone", "question": inquiry.question, "assignee": colleague.pk})
    inquiry.refresh_from_db()
    assert inquiry.assignee == colleague and inquiry.status == S.IN_PROGRESS


def test_answer_templates_of_the_centre_are_offered(console):
    AnswerTemplate.objects.create(portal="education", title="教育の定型文", body="教育")
    page = console.get(reverse("inquiries:add")).content.decode()
    assert "折り返しの連絡" in page and "教育の定型文" not in page


def test_suggestions_cover_every_kind_and_are_refused_for_another_centre(console, agent):
    past = make_inquiry(agent, status=S.CLOSED, question="寒冷地手当の認定について。電話090-1234-5678", answer="寒冷地手当の届を出すよう案内した。")
    results = console.get(reverse("inquiries:suggestions"), {"q": "寒冷地手当の認定", "portal": "intranet"}).json()["results"]
    mine = next(result for result in results if result["key"] == f"inquiry:{past.pk}")
    assert "090" not in mine["title"] + mine["answer"] and mine["answer"] == "寒冷地手当の届を出すよう案内した。"
    assert len([result for result in results if result["type"] == "inquiry"]) <= 2
    excluded = console.get(reverse("inquiries:suggestions"), {"q": "寒冷地手当の認定", "portal": "intranet", "exclude": past.pk}).json()
    assert f"inquiry:{past.pk}" not in [result["key"] for result in excluded["results"]]
    assert console.get(reverse("inquiries:suggestions"), {"q": "扶養手当", "portal": "education"}).status_code == 403


def queue_rows(console, queue):
    return console.get(reverse("inquiries:index"), {"queue": queue}).content.decode()


def test_queues_show_what_each_promises_with_the_overdue_highlighted(console, agent, role_user):
    mine = make_inquiry(agent)
    unassigned = make_inquiry(agent, status=S.RECEIVED)
    escalated = make_inquiry(agent, status=S.ESCALATED)
    overdue = make_inquiry(agent, status=S.ESCALATED)
    Escalation.objects.filter(inquiry=overdue).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    theirs = make_inquiry(role_user(HELPDESK, "intranet"))

    assert mine.reference in queue_rows(console, "mine") and theirs.reference not in queue_rows(console, "mine")
    assert unassigned.reference in queue_rows(console, "unassigned") and mine.reference not in queue_rows(console, "unassigned")
    assert theirs.reference in queue_rows(console, "in_progress")
    assert escalated.reference in queue_rows(console, "escalated")
    rows = queue_rows(console, "overdue")
    assert overdue.reference in rows and escalated.reference not in rows
    assert re.search(rf'<tr class="helpdesk-overdue"[^>]*>(?:(?!</tr>).)*{overdue.reference}', rows, re.S)
    assert f'href="{reverse("inquiries:edit", args=[overdue.pk])}"' in rows


def test_exports_are_what_is_listed_masked_and_formula_safe(console, agent):
    make_inquiry(agent, status=S.CLOSED, question="=HYPERLINK(\"http://evil\") 電話は090-1234-5678", answer="@SUM(A1)")
    make_inquiry(agent, "education", S.CLOSED, question="教育の問い合わせ")
    response = console.get(reverse("inquiries:index"), {"export": "csv", "status": "closed"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = next(r for r in rows if "HYPERLINK" in r["問い合わせ内容（マスク済み）"])
    assert row["問い合わせ内容（マスク済み）"].startswith("'=") and "090" not in row["問い合わせ内容（マスク済み）"]
    assert row["回答（マスク済み）"] == "'@SUM(A1)" and row["状態"] == "完了" and row["一次回答"] == "○"
    assert all(r["状態"] == "完了" for r in rows) and not any("教育の問い合わせ" in str(r) for r in rows)

    xlsx = console.get(reverse("inquiries:index"), {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert any(isinstance(value, str) and value.startswith("'=HYPERLINK") for value in cells)


def test_the_assignee_filter_lists_only_the_centres_agents(console, role_user):
    outsider = role_user(HELPDESK, "education")
    html = console.get(reverse("inquiries:index")).content.decode()
    assert outsider.username not in html


VIEWS = ["edit", "inspect", "history", "usage", "delete", "make_faq"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("role", [HELPDESK, ADMINISTRATOR, CENTRE_STAFF])
def test_another_centres_inquiry_is_404_in_every_view(client, role_user, agent, view, role):
    other = make_inquiry(role_user(HELPDESK, "education"), "education", S.CLOSED, question="教育センターの秘密")
    client.force_login(role_user(role, "intranet"))
    response = client.get(reverse(f"inquiries:{view}", args=[other.pk]), HTTP_HOST=HOSTS["intranet"])
    assert response.status_code == 404 and "教育センターの秘密" not in response.content.decode()


@pytest.mark.parametrize("url", ["inquiries:index", "inquiries:add", "helpdesk_escalations"])
def test_employees_never_reach_the_helpdesk_admin(client, role_user, url):
    client.force_login(role_user(READER, "intranet"))
    response = client.get(reverse(url), HTTP_HOST=HOSTS["intranet"])
    assert response.status_code in (302, 403)
    assert client.get(reverse("inquiries:suggestions"), {"q": "通勤手当", "portal": "intranet"}, HTTP_HOST=HOSTS["intranet"]).status_code in (302, 403)


def test_centre_staff_read_inquiries_but_do_not_work_on_them(client, role_user, agent):
    inquiry = make_inquiry(agent)
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    client.defaults["HTTP_HOST"] = HOSTS["intranet"]
    assert client.get(reverse("inquiries:inspect", args=[inquiry.pk])).status_code == 200
    for url in (reverse("inquiries:edit", args=[inquiry.pk]), reverse("inquiries:add")):
        refused = client.get(url)  # Wagtail answers a refused admin view with a redirect and a message
        assert refused.status_code == 302 and not refused["Location"].startswith(url)
    assert inquiry.reference in client.get(reverse("inquiries:index")).content.decode()


def test_section_reviewers_do_not_see_the_inquiry_log(client, role_user, agent):
    make_inquiry(agent)
    client.force_login(role_user(SECTION_REVIEWER, "intranet"))
    assert client.get(reverse("inquiries:index"), HTTP_HOST=HOSTS["intranet"]).status_code in (302, 403)


def test_the_inspect_view_shows_the_recorded_history(console, agent):
    inquiry = make_inquiry(agent, status=S.CLOSED)
    page = console.get(reverse("inquiries:inspect", args=[inquiry.pk])).content.decode()
    assert 'data-testid="inquiry-transitions"' in page and page.count("<tr>") >= 5


def test_suggestions_keep_the_best_of_each_kind_and_few_past_answers():
    from helpdesk.suggestions import diverse

    rows = [{"type": "inquiry", "title": f"過去{i}"} for i in range(6)] + [{"type": "faq", "title": "FAQ"}, {"type": "manual", "title": "マニュアル"}]
    rows.insert(1, {"type": "inquiry", "title": "過去0"})
    chosen = diverse(rows, 4)
    assert [row["title"] for row in chosen] == ["過去0", "過去1", "FAQ", "マニュアル"]


@pytest.mark.parametrize("model", [AnswerTemplate, HelpdeskPolicy])
def test_another_centres_answer_templates_and_settings_are_404(portal_client, role_user, model):
    other = model.objects.filter(portal="education").first()
    client = portal_client("intranet", role_user(ADMINISTRATOR, "intranet"))
    base = f"/admin/snippets/helpdesk/{model._meta.model_name}/"
    assert str(other.pk) not in re.findall(r"/edit/(\d+)/", client.get(base).content.decode())
    for view in ("edit", "delete", "history"):
        assert client.get(f"{base}{view}/{other.pk}/").status_code == 404
    own = model.objects.get(pk=model.objects.filter(portal="intranet").first().pk)
    assert client.get(f"{base}edit/{own.pk}/").status_code == 200


def test_only_administrators_change_the_helpdesk_settings_and_employees_neither(portal_client, role_user):
    policy = HelpdeskPolicy.objects.get(portal="intranet")
    for role in (HELPDESK, READER):
        response = portal_client("intranet", role_user(role, "intranet")).get(f"/admin/snippets/helpdesk/helpdeskpolicy/edit/{policy.pk}/")
        assert response.status_code in (302, 403, 404)
    assert portal_client("intranet", role_user(READER, "intranet")).get("/admin/snippets/helpdesk/answertemplate/").status_code in (302, 403)


def test_suggestions_without_a_centre_are_explained(console):
    response = console.get(reverse("inquiries:suggestions"), {"q": "通勤手当"})
    assert response.status_code == 400 and "portal" in response.json()["detail"]
