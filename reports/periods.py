"""The periods the reports cover: a day, a week (Monday to Sunday), a month or a fiscal year (April to March).

Dates are the centres' local dates (Asia/Tokyo): an inquiry received at 23:50 on 31 January belongs to January,
even if it was answered after midnight in February.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from portal.dates import fiscal_year, wareki

MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class PeriodError(ValueError):
    """A period parameter that cannot be read; the message is Japanese and names the expected form."""


def parse_date(text, name):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise PeriodError(f"{name} は 2026-04-01 の形の日付で指定してください（「{text}」）。") from None


@dataclass(frozen=True)
class Period:
    kind: str  # day, week, month, fiscal_year or range
    first: datetime.date
    last: datetime.date  # inclusive

    @property
    def end(self):
        """The day after the last one (periods are half-open in queries)."""
        return self.last + datetime.timedelta(days=1)

    def days(self):
        return [self.first + datetime.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def months(self):
        """The first day of each month the period covers."""
        months, month = [], self.first.replace(day=1)
        while month <= self.last:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    def local_bounds(self):
        """Aware datetimes of the period's start and end in the current (Asia/Tokyo) time zone."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.first, datetime.time.min, tzinfo=zone)
        return start, datetime.datetime.combine(self.end, datetime.time.min, tzinfo=zone)

    @property
    def label(self):
        if self.kind == "day":
            return wareki(self.first, with_weekday=True)
        if self.kind == "month":
            return wareki(self.first).rsplit("1日", 1)[0]
        if self.kind == "fiscal_year":
            return f"{wareki(self.first).split('年')[0]}年度"
        return f"{wareki(self.first, with_weekday=True)}～{wareki(self.last, with_weekday=True)}"

    @property
    def param(self):
        """The query-string value that selects this period again."""
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "fiscal_year":
            return str(self.first.year)
        return self.first.isoformat()

    def previous(self):
        if self.kind == "day":
            return day(self.first - datetime.timedelta(days=1))
        if self.kind == "week":
            return week(self.first - datetime.timedelta(days=7))
        if self.kind == "month":
            return month(self.first - datetime.timedelta(days=1))
        return fiscal(self.first.year - 1)

    def following(self):
        if self.kind == "day":
            return day(self.end)
        if self.kind == "week":
            return week(self.end)
        if self.kind == "month":
            return month(self.end)
        return fiscal(self.first.year + 1)


def day(value):
    return Period("day", value, value)


def week(value):
    monday = value - datetime.timedelta(days=value.weekday())
    return Period("week", monday, monday + datetime.timedelta(days=6))


def month(value):
    first = value.replace(day=1)
    return Period("month", first, (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1))


def fiscal(year):
    return Period("fiscal_year", datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31))


def date_range(first, last, max_days=366):
    if last < first:
        raise PeriodError("to は from 以降の日付にしてください。")
    if (last - first).days >= max_days:
        raise PeriodError(f"一度に指定できる期間は{max_days}日までです。")
    return Period("range", first, last)


def parse(kind, value, today=None):
    """The period of `kind` that the query-string `value` names (the current one when empty)."""
    today = today or timezone.localdate()
    if kind == "day":
        return day(parse_date(value, "date") if value else today)
    if kind == "week":
        return week(parse_date(value, "week") if value else today)
    if kind == "month":
        if not value:
            return month(today)
        match = MONTH.fullmatch(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise PeriodError(f"month は 2026-04 の形で指定してください（「{value}」）。")
        return month(datetime.date(int(match[1]), int(match[2]), 1))
    if kind == "fiscal_year":
        if not value:
            return fiscal(fiscal_year(today))
        if not value.isdigit() or not 2000 <= int(value) <= 2100:
            raise PeriodError(f"year は年度の西暦（例：2025 は令和7年度）で指定してください（「{value}」）。")
        return fiscal(int(value))
    raise PeriodError(f"期間の種類「{kind}」はありません。")
