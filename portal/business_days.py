"""The centres' business days (開庁日): weekdays that are not a Japanese public holiday, not in the year-end closure
(12/29–1/3) and not a closure day an administrator entered (ClosureDay). Escalation due dates and work-item
deadlines are counted in these days, so both the helpdesk and the quality register use one calendar.

Public holidays, substitute holidays (振替休日) and citizens' holidays (国民の休日) come from the maintained `holidays`
library, which follows the Cabinet Office's list; nothing here lists them by hand.
"""

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone

YEAR_END_CLOSURE = {(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)}
YEAR_END_LABEL = "年末年始の閉庁日"
WEEKEND_LABELS = {5: "土曜日", 6: "日曜日"}
# A due date more business days away than this is a typing error, not a deadline; it also bounds the loops.
MAX_BUSINESS_DAYS = 366


@lru_cache(maxsize=32)
def public_holidays(year):
    """{date: Japanese name} of one year's public holidays."""
    return holidays.country_holidays("JP", years=year, language="ja")


def _as_date(value):
    """A date, or the local (Asia/Tokyo) date of an aware datetime: an inquiry received at 23:30 UTC is the next
    morning's business in Japan."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


class BusinessCalendar:
    """One portal's calendar; the closure days are read once when it is made, so make one per request or job and
    ask it as often as needed (reports count thousands of deadlines)."""

    def __init__(self, portal_key=None):
        from .models import ClosureDay

        self.portal_key = portal_key
        self.closures = dict(ClosureDay.objects.for_portal(portal_key).values_list("date", "name"))

    def closed_because(self, value):
        """Why `value` is not a business day (「土曜日」, 「文化の日」, 「年末年始の閉庁日」, a closure's name), or None."""
        day = _as_date(value)
        if day.weekday() in WEEKEND_LABELS:
            return WEEKEND_LABELS[day.weekday()]
        name = public_holidays(day.year).get(day)
        if name:
            return name
        if (day.month, day.day) in YEAR_END_CLOSURE:
            return YEAR_END_LABEL
        return self.closures.get(day)

    def is_business_day(self, value):
        return self.closed_because(value) is None

    def add(self, start, days):
        """The date `days` business days after `start` (`start` itself not counted, as in 「3開庁日以内」); with
        days=0, `start` if it is a business day, else the next one."""
        if not 0 <= days <= MAX_BUSINESS_DAYS:
            raise ValueError(f"営業日数は0から{MAX_BUSINESS_DAYS}の間で指定してください（{days}）。")
        day = _as_date(start)
        if days == 0:
            while not self.is_business_day(day):
                day += datetime.timedelta(days=1)
            return day
        while days:
            day += datetime.timedelta(days=1)
            if self.is_business_day(day):
                days -= 1
        return day

    def count(self, start, end):
        """Business days after `start` up to and including `end` (0 when `end` is not after `start`): how many
        business days a case took, or how far past its due date it is."""
        first, last = _as_date(start), _as_date(end)
        total, day = 0, first
        while day < last:
            day += datetime.timedelta(days=1)
            total += self.is_business_day(day)
        return total
