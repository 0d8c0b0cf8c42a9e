"""How the admin shows dates and times: always in Asia/Tokyo, as the centres read them (2026年4月1日 9:05), in the
inspect views and in exported spreadsheets (Wagtail writes XLSX times in UTC and CSV times as UTC text)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.ui.fields import BaseFieldDisplay
from wagtail.admin.views.mixins import SpreadsheetExportMixin

EMPTY = "—"


def tokyo_text(value):
    """「2026年4月1日 9:05」 in Tokyo time, for an aware or naive datetime; 「—」 for none."""
    if value is None:
        return EMPTY
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{date_format(value, 'Y年n月j日')} {value:%H:%M}"


class TokyoDateTimeDisplay(BaseFieldDisplay):
    """A DateTimeField in an inspect view: Wagtail would print the stored UTC value."""

    def render_html(self, parent_context=None):
        return tokyo_text(self.value)


def _tokyo_naive(value):
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class TokyoTimeExportMixin:
    """For report and listing views with CSV/XLSX export: times in Tokyo, not UTC."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: _tokyo_naive,
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: f"{_tokyo_naive(value):%Y-%m-%d %H:%M}",
        },
    }
