"""Business-day deadlines: weekends, public holidays (with substitute holidays), the year-end closure and the
closure days an administrator enters."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.business_days import BusinessCalendar
from portal.models import ClosureDay

D = datetime.date


@pytest.fixture
def calendar(db):
    return BusinessCalendar("intranet")


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2026, 5, 6), "振替休日"),  # Golden Week: 5/3 falls on a Sunday
        (D(2026, 9, 22), "国民の休日"),  # between 敬老の日 and 秋分の日
        (D(2026, 11, 3), "文化の日"),
        (D(2026, 12, 29), "年末年始の閉庁日"),
        (D(2027, 1, 4), None),  # the first working day of the year
        (D(2026, 12, 5), "土曜日"),
    ],
)
def test_why_a_day_is_closed(calendar, day, reason):
    assert calendar.closed_because(day) == reason


def test_three_business_days_across_golden_week(calendar):
    # Thu 4/30 → Fri 5/1, then 5/2–5/6 closed (weekend, 憲法記念日, みどりの日, こどもの日, 振替休日) → Thu 5/7, Fri 5/8.
    assert calendar.add(D(2026, 4, 30), 3) == D(2026, 5, 8)


def test_deadline_across_the_year_end(calendar):
    # Mon 12/28 + 1 business day: 12/29–1/3 closed → Mon 1/4.
    assert calendar.add(D(2026, 12, 28), 1) == D(2027, 1, 4)
    assert calendar.count(D(2026, 12, 25), D(2027, 1, 5)) == 3  # 12/28, 1/4, 1/5


def test_zero_days_is_today_or_the_next_business_day(calendar):
    assert calendar.add(D(2026, 12, 1), 0) == D(2026, 12, 1)
    assert calendar.add(D(2026, 12, 5), 0) == D(2026, 12, 7)


def test_closure_days_of_the_centre_and_of_both(db):
    ClosureDay.objects.create(date=D(2026, 12, 2), name="システム切替", portal="intranet")
    ClosureDay.objects.create(date=D(2026, 12, 3), name="全庁停電", portal="")
    intranet, education = BusinessCalendar("intranet"), BusinessCalendar("education")
    assert intranet.closed_because(D(2026, 12, 2)) == "システム切替"
    assert education.is_business_day(D(2026, 12, 2))
    assert intranet.add(D(2026, 12, 1), 1) == D(2026, 12, 4)
    assert education.add(D(2026, 12, 1), 1) == D(2026, 12, 2)


def test_an_evening_receipt_counts_on_its_japanese_date(calendar):
    # 2026-12-03 15:30 UTC is Friday 00:30 in Tokyo: one business day later is Monday, not Friday.
    received = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=ZoneInfo("UTC"))
    assert calendar.add(received, 1) == D(2026, 12, 7)


def test_an_absurd_number_of_days_is_refused_in_japanese(calendar):
    with pytest.raises(ValueError, match="営業日数"):
        calendar.add(D(2026, 12, 1), 10_000)
