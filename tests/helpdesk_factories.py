"""Inquiries in a given state, made through the state machine as an agent would, and the agent fixture, for the
helpdesk tests."""

import datetime

import pytest
from django.utils import timezone

from helpdesk import states
from helpdesk.models import Inquiry
from portal.models import Section
from portal.roles import HELPDESK

S = Inquiry.Status


@pytest.fixture
def agent(role_user):
    """A helpdesk agent of 総務事務センター."""
    return role_user(HELPDESK, "intranet")


def reviewed_section(portal_key):
    """The demo section whose reviewer works for `portal_key` (給与課 / 教職員課)."""
    return Section.objects.get(slug="kyuyo" if portal_key == "intranet" else "kyoshokuin-ka")


def make_inquiry(agent, portal_key="intranet", status=S.IN_PROGRESS, question="通勤手当の届出はいつまでですか", **fields):
    section = fields.pop("section", None) or reviewed_section(portal_key)
    inquiry = Inquiry(portal=portal_key, channel=fields.pop("channel", "phone"), question=question, **fields)
    states.receive(inquiry, agent, take=status != S.RECEIVED)
    if status in (S.ANSWERED, S.CLOSED):
        inquiry.answer = inquiry.answer or "転居の日から15日以内に届け出てください。"
        states.transition(inquiry, S.ANSWERED, agent)
    if status == S.CLOSED:
        states.transition(inquiry, S.CLOSED, agent)
    if status in (S.ESCALATED, S.SECTION_ANSWERED):
        states.escalate(
            inquiry,
            section=section,
            question="取扱いを確認したい",
            due_date=timezone.localdate() + datetime.timedelta(days=7),
            user=agent,
        )
    if status == S.SECTION_ANSWERED:
        states.reply(inquiry.escalations.get(), text="所管課の回答です。", user=agent)
        inquiry.refresh_from_db()
    return inquiry
