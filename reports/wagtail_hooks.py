from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .access import reporting_portals
from .documents import TITLES
from .views import SLUG_OF_KIND, RecordsView, ReportView, first_report

MENU_ORDER = {"day": 700, "week": 710, "month": 720, "fiscal_year": 730}


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = [
        path("<slug:slug>/", first_report, name="first"),
        path("<str:portal_key>/records/<slug:key>/", RecordsView.as_view(), name="records"),
        path("<str:portal_key>/<slug:slug>/", ReportView.as_view(), name="report"),
    ]
    return [path("kpi-reports/", include((urls, "kpi_reports"), namespace="kpi_reports"))]


class CentreReportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(reporting_portals(request.user))


def _menu_item(kind):
    return lambda: CentreReportMenuItem(
        TITLES[kind],
        reverse("kpi_reports:first", args=[SLUG_OF_KIND[kind]]),
        name=f"kpi-report-{SLUG_OF_KIND[kind]}",
        icon_name="table",
        order=MENU_ORDER[kind],
    )


for _kind in MENU_ORDER:
    hooks.register("register_reports_menu_item", _menu_item(_kind))
