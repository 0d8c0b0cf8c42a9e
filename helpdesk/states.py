"""The inquiry's state machine: the only code that changes an inquiry's status.

受付 → 対応中 → 回答済 → 完了, and 対応中 → エスカレーション中 → 所管課回答済 → 再回答 → 完了, with 再開 back to 対応中.
Every change is an InquiryTransition (who, when, from, to, note) and an audit-log entry labelled with the 受付番号;
a move the table below does not allow is refused with a Japanese message, whichever path asked for it (console,
admin, API, the section's reply). 回答日時, 対応時間, 一次回答 and 完答 are then derived from the recorded changes
(`derived_fields`), so nobody types them and the reports can trust them.
"""

import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from . import notifications
from .models import Escalation, Inquiry, InquiryAdjustment, InquiryTransition

S = Inquiry.Status


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    label: str


MOVES = [
    Move(S.RECEIVED, S.IN_PROGRESS, "対応開始"),
    Move(S.IN_PROGRESS, S.ANSWERED, "回答"),
    Move(S.ANSWERED, S.CLOSED, "完了"),
    Move(S.IN_PROGRESS, S.ESCALATED, "所管課へ照会"),
    Move(S.ESCALATED, S.SECTION_ANSWERED, "所管課が回答"),
    Move(S.SECTION_ANSWERED, S.ESCALATED, "所管課へ再照会"),
    Move(S.SECTION_ANSWERED, S.REANSWERED, "再回答"),
    Move(S.REANSWERED, S.CLOSED, "完了"),
    Move(S.ANSWERED, S.IN_PROGRESS, "再開"),
    Move(S.REANSWERED, S.IN_PROGRESS, "再開"),
    Move(S.CLOSED, S.IN_PROGRESS, "再開"),
]
MOVES_BY_STATES = {(move.source, move.target): move for move in MOVES}
# Entering these states creates or answers an Escalation, so only escalate() and reply() make these moves.
ESCALATION_STATES = {S.ESCALATED, S.SECTION_ANSWERED}
# Entering these states tells the requester the answer, so the inquiry must hold one.
ANSWER_STATES = {S.ANSWERED, S.REANSWERED}


class TransitionRefused(ValidationError):
    """An illegal or impossible status change; its message is shown to the user as it is."""


def label(status):
    return S(status).label


def moves_from(status):
    """The moves an inquiry in `status` may make, in table order."""
    return [move for move in MOVES if move.source == status]


def _refusal(current, target):
    onward = "・".join(f"「{label(move.target)}」" for move in moves_from(current)) or "なし"
    return TransitionRefused(
        f"「{label(current)}」の問い合わせを「{label(target)}」にはできません（「{label(current)}」から進める状態：{onward}）。"
    )


def check(inquiry, target, *, via_escalation=False):
    """Raise TransitionRefused unless `inquiry` may move to `target` now."""
    if target not in S.values:
        raise TransitionRefused(f"状態「{target}」はありません。")
    if (inquiry.status, target) not in MOVES_BY_STATES:
        raise _refusal(inquiry.status, target)
    if target in ESCALATION_STATES and not via_escalation:
        if target == S.ESCALATED:
            raise TransitionRefused("所管課への照会は、照会先・照会内容・回答期限を入力して行ってください。")
        raise TransitionRefused("「所管課回答済」には、所管課が照会に回答したときにだけなります。")
    if target in ANSWER_STATES and not inquiry.answer.strip():
        raise TransitionRefused(f"「{label(target)}」にする前に回答を入力してください。")


def _start(inquiry, user, at):
    """Save a new inquiry (it gets its 受付番号) with its first record, 受付 at the time of receipt."""
    inquiry.status = S.RECEIVED
    inquiry.save()
    InquiryTransition.objects.create(inquiry=inquiry, from_status="", to_status=S.RECEIVED, user=user, at=at)
    log(inquiry, "wagtail.create", user=user)


def receive(inquiry, user, *, take=True, note=""):
    """Record a new inquiry as 受付 (its receipt at `received_at`) and, when an agent is handling it now (a call,
    a visit, an e-mail being answered), take it up at once: 対応中, with them as 対応者."""
    with transaction.atomic():
        _start(inquiry, user, inquiry.received_at)
        if take:
            _move(inquiry, S.IN_PROGRESS, user, note)
    return inquiry


def transition(inquiry, target, user, note="", *, via_escalation=False):
    """Move `inquiry` (with whatever else was changed on it, e.g. the answer) to `target` and record it; raises
    TransitionRefused. The status is read again inside the transaction, so two agents acting on the same inquiry
    cannot both move it from the state they saw."""
    with transaction.atomic():
        _move(inquiry, target, user, note, via_escalation=via_escalation)
    return inquiry


def _move(inquiry, target, user, note, *, via_escalation=False):
    stored = Inquiry.objects.filter(pk=inquiry.pk).values_list("status", flat=True).first()
    if stored != getattr(inquiry, "_saved_status", None):
        raise TransitionRefused(
            f"この問い合わせは他の人が「{label(stored)}」に変更しました。画面を読み込み直してから操作してください。"
        )
    check(inquiry, target, via_escalation=via_escalation)
    source = inquiry.status
    now = timezone.now()
    InquiryTransition.objects.create(inquiry=inquiry, from_status=source, to_status=target, user=user, at=now, note=note)
    inquiry.status = target
    inquiry._status_change = True
    if target == S.IN_PROGRESS and inquiry.assignee_id is None and user is not None:
        inquiry.assignee = user
    _store_derived(inquiry)
    inquiry.save()
    log(inquiry, "helpdesk.transition", user=user, data={"from": source, "to": target})
    if target in ANSWER_STATES:
        notifications.answer_sent(inquiry)


def escalate(inquiry, *, section, question, due_date, user):
    """Ask `section` about `inquiry` (対応中 or 所管課回答済 → エスカレーション中); returns the Escalation."""
    with transaction.atomic():
        check(inquiry, S.ESCALATED, via_escalation=True)
        escalation = Escalation.objects.create(
            inquiry=inquiry, section=section, question=question, due_date=due_date, asked_by=user
        )
        _move(inquiry, S.ESCALATED, user, f"照会先：{section}（回答期限 {due_date:%Y-%m-%d}）", via_escalation=True)
        notifications.escalation_asked(escalation)
    return escalation


def reply(escalation, *, text, user):
    """The section's reply to `escalation` (エスカレーション中 → 所管課回答済)."""
    with transaction.atomic():
        inquiry = Inquiry.objects.get(pk=escalation.inquiry_id)
        if escalation.replied_at is not None:
            raise TransitionRefused("この照会には既に回答済みです。")
        check(inquiry, S.SECTION_ANSWERED, via_escalation=True)
        escalation.reply, escalation.replied_by, escalation.replied_at = text, user, timezone.now()
        escalation.save(update_fields=["reply", "replied_by", "replied_at"])
        _move(inquiry, S.SECTION_ANSWERED, user, f"{escalation.section}が回答", via_escalation=True)
        notifications.escalation_replied(escalation)
    return inquiry


def adjust(inquiry, *, minutes, reason, user):
    """Correct the handling time by `minutes` with a recorded reason; the timestamps themselves stay."""
    if not reason.strip():
        raise ValidationError("補正の理由を入力してください。")
    with transaction.atomic():
        InquiryAdjustment.objects.create(inquiry=inquiry, minutes=minutes, reason=reason, user=user)
        _store_derived(inquiry)
        inquiry.save(update_fields=["answered_at", "closed_at", "handling_minutes", "answered_first_tier", "completed_in_centre"])
        log(inquiry, "helpdesk.adjust", user=user, data={"minutes": minutes})


def assign(inquiry, assignee, user):
    """Hand the inquiry to another agent (or take it); logged, status unchanged."""
    inquiry.assignee = assignee
    with transaction.atomic():
        inquiry.save(update_fields=["assignee"])
        log(inquiry, "helpdesk.assign", user=user, data={"assignee": assignee.get_username() if assignee else ""})


@dataclass(frozen=True)
class Recorded:
    """One recorded status change, as derived_fields reads it."""

    to_status: str
    at: object
    user_id: int | None


def derived_fields(*, channel, received_at, status, transitions, adjustment_minutes=0):
    """回答日時, 完了日時, 対応時間, 一次回答 and 完答 of an inquiry from its recorded changes (oldest first).

    - 回答日時: the first change into 回答済 or 再回答.
    - 対応時間: the first contact's handling, in minutes (a started minute counts) from its start to the first answer or,
      if the agent had to ask the section first, to that escalation (the days the section takes are not handling
      time), plus the recorded adjustments, never below 0. Handling starts at receipt for phone and counter (the
      caller is there), otherwise when an agent took the inquiry up.
    - 一次回答: the first answer was given as 回答済 (not after a section's reply), with no escalation before it, by
      the agent who took the inquiry up (a hand-over to someone else is not a first-tier answer).
    - 完答: 完了 and never escalated to a section.
    """
    transitions = list(transitions)
    taken = next((t for t in transitions if t.to_status == S.IN_PROGRESS), None)
    first_answer = next(((i, t) for i, t in enumerate(transitions) if t.to_status in ANSWER_STATES), None)
    escalated = any(t.to_status == S.ESCALATED for t in transitions)
    answered_at = first_answer[1].at if first_answer else None
    contact_end = next((t.at for t in transitions if t.to_status in ANSWER_STATES | {S.ESCALATED}), None)
    handling = None
    if contact_end is not None:
        start = received_at if channel in Inquiry.LIVE_CHANNELS or taken is None else taken.at
        handling = max(0, math.ceil(max(0.0, (contact_end - start).total_seconds()) / 60) + adjustment_minutes)
    first_tier = False
    if first_answer is not None:
        index, answer = first_answer
        before = transitions[:index]
        first_tier = (
            answer.to_status == S.ANSWERED
            and not any(t.to_status == S.ESCALATED for t in before)
            and (taken is None or taken.user_id == answer.user_id)
        )
    closed = [t for t in transitions if t.to_status == S.CLOSED]
    return {
        "answered_at": answered_at,
        "closed_at": closed[-1].at if status == S.CLOSED and closed else None,
        "handling_minutes": handling,
        "answered_first_tier": first_tier,
        "completed_in_centre": status == S.CLOSED and not escalated,
    }


def _store_derived(inquiry):
    recorded = [Recorded(*row) for row in inquiry.transitions.order_by("at", "pk").values_list("to_status", "at", "user_id")]
    adjustment = sum(inquiry.adjustments.values_list("minutes", flat=True))
    fields = derived_fields(
        channel=inquiry.channel,
        received_at=inquiry.received_at,
        status=inquiry.status,
        transitions=recorded,
        adjustment_minutes=adjustment,
    )
    for name, value in fields.items():
        setattr(inquiry, name, value)
