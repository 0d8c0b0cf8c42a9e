"""Escalation to the owning section (issue 10): business-day due dates, the reviewers' inbox (their own section and
portal only), replies, notifications and the overdue reminder."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from helpdesk.forms import EscalationForm
from helpdesk.models import Escalation, Inquiry
from portal.models import ClosureDay, Section
from portal.roles import CENTRE_STAFF, HELPDESK, READER, SECTION_REVIEWER
from tests.conftest import HOSTS

from .helpdesk_factories import make_inquiry, reviewed_section
from .test_inquiry_form import portal_user

pytestmark = pytest.mark.django_db

S = Inquiry.Status
D = datetime.date


@pytest.fixture
def agent(role_user):
    return portal_user(role_user, HELPDESK, "intranet", email="agent@example.jp")


def reviewer_of(role_user, section, portal_key):
    reviewer = portal_user(role_user, SECTION_REVIEWER, portal_key, email=f"{portal_key}-{section.slug}@example.jp")
    section.reviewers.add(reviewer)
    return reviewer


def default_due(monkeypatch, today, portal_key="intranet"):
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    return EscalationForm(portal_key=portal_key, prefix="e").default_due_date()


@pytest.mark.parametrize(
    "today, due",
    [
        (D(2026, 4, 28), D(2026, 5, 7)),  # Golden Week: 4/29, 5/3–5/6 (5/6 振替休日) are skipped
        (D(2026, 12, 25), D(2027, 1, 5)),  # 12/28, then the year-end closure 12/29–1/3, then 1/4 and 1/5
        (D(2026, 9, 18), D(2026, 9, 28)),  # 敬老の日, 国民の休日 and 秋分の日 in one week
    ],
)
def test_the_default_due_date_is_three_business_days_later(monkeypatch, today, due):
    assert default_due(monkeypatch, today) == due


def test_a_closure_day_of_the_centre_moves_the_due_date_of_that_centre_only(monkeypatch):
    ClosureDay.objects.create(date=D(2026, 7, 8), name="システム切替", portal="intranet")
    assert default_due(monkeypatch, D(2026, 7, 6)) == D(2026, 7, 10)
    assert default_due(monkeypatch, D(2026, 7, 6), "education") == D(2026, 7, 9)


def test_the_centres_policy_sets_the_number_of_days(monkeypatch):
    from helpdesk.models import HelpdeskPolicy

    HelpdeskPolicy.objects.update_or_create(portal="intranet", defaults={"escalation_business_days": 5})
    assert default_due(monkeypatch, D(2026, 7, 6)) == D(2026, 7, 13)


def test_escalating_mails_the_sections_reviewers_of_that_centre(agent, role_user, django_capture_on_commit_callbacks):
    section = reviewed_section("intranet")
    reviewer = reviewer_of(role_user, section, "intranet")
    elsewhere = reviewer_of(role_user, section, "education")
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = make_inquiry(agent, status=S.ESCALATED, question="山田です。090-1234-5678")
    sent = [message for message in mail.outbox if inquiry.reference in message.subject]
    assert len(sent) == 1
    assert reviewer.email in sent[0].to and elsewhere.email not in sent[0].to
    assert "090" not in sent[0].body and "山田" not in sent[0].body
    assert reverse("helpdesk_escalation", args=[inquiry.escalations.get().pk]) in sent[0].body


def test_the_inbox_holds_only_the_escalations_to_the_reviewers_section_in_their_portal(client, agent, role_user):
    kyuyo, jinji = Section.objects.get(slug="kyuyo"), Section.objects.get(slug="jinji")
    reviewer = reviewer_of(role_user, kyuyo, "intranet")
    reviewer_of(role_user, jinji, "intranet")
    education_agent = role_user(HELPDESK, "education")
    reviewer_of(role_user, kyuyo, "education")
    mine = make_inquiry(agent, status=S.ESCALATED, section=kyuyo)
    other_section = make_inquiry(agent, status=S.ESCALATED, section=jinji)
    other_portal = make_inquiry(education_agent, "education", S.ESCALATED, section=kyuyo)

    client.force_login(reviewer)
    client.defaults["HTTP_HOST"] = HOSTS["intranet"]
    page = client.get(reverse("helpdesk_escalations")).content.decode()
    assert mine.reference in page
    assert other_section.reference not in page and other_portal.reference not in page
    for hidden in (other_section, other_portal):
        assert client.get(reverse("helpdesk_escalation", args=[hidden.escalations.get().pk])).status_code == 404


def test_the_reviewer_sees_the_question_masked_and_replies(client, agent, role_user, django_capture_on_commit_callbacks):
    section = reviewed_section("intranet")
    reviewer = reviewer_of(role_user, section, "intranet")
    inquiry = make_inquiry(agent, status=S.ESCALATED, question="山田です。電話は090-1234-5678。退職時の通勤手当は？")
    escalation = inquiry.escalations.get()
    client.force_login(reviewer)
    client.defaults["HTTP_HOST"] = HOSTS["intranet"]
    url = reverse("helpdesk_escalation", args=[escalation.pk])
    page = client.get(url).content.decode()
    assert "退職時の通勤手当" in page and "090-1234-5678" not in page

    assert "回答を入力してください。" in client.post(url, {"reply": ""}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reply": "退職日までの日割りで返納です。"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    escalation.refresh_from_db()
    assert inquiry.status == S.SECTION_ANSWERED and escalation.replied_by == reviewer
    assert any(agent.email in message.to and inquiry.reference in message.subject for message in mail.outbox)
    assert "退職日までの日割り" in client.get(url).content.decode()


def test_the_agent_sees_the_reply_sends_the_reanswer_and_closes(client, agent):
    inquiry = make_inquiry(agent, status=S.SECTION_ANSWERED)
    client.force_login(agent)
    client.defaults["HTTP_HOST"] = HOSTS["intranet"]
    url = reverse("inquiries:edit", args=[inquiry.pk])
    page = client.get(url).content.decode()
    assert "所管課の回答です。" in page and 'value="reanswer_close"' in page
    client.post(url, {"channel": "phone", "question": inquiry.question, "answer": "所管課の回答を伝えた。", "action": "reanswer_close"})
    inquiry.refresh_from_db()
    assert inquiry.status == S.CLOSED and not inquiry.completed_in_centre and not inquiry.answered_first_tier


@pytest.mark.parametrize("role", [HELPDESK, CENTRE_STAFF, READER])
def test_nobody_but_the_sections_reviewers_opens_an_escalation(client, agent, role_user, role):
    inquiry = make_inquiry(agent, status=S.ESCALATED)
    client.force_login(role_user(role, "intranet"))
    response = client.get(reverse("helpdesk_escalation", args=[inquiry.escalations.get().pk]), HTTP_HOST=HOSTS["intranet"])
    assert response.status_code in (302, 403, 404)


def test_the_reminder_mails_overdue_escalations_once_to_reviewers_and_agents(agent, role_user):
    section = reviewed_section("intranet")
    reviewer = reviewer_of(role_user, section, "intranet")
    overdue = make_inquiry(agent, status=S.ESCALATED)
    Escalation.objects.filter(inquiry=overdue).update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    waiting = make_inquiry(agent, status=S.ESCALATED)
    mail.outbox.clear()

    call_command("remind_escalations", "--dry-run", stdout=(dry := io.StringIO()))
    assert overdue.reference in dry.getvalue() and not mail.outbox

    call_command("remind_escalations", "--portal", "intranet", stdout=io.StringIO())
    to_reviewer = [m for m in mail.outbox if reviewer.email in m.to]
    to_agent = [m for m in mail.outbox if agent.email in m.to]
    assert len(to_reviewer) == 1 and len(to_agent) == 1
    assert overdue.reference in to_reviewer[0].body and waiting.reference not in to_reviewer[0].body
    assert Escalation.objects.get(inquiry=overdue).reminded_at is not None
