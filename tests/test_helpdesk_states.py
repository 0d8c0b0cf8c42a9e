"""The inquiry record (issue 10): 受付番号, the enforced state machine with its recorded changes, and the fields
derived from them (回答日時, 対応時間, 一次回答, 完答)."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from helpdesk import states
from helpdesk.models import Inquiry, InquiryTransition
from helpdesk.states import Recorded, TransitionRefused, derived_fields
from portal.models import Section
from portal.roles import HELPDESK

pytestmark = pytest.mark.django_db

S = Inquiry.Status
JST = ZoneInfo("Asia/Tokyo")
# How to bring a new inquiry (対応中) to each state, through the state machine.
PATHS = {
    S.RECEIVED: [],
    S.IN_PROGRESS: ["take"],
    S.ANSWERED: ["take", S.ANSWERED],
    S.ESCALATED: ["take", "escalate"],
    S.SECTION_ANSWERED: ["take", "escalate", "reply"],
    S.REANSWERED: ["take", "escalate", "reply", S.REANSWERED],
    S.CLOSED: ["take", S.ANSWERED, S.CLOSED],
}
ALLOWED = {
    (S.RECEIVED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.ANSWERED),
    (S.ANSWERED, S.CLOSED),
    (S.IN_PROGRESS, S.ESCALATED),
    (S.ESCALATED, S.SECTION_ANSWERED),
    (S.SECTION_ANSWERED, S.ESCALATED),
    (S.SECTION_ANSWERED, S.REANSWERED),
    (S.REANSWERED, S.CLOSED),
    (S.ANSWERED, S.IN_PROGRESS),
    (S.REANSWERED, S.IN_PROGRESS),
    (S.CLOSED, S.IN_PROGRESS),
}


@pytest.fixture
def agent(role_user):
    return role_user(HELPDESK, "intranet")


def log_entries(inquiry):
    return ModelLogEntry.objects.for_instance(inquiry)


def new_inquiry(agent, **fields):
    inquiry = Inquiry(portal="intranet", channel="phone", question="通勤手当の届出はいつまでですか", **fields)
    return states.receive(inquiry, agent, take=False)


def walk(inquiry, steps, agent):
    for step in steps:
        if step == "take":
            states.transition(inquiry, S.IN_PROGRESS, agent)
        elif step == "escalate":
            states.escalate(
                inquiry, section=Section.objects.get(slug="kyuyo"), question="期限の確認", due_date=datetime.date(2026, 1, 9), user=agent
            )
        elif step == "reply":
            states.reply(inquiry.escalations.latest("asked_at"), text="15日以内です。", user=agent)
            inquiry.refresh_from_db()
        else:
            inquiry.answer = inquiry.answer or "転居から15日以内です。"
            states.transition(inquiry, step, agent)
    return inquiry


def move(inquiry, target, agent):
    if target == S.ESCALATED:
        walk(inquiry, ["escalate"], agent)
    elif target == S.SECTION_ANSWERED:
        walk(inquiry, ["reply"], agent)
    else:
        walk(inquiry, [target], agent)


@pytest.mark.parametrize("source, target", sorted(ALLOWED))
def test_every_allowed_change_is_made_and_recorded(agent, source, target):
    inquiry = walk(new_inquiry(agent), PATHS[source], agent)
    assert inquiry.status == source
    before = inquiry.transitions.count()

    move(inquiry, target, agent)

    inquiry.refresh_from_db()
    assert inquiry.status == target
    last = inquiry.transitions.last()
    assert (last.from_status, last.to_status, last.user) == (source, target, agent)
    assert inquiry.transitions.count() == before + 1
    entry = log_entries(inquiry).filter(action="helpdesk.transition").latest("timestamp")
    assert entry.data == {"from": source, "to": target} and entry.label == inquiry.reference


REFUSED = sorted(
    (source, target) for source, target in itertools.product(S.values, S.values) if (source, target) not in ALLOWED
)


@pytest.mark.parametrize("source, target", REFUSED)
def test_every_other_change_is_refused_in_japanese_and_nothing_is_recorded(agent, source, target):
    inquiry = walk(new_inquiry(agent), PATHS[source], agent)
    before = inquiry.transitions.count()

    with pytest.raises(TransitionRefused) as refused:
        states.transition(inquiry, target, agent)

    assert f"「{S(source).label}」の問い合わせを「{S(target).label}」にはできません" in refused.value.message
    inquiry.refresh_from_db()
    assert inquiry.status == source and inquiry.transitions.count() == before


def test_escalation_states_are_reached_only_through_an_escalation_and_its_reply(agent):
    inquiry = walk(new_inquiry(agent), ["take"], agent)
    with pytest.raises(TransitionRefused, match="照会先・照会内容・回答期限"):
        states.transition(inquiry, S.ESCALATED, agent)
    walk(inquiry, ["escalate"], agent)
    with pytest.raises(TransitionRefused, match="所管課が照会に回答したとき"):
        states.transition(inquiry, S.SECTION_ANSWERED, agent)
    walk(inquiry, ["reply"], agent)
    with pytest.raises(TransitionRefused, match="既に回答済み"):
        states.reply(inquiry.escalations.get(), text="二度目", user=agent)


def test_an_answer_is_needed_before_answering(agent):
    inquiry = walk(new_inquiry(agent), ["take"], agent)
    with pytest.raises(TransitionRefused, match="回答を入力してください"):
        states.transition(inquiry, S.ANSWERED, agent)


def test_status_cannot_be_saved_past_the_state_machine(agent):
    inquiry = new_inquiry(agent)
    inquiry.status = S.CLOSED
    with pytest.raises(ValidationError, match="状態は対応画面の操作"):
        inquiry.save()
    with pytest.raises(ValidationError, match="「受付」から始まります"):
        Inquiry(portal="intranet", question="x", status=S.ANSWERED).save()


def test_two_agents_cannot_both_move_the_state_they_saw(agent, role_user):
    mine = walk(new_inquiry(agent), ["take"], agent)
    theirs = Inquiry.objects.get(pk=mine.pk)
    mine.answer = theirs.answer = "回答"
    states.transition(mine, S.ANSWERED, agent)
    with pytest.raises(TransitionRefused, match="他の人が「回答済」に変更しました"):
        states.transition(theirs, S.ANSWERED, role_user(HELPDESK, "intranet"))


def test_taking_an_inquiry_makes_the_agent_its_assignee_and_reassignment_is_logged(agent, role_user):
    inquiry = walk(new_inquiry(agent), ["take"], agent)
    assert inquiry.assignee == agent
    colleague = role_user(HELPDESK, "intranet")
    states.assign(inquiry, colleague, agent)
    inquiry.refresh_from_db()
    assert inquiry.assignee == colleague
    assert log_entries(inquiry).filter(action="helpdesk.assign").exists()


def at(hour, minute=0, second=0, day=5):
    return datetime.datetime(2026, 1, day, hour, minute, second, tzinfo=JST)


def derive(channel="phone", status=S.CLOSED, changes=(), adjustment=0, received=None):
    return derived_fields(
        channel=channel,
        received_at=received or at(9),
        status=status,
        transitions=[Recorded(S.RECEIVED, received or at(9), 1), *changes],
        adjustment_minutes=adjustment,
    )


def test_a_call_answered_by_the_agent_who_took_it_is_first_tier_and_completed_in_the_centre():
    fields = derive(changes=[Recorded(S.IN_PROGRESS, at(9), 1), Recorded(S.ANSWERED, at(9, 6, 10), 1), Recorded(S.CLOSED, at(9, 8), 1)])
    assert fields == {
        "answered_at": at(9, 6, 10),
        "closed_at": at(9, 8),
        "handling_minutes": 7,  # 6 min 10 s: the seventh minute had started
        "answered_first_tier": True,
        "completed_in_centre": True,
    }


def test_an_email_is_timed_from_when_an_agent_took_it_up_not_from_its_arrival():
    fields = derive(
        channel="email",
        status=S.ANSWERED,
        changes=[Recorded(S.IN_PROGRESS, at(13), 1), Recorded(S.ANSWERED, at(13, 5), 1)],
    )
    assert fields["handling_minutes"] == 5 and fields["closed_at"] is None and not fields["completed_in_centre"]


def test_a_hand_over_is_not_a_first_tier_answer_but_still_completed_in_the_centre():
    fields = derive(changes=[Recorded(S.IN_PROGRESS, at(9), 1), Recorded(S.ANSWERED, at(9, 30), 2), Recorded(S.CLOSED, at(9, 31), 2)])
    assert not fields["answered_first_tier"] and fields["completed_in_centre"]


def test_an_escalated_inquiry_is_answered_by_its_reanswer_timed_to_its_escalation_and_never_completed_in_the_centre():
    fields = derive(
        changes=[
            Recorded(S.IN_PROGRESS, at(9), 1),
            Recorded(S.ESCALATED, at(9, 5), 1),
            Recorded(S.SECTION_ANSWERED, at(10, day=6), 7),
            Recorded(S.REANSWERED, at(11, day=6), 1),
            Recorded(S.CLOSED, at(11, 1, day=6), 1),
        ]
    )
    assert fields["answered_at"] == at(11, day=6)
    assert fields["handling_minutes"] == 5  # the first contact ended when the agent asked the section
    assert not fields["answered_first_tier"] and not fields["completed_in_centre"]


def test_a_reopened_inquiry_keeps_its_first_answer_and_is_complete_only_when_closed_again():
    changes = [
        Recorded(S.IN_PROGRESS, at(9), 1),
        Recorded(S.ANSWERED, at(9, 4), 1),
        Recorded(S.CLOSED, at(9, 5), 1),
        Recorded(S.IN_PROGRESS, at(14), 1),
    ]
    reopened = derive(status=S.IN_PROGRESS, changes=changes)
    assert reopened["answered_at"] == at(9, 4) and reopened["answered_first_tier"]
    assert reopened["closed_at"] is None and not reopened["completed_in_centre"]
    closed = derive(changes=changes + [Recorded(S.ANSWERED, at(14, 3), 1), Recorded(S.CLOSED, at(14, 9), 1)])
    assert closed["closed_at"] == at(14, 9) and closed["completed_in_centre"] and closed["handling_minutes"] == 4


def test_adjustments_correct_the_handling_time_but_never_below_zero():
    changes = [Recorded(S.IN_PROGRESS, at(9), 1), Recorded(S.ANSWERED, at(9, 20), 1)]
    assert derive(status=S.ANSWERED, changes=changes, adjustment=-12)["handling_minutes"] == 8
    assert derive(status=S.ANSWERED, changes=changes, adjustment=-60)["handling_minutes"] == 0
    assert derive(status=S.IN_PROGRESS, changes=changes[:1], adjustment=5)["handling_minutes"] is None


def test_a_recorded_adjustment_with_its_reason_changes_the_stored_handling_time(agent):
    inquiry = walk(new_inquiry(agent), ["take", S.ANSWERED], agent)
    minutes = inquiry.handling_minutes
    with pytest.raises(ValidationError, match="理由"):
        states.adjust(inquiry, minutes=5, reason=" ", user=agent)
    states.adjust(inquiry, minutes=5, reason="通話後の記録を後から入力したため", user=agent)
    inquiry.refresh_from_db()
    assert inquiry.handling_minutes == minutes + 5
    assert inquiry.adjustments.get().reason == "通話後の記録を後から入力したため"


def test_the_stored_fields_follow_the_recorded_changes(agent):
    inquiry = walk(new_inquiry(agent), PATHS[S.CLOSED], agent)
    answered = inquiry.transitions.get(to_status=S.ANSWERED)
    assert inquiry.answered_at == answered.at
    assert inquiry.closed_at == inquiry.transitions.get(to_status=S.CLOSED).at
    assert inquiry.answered_first_tier and inquiry.completed_in_centre
    assert list(inquiry.transitions.values_list("from_status", "to_status")) == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.ANSWERED),
        (S.ANSWERED, S.CLOSED),
    ]


def test_reference_numbers_run_per_centre_and_fiscal_year(agent, role_user):
    education_agent = role_user(HELPDESK, "education")
    march = states.receive(Inquiry(portal="intranet", question="a", received_at=at(23, 59, day=31).replace(month=3)), agent)
    april = states.receive(Inquiry(portal="intranet", question="b", received_at=at(0, 0, day=1).replace(month=4)), agent)
    april2 = states.receive(Inquiry(portal="intranet", question="c", received_at=at(9, day=2).replace(month=4)), agent)
    school = states.receive(Inquiry(portal="education", question="d", received_at=at(9, day=2).replace(month=4)), education_agent)
    assert march.reference.startswith("総-2025-")
    assert april.reference.startswith("総-2026-") and school.reference.startswith("教-2026-")
    assert int(april2.reference[-5:]) == int(april.reference[-5:]) + 1
    assert len(april.reference) == len("総-2026-00123")


def test_the_label_of_an_inquiry_everywhere_is_its_reference_without_personal_data(agent):
    inquiry = new_inquiry(agent, requester_name="山田太郎")
    inquiry.question = "山田です。電話は090-1234-5678"
    inquiry.save()
    assert str(inquiry) == inquiry.reference
    labels = set(log_entries(inquiry).values_list("label", flat=True))
    assert labels == {inquiry.reference}
    assert InquiryTransition.objects.filter(inquiry=inquiry).count() == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_migration_numbers_old_inquiries_gives_them_a_history_and_scrubs_their_log_labels():
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    old = [("helpdesk", "0002_portal_inquiry_form")]
    executor = MigrationExecutor(connection)
    executor.migrate(old)
    OldInquiry = executor.loader.project_state(old).apps.get_model("helpdesk", "Inquiry")
    section = Section.objects.get(slug="kyuyo")
    received = datetime.datetime(2026, 3, 31, 10, tzinfo=JST)
    portal_form = OldInquiry.objects.create(portal="intranet", channel="form", status="new", question="旧フォーム", received_at=received)
    answered = OldInquiry.objects.create(
        portal="intranet",
        status="closed",
        question="山田です。090-1234-5678",
        answer="回答",
        received_at=received + datetime.timedelta(days=1),
        answered_at=received + datetime.timedelta(days=1, minutes=4),
        handling_minutes=4,
        answered_first_tier=True,
    )
    escalated = OldInquiry.objects.create(
        portal="education", status="escalated", question="照会中", escalated_to_id=section.pk, received_at=received
    )
    content_type = ContentType.objects.get(app_label="helpdesk", model="inquiry")
    for pk, label in [(answered.pk, "2026-04-01 10:00 電話 山田です。090-1234-5678"), (999999, "削除済み 鈴木 045-123-4567")]:
        ModelLogEntry.objects.create(content_type=content_type, object_id=str(pk), label=label, action="wagtail.edit", data={}, timestamp=received)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    portal_form, answered, escalated = (Inquiry.objects.get(pk=row.pk) for row in (portal_form, answered, escalated))
    assert (portal_form.reference, portal_form.channel, portal_form.status) == ("総-2025-00001", "portal", S.RECEIVED)
    assert answered.reference == "総-2026-00001" and escalated.reference == "教-2025-00001"
    assert (answered.handling_minutes, answered.answered_first_tier, answered.completed_in_centre) == (4, True, True)
    assert list(answered.transitions.values_list("to_status", flat=True)) == [S.RECEIVED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED]
    assert escalated.status == S.ESCALATED and escalated.escalations.get().section == section
    labels = set(ModelLogEntry.objects.filter(content_type=content_type).values_list("label", flat=True))
    assert "総-2026-00001" in labels and "問い合わせ（削除済み）" in labels
    assert not any("090" in label or "045" in label for label in labels)
    assert states.receive(Inquiry(portal="intranet", question="次", received_at=received), None).reference == "総-2025-00002"
