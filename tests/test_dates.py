import datetime

import pytest
from django.template import Context, Template

from faq.models import FAQPage
from portal.dates import fiscal_year, wareki
from portal.roles import READER


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


def render_wareki(value, arg=""):
    template = Template('{% load portal_tags %}{{ value|wareki' + (f':"{arg}"' if arg else "") + " }}")
    return template.render(Context({"value": value}))


# 2025-12-01 00:30 in Tokyo.
JUST_AFTER_MIDNIGHT_JST = datetime.datetime(2025, 11, 30, 15, 30, tzinfo=datetime.timezone.utc)


def test_wareki_filter_shows_an_aware_datetime_on_its_tokyo_day():
    assert render_wareki(JUST_AFTER_MIDNIGHT_JST) == "令和7年12月1日"
    assert render_wareki(JUST_AFTER_MIDNIGHT_JST, "曜日") == "令和7年12月1日（月）"


def test_wareki_filter_keeps_a_plain_date():
    assert render_wareki(datetime.date(2025, 11, 30)) == "令和7年11月30日"


@pytest.mark.django_db
def test_faq_published_just_after_midnight_shows_that_day(homes, portal_client, role_user):
    faq = FAQPage.objects.live().descendant_of(homes["intranet"]).first()
    FAQPage.objects.filter(pk=faq.pk).update(last_published_at=JUST_AFTER_MIDNIGHT_JST)
    _, _, path = faq.get_url_parts()
    html = portal_client("intranet", role_user(READER, "intranet")).get(path).content.decode()
    assert '更新日：<time datetime="2025-12-01">令和7年12月1日</time>' in html
