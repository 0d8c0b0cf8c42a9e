import datetime

import pytest

from portal.dates import fiscal_year, wareki


@pytest.mark.parametrize(
    "date, expected",
    [
        (datetime.date(2019, 4, 30), "平成31年4月30日"),
        (datetime.date(2019, 5, 1), "令和元年5月1日"),
        (datetime.date(2026, 11, 21), "令和8年11月21日"),
        (datetime.date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_wareki(date, expected):
    assert wareki(date) == expected


def test_wareki_with_weekday():
    assert wareki(datetime.date(2026, 11, 21), with_weekday=True) == "令和8年11月21日（土）"


def test_fiscal_year_starts_in_april():
    assert fiscal_year(datetime.date(2027, 3, 31)) == 2026
    assert fiscal_year(datetime.date(2027, 4, 1)) == 2027
