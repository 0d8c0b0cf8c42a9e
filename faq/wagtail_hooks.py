from wagtail import hooks

from pages.views import ReportMenuItem, report_urls

from .views import FAQReportView


@hooks.register("register_admin_urls")
def register_faq_report_urls():
    return report_urls(FAQReportView, "faq")


@hooks.register("register_reports_menu_item")
def register_faq_report_menu_item():
    return ReportMenuItem(FAQReportView, "faq.view_faqfeedback", order=800)
