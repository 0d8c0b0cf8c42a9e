"""What each figure of the reports counts: a set of records of one centre, dated by one of their fields.

A figure is the number (or sum) of a measure's records in a period; its drill-down lists exactly those records
(`Measure.records`), so a manager can check a number before sending it to the city. Measures that share a model and
a date field are counted in one grouped query (reports.tally).

Inquiries are counted by the date they were received (受付日) for their KPIs, so that a month's inquiries keep their
month whenever they are answered; the daily flows (回答, 照会) are counted on the day they happened.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import F, Q
from django.utils import timezone


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    model_label: str
    date_field: str
    condition: object = field(default_factory=Q)  # a Q, or a callable(today) -> Q
    portal_field: str = "portal"
    distinct: bool = False  # counted once per record where the date field is reached through a join
    sum_field: str = ""  # the figure is the sum of this field rather than a count

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def dated_by_datetime(self):
        model, *path = [self.model, *self.date_field.split("__")]
        for name in path[:-1]:
            model = model._meta.get_field(name).related_model
        return model._meta.get_field(path[-1]).get_internal_type() == "DateTimeField"

    @property
    def order_field(self):
        """The drill-down lists records newest first by their date (by id where the date is a related one's)."""
        return "pk" if "__" in self.date_field else self.date_field

    def q(self, today=None):
        condition = self.condition
        return condition(today or timezone.localdate()) if callable(condition) else condition

    def in_period(self, period):
        """The Q of records whose date falls in `period` (local dates)."""
        start, end = period.local_bounds() if self.dated_by_datetime else (period.first, period.end)
        return Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lt": end})

    def records(self, portal_key, period, **dimensions):
        """The records this measure counts in `period`, optionally narrowed to one value of a breakdown."""
        records = self.model.objects.filter(Q(**{self.portal_field: portal_key}), self.in_period(period), self.q())
        records = records.filter(**dimensions)
        return records.distinct() if self.distinct else records


def _deadline_decided(today):
    """Work items whose deadline is settled: completed, or past due without completion."""
    return Q(due_date__isnull=False) & (Q(completed_on__isnull=False) | Q(due_date__lt=today))


def _escalation_overdue(today):
    """Replied after the due date, or not replied and past it."""
    return Q(replied_at__isnull=True, due_date__lt=today) | Q(replied_at__date__gt=F("due_date"))


INQUIRY, ESCALATION, DEFLECTION = "helpdesk.Inquiry", "helpdesk.Escalation", "helpdesk.Deflection"
WORK_ITEM, INCIDENT, PROPOSAL = "quality.WorkItem", "quality.Incident", "quality.ImprovementProposal"
MEASURES = [
    # Inquiries received in the period (the KPI cohort) and what has become of them.
    Measure("received", "受付件数", INQUIRY, "received_at"),
    Measure("answered", "回答済（受付分）", INQUIRY, "received_at", Q(answered_at__isnull=False)),
    Measure("first_tier", "一次回答（受付分）", INQUIRY, "received_at", Q(answered_first_tier=True, answered_at__isnull=False)),
    Measure("completed_in_centre", "完答（受付分）", INQUIRY, "received_at", Q(completed_in_centre=True)),
    Measure(
        "handled", "対応時間を記録した回答", INQUIRY, "received_at", Q(answered_at__isnull=False, handling_minutes__isnull=False)
    ),
    Measure(
        "handling_minutes",
        "対応時間の合計（分）",
        INQUIRY,
        "received_at",
        Q(answered_at__isnull=False, handling_minutes__isnull=False),
        sum_field="handling_minutes",
    ),
    Measure("complaints", "苦情（受付分）", INQUIRY, "received_at", Q(is_complaint=True)),
    Measure("faqs_made", "FAQ化した問い合わせ", INQUIRY, "received_at", Q(faq__isnull=False)),
    # Daily flows, on the day they happened.
    Measure("answered_on_day", "回答件数", INQUIRY, "answered_at"),
    Measure("escalated_on_day", "エスカレーション件数", INQUIRY, "escalations__asked_at", distinct=True),
    Measure("overdue_escalations", "期限超過のエスカレーション", ESCALATION, "due_date", _escalation_overdue, "inquiry__portal"),
    Measure("deflections", "自己解決（問い合わせに至らなかった件数）", DEFLECTION, "created_at"),
    # Work items (処理案件).
    Measure("items_received", "処理案件の受付", WORK_ITEM, "received_on"),
    Measure("items_started", "処理案件の着手", WORK_ITEM, "started_on"),
    Measure("items_completed", "処理案件の完了", WORK_ITEM, "completed_on"),
    Measure("items_delivered", "処理案件の納品", WORK_ITEM, "delivered_on"),
    Measure("errors_found", "市からの誤り指摘", WORK_ITEM, "error_reported_on"),
    Measure("items_due", "期限が到来した処理案件", WORK_ITEM, "due_date", _deadline_decided),
    Measure(
        "items_on_time",
        "期限内に完了した処理案件",
        WORK_ITEM,
        "due_date",
        Q(completed_on__isnull=False, completed_on__lte=F("due_date")),
    ),
    Measure("items_flagged", "誤りを指摘された処理案件（納品分）", WORK_ITEM, "delivered_on", Q(error_reported_on__isnull=False)),
    # Incidents and proposals.
    Measure("incidents", "事故・苦情・トラブル", INCIDENT, "occurred_at"),
    Measure("security_incidents", "セキュリティインシデント", INCIDENT, "occurred_at", Q(is_security_incident=True)),
    Measure("proposals", "業務改善提案", PROPOSAL, "proposed_on"),
]
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}


@dataclass(frozen=True)
class Backlog:
    """Records open at the end of a day (繰越): opened by then and not yet closed. Its daily series is the open
    count before the period plus each day's openings less its closings (two measures), so it costs no query a day."""

    key: str
    label: str
    model_label: str
    opened_field: str
    closed_field: str
    opened_measure: str
    closed_measure: str
    portal_field: str = "portal"

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def order_field(self):
        return self.opened_field

    def _bound(self, day_after):
        """The value a date field compares to for "before `day_after`" (aware midnight for datetimes)."""
        if self.model._meta.get_field(self.opened_field).get_internal_type() != "DateTimeField":
            return day_after
        return datetime.datetime.combine(day_after, datetime.time.min, tzinfo=timezone.get_current_timezone())

    def open_before(self, portal_key, day_after):
        bound = self._bound(day_after)
        return self.model.objects.filter(
            Q(**{self.portal_field: portal_key, f"{self.opened_field}__lt": bound}),
            Q(**{f"{self.closed_field}__isnull": True}) | Q(**{f"{self.closed_field}__gte": bound}),
        )

    def records(self, portal_key, period, **dimensions):
        """What was still open at the end of the period's last day."""
        return self.open_before(portal_key, period.end).filter(**dimensions)


BACKLOGS = [
    Backlog("carried_over", "翌日への繰越（未回答）", INQUIRY, "received_at", "answered_at", "received", "answered_on_day"),
    Backlog(
        "items_carried_over", "処理案件の繰越（未完了）", WORK_ITEM, "received_on", "completed_on", "items_received", "items_completed"
    ),
]
COUNTED = {item.key: item for item in MEASURES + BACKLOGS}
