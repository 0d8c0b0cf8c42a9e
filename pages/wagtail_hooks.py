from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import LinkCheckReportView


@hooks.register("register_admin_urls")
def register_link_check_urls():
    return [
        path("reports/broken-links/", LinkCheckReportView.as_view(), name="link_check_report"),
        path("reports/broken-links/results/", LinkCheckReportView.as_view(results_only=True), name="link_check_report_results"),
    ]


class LinkCheckMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("pages.view_linkcheckresult")


@hooks.register("register_reports_menu_item")
def register_link_check_menu_item():
    return LinkCheckMenuItem("リンク切れ", reverse("link_check_report"), name="broken-links", icon_name="link-external", order=810)
