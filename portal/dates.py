"""Japanese calendar (和暦) dates, as officials write them on notices and forms."""

import datetime

ERAS = [
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
]
WEEKDAYS = "月火水木金土日"


def wareki(value, with_weekday=False):
    """令和7年4月1日 (the first year is 元年); dates before 昭和 keep the Western year."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    for start, era in ERAS:
        if value >= start:
            year = value.year - start.year + 1
            text = f"{era}{'元' if year == 1 else year}年{value.month}月{value.day}日"
            break
    else:
        text = f"{value.year}年{value.month}月{value.day}日"
    if with_weekday:
        text += f"（{WEEKDAYS[value.weekday()]}）"
    return text


def fiscal_year(value):
    """The Japanese fiscal year (年度) a date falls in: April to March."""
    return value.year if value.month >= 4 else value.year - 1
