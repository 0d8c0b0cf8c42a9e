"""Admin → レポート: the reports of the user's own centre, their downloads, and the drill-down behind each figure."""

import datetime
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from wagtail.admin.admin_url_finder import AdminURLFinder

from portal.business_days import BusinessCalendar
from portal.portals import PORTALS_BY_KEY

from . import documents, exports, periods
from .access import reporting_portals
from .measures import COUNTED
from .records import columns_for

PARAMETERS = {"day": "date", "week": "week", "month": "month", "fiscal_year": "year"}
KIND_SLUGS = {"daily": "day", "weekly": "week", "monthly": "month", "fiscal-year": "fiscal_year"}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}
DIMENSIONS = {"channel", "category", "subcategory"}
RECORDS_PER_PAGE = 100


def report_url(portal_key, kind, period=None):
    url = reverse("kpi_reports:report", args=[portal_key, SLUG_OF_KIND[kind]])
    return f"{url}?{PARAMETERS[kind]}={period.param}" if period else url


def bad_request(request, message):
    return TemplateResponse(request, "reports/bad_request.html", {"message": message}, status=400)


class CentreMixin:
    """The centre in the URL must be one whose reports the user reads: anything else is a 404."""

    def dispatch(self, request, portal_key, *args, **kwargs):
        if portal_key not in reporting_portals(request.user):
            raise Http404
        self.portal = PORTALS_BY_KEY[portal_key]
        return super().dispatch(request, portal_key, *args, **kwargs)


def first_report(request, slug):
    """The menu's entry point: the report of the (first) centre the user works for."""
    portals = reporting_portals(request.user)
    if slug not in KIND_SLUGS or not portals:
        raise Http404
    return redirect(report_url(portals[0], KIND_SLUGS[slug]))


def default_day(portal_key, today):
    """The 日次報告 is made the next business day: by default, for the last business day before today."""
    calendar = BusinessCalendar(portal_key)
    day = today - datetime.timedelta(days=1)
    while not calendar.is_business_day(day):
        day -= datetime.timedelta(days=1)
    return day


class ReportView(CentreMixin, View):
    def get(self, request, portal_key, slug):
        kind = KIND_SLUGS.get(slug)
        if kind is None:
            raise Http404
        today = timezone.localdate()
        value = request.GET.get(PARAMETERS[kind], "")
        if kind == "day" and not value:
            value = default_day(portal_key, today).isoformat()
        try:
            period = periods.parse(kind, value, today)
        except periods.PeriodError as error:
            return bad_request(request, str(error))
        report = documents.build(kind, portal_key, period, today)
        export = request.GET.get("export")
        filename = f"{report.centre}_{report.title}_{period.param}"
        if export == "xlsx":
            return _download(exports.workbook(report, today), exports.XLSX, f"{filename}.xlsx")
        if export == "csv":
            return _download(exports.csv_text(report, today).encode("utf-8"), "text/csv; charset=utf-8", f"{filename}.csv")
        if export:
            return bad_request(request, f"export は xlsx か csv を指定してください（「{export}」）。")
        context = {
            "report": report,
            "kind": kind,
            "period": period,
            "parameter": PARAMETERS[kind],
            "portal": self.portal,
            "previous_url": report_url(portal_key, kind, period.previous()),
            "next_url": report_url(portal_key, kind, period.following()),
            "other_centres": [
                (PORTALS_BY_KEY[key].centre, report_url(key, kind, period))
                for key in reporting_portals(request.user)
                if key != portal_key
            ],
            "kinds": [(documents.TITLES[k], report_url(portal_key, k)) for k in PARAMETERS],
        }
        return TemplateResponse(request, "reports/report.html", context)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class RecordsView(CentreMixin, View):
    """The records one figure counts, with the same definition (reports.measures) and period."""

    def get(self, request, portal_key, key):
        counted = COUNTED.get(key)
        if counted is None:
            raise Http404
        try:
            first = periods.parse_date(request.GET.get("from"), "from")
            last = periods.parse_date(request.GET.get("to"), "to")
            period = periods.date_range(first, last, max_days=400)
            dimensions = self.dimensions(request)
        except periods.PeriodError as error:
            return bad_request(request, str(error))
        related, columns = columns_for(counted.model)
        records = counted.records(portal_key, period, **dimensions).select_related(*related)
        page = Paginator(records.order_by(f"-{counted.order_field}", "-pk"), RECORDS_PER_PAGE).get_page(request.GET.get("p"))
        finder = AdminURLFinder(request.user)
        rows = [(finder.get_edit_url(record), [value(record) for _, value in columns]) for record in page]
        context = {
            "counted": counted,
            "portal": self.portal,
            "period": period,
            "headings": [heading for heading, _ in columns],
            "rows": rows,
            "page": page,
            "query": request.GET.copy(),
        }
        return TemplateResponse(request, "reports/records.html", context)

    def dimensions(self, request):
        dimensions = {}
        for name in DIMENSIONS & set(request.GET):
            value = request.GET[name]
            if name == "category":
                if value == "none":
                    dimensions["category__isnull"] = True
                    continue
                if not value.isdigit():
                    raise periods.PeriodError(f"category は業務分類の番号で指定してください（「{value}」）。")
            dimensions[name] = value
        return dimensions
