"""Inquiries written in bulk with their whole history (demo year, load tests, benchmarks).

`save_histories` is the bulk twin of helpdesk.states: each planned inquiry comes with the status changes it went
through, and gets its 受付番号 and derived fields exactly as the state machine would give them, but in a few
bulk inserts instead of a transaction per change. `generate_inquiries` makes plain answered ones for load tests.
"""

import datetime
import random
from dataclasses import dataclass, field
from itertools import groupby

from django.db import transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backends

from portal.business_days import BusinessCalendar
from portal.dates import fiscal_year
from portal.models import Category, Section

from .models import Escalation, Inquiry, InquiryReference, InquiryTransition, ReferenceCounter
from .states import MOVES_BY_STATES, Recorded, derived_fields

S = Inquiry.Status
BATCH_SIZE = 2000
INDEX_BATCH = 1000


@dataclass
class Change:
    to_status: str
    at: datetime.datetime
    user: object = None
    note: str = ""


@dataclass
class History:
    """An unsaved inquiry, the changes it went through after its receipt (oldest first), and the escalations and
    references that belong to it (unsaved, without their inquiry)."""

    inquiry: Inquiry
    changes: list = field(default_factory=list)
    escalations: list = field(default_factory=list)
    references: list = field(default_factory=list)
    receiver: object = None


def _check_path(history):
    """The changes must be moves the state machine allows, or the bulk path would record what no agent could."""
    status = S.RECEIVED
    for change in history.changes:
        if (status, change.to_status) not in MOVES_BY_STATES:
            raise ValueError(f"{status} → {change.to_status} は許されない状態の変更です。")
        status = change.to_status
    return status


def save_histories(histories, index=True):
    """Insert `histories` (numbered in order of receipt per centre and fiscal year) and, with `index`, add the
    answered ones to the search backends as update_index would; returns the inquiries."""
    histories = sorted(histories, key=lambda h: (h.inquiry.portal, h.inquiry.received_at))
    with transaction.atomic():
        for (portal, year), group in groupby(
            histories, key=lambda h: (h.inquiry.portal, fiscal_year(timezone.localtime(h.inquiry.received_at).date()))
        ):
            group = list(group)
            for history, reference in zip(group, ReferenceCounter.allocate(portal, year, len(group))):
                history.inquiry.reference = reference
        for history in histories:
            inquiry = history.inquiry
            inquiry.status = _check_path(history)
            recorded = [Recorded(S.RECEIVED, inquiry.received_at, getattr(history.receiver, "pk", None))]
            recorded += [Recorded(c.to_status, c.at, getattr(c.user, "pk", None)) for c in history.changes]
            for name, value in derived_fields(
                channel=inquiry.channel, received_at=inquiry.received_at, status=inquiry.status, transitions=recorded
            ).items():
                setattr(inquiry, name, value)
        Inquiry.objects.bulk_create([h.inquiry for h in histories], batch_size=BATCH_SIZE)
        transitions, escalations, references = [], [], []
        for history in histories:
            inquiry, source = history.inquiry, ""
            first = Change(S.RECEIVED, inquiry.received_at, history.receiver)
            for change in [first, *history.changes]:
                transitions.append(
                    InquiryTransition(
                        inquiry=inquiry,
                        from_status=source,
                        to_status=change.to_status,
                        user=change.user,
                        at=change.at,
                        note=change.note,
                    )
                )
                source = change.to_status
            for escalation in history.escalations:
                escalation.inquiry = inquiry
                escalations.append(escalation)
            for reference in history.references:
                reference.inquiry = inquiry
                references.append(reference)
        InquiryTransition.objects.bulk_create(transitions, batch_size=BATCH_SIZE)
        Escalation.objects.bulk_create(escalations, batch_size=BATCH_SIZE)
        InquiryReference.objects.bulk_create(references, batch_size=BATCH_SIZE)
    inquiries = [h.inquiry for h in histories]
    if index:
        searchable = [inquiry for inquiry in inquiries if inquiry.status in Inquiry.SEARCHABLE_STATUSES]
        for backend in get_search_backends(with_auto_update=True):
            for start in range(0, len(searchable), INDEX_BATCH):
                backend.add_bulk(Inquiry, searchable[start : start + INDEX_BATCH])
    return inquiries


TOPICS = [
    ("給与", ["通勤手当", "扶養手当", "住居手当", "給与明細", "源泉徴収票", "期末手当", "時間外勤務手当", "口座振込"]),
    ("人事", ["育児休業", "介護休暇", "人事異動", "退職手続", "旧姓使用", "身分証明書", "研修"]),
    ("福利", ["健康診断", "共済組合", "人間ドック", "弔慰金", "被扶養者認定", "貸付"]),
    ("会計年度任用職員等", ["任用更新", "社会保険", "報酬", "年次休暇", "雇用保険"]),
]
ASKS = ["の手続きを教えてください", "の書類はどこに出しますか", "の期限はいつまでですか", "が反映されていません", "について変更したい"]
ANSWERS = ["庶務事務システムから申請するよう案内した。", "所属の庶務担当者経由で提出するよう案内した。", "期限と必要書類を案内した。"]


def generate_inquiries(count, portal_key, seed=0):
    """Create `count` answered and closed inquiries for one portal, a few of them after a section's reply;
    returns how many were created."""
    rng = random.Random(seed)
    categories = {category.name: category for category in Category.objects.all()}
    section = Section.objects.order_by("sort_order").first()
    calendar = BusinessCalendar(portal_key)
    now = timezone.now()
    histories = []
    for number in range(count):
        category_name, topics = rng.choice(TOPICS)
        topic = rng.choice(topics)
        received = now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 365))
        answered = received + datetime.timedelta(minutes=rng.randint(2, 15))
        inquiry = Inquiry(
            portal=portal_key,
            channel=rng.choice(Inquiry.Channel.values),
            category=categories.get(category_name),
            subcategory=topic,
            question=f"{topic}{rng.choice(ASKS)}（問い合わせ{number}）",
            answer=f"{topic}について、{rng.choice(ANSWERS)}",
            received_at=received,
        )
        history = History(inquiry, [Change(S.IN_PROGRESS, received)])
        if section is not None and rng.random() < 0.08:
            asked = received + datetime.timedelta(minutes=5)
            replied = asked + datetime.timedelta(days=rng.randint(1, 3))
            history.escalations.append(
                Escalation(
                    section=section,
                    question=inquiry.question,
                    due_date=calendar.add(asked, 3),
                    asked_at=asked,
                    reply=inquiry.answer,
                    replied_at=replied,
                )
            )
            answered = replied + datetime.timedelta(hours=1)
            history.changes += [Change(S.ESCALATED, asked), Change(S.SECTION_ANSWERED, replied), Change(S.REANSWERED, answered)]
        else:
            history.changes.append(Change(S.ANSWERED, answered))
        history.changes.append(Change(S.CLOSED, answered + datetime.timedelta(minutes=1)))
        histories.append(history)
    save_histories(histories, index=False)
    return count
