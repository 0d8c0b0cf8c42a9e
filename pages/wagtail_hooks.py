from wagtail import hooks

from .views import LinkCheckReportView, ReportMenuItem, report_urls


@hooks.register("register_admin_urls")
def register_link_check_urls():
    return report_urls(LinkCheckReportView, "broken-links")


@hooks.register("register_reports_menu_item")
def register_link_check_menu_item():
    return ReportMenuItem(LinkCheckReportView, "pages.view_linkcheckresult", order=810)
