from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import FAQReportView


@hooks.register("register_admin_urls")
def register_faq_report_urls():
    return [
        path("reports/faq/", FAQReportView.as_view(), name="faq_report"),
        path("reports/faq/results/", FAQReportView.as_view(results_only=True), name="faq_report_results"),
    ]


class FAQReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("faq.view_faqfeedback")


@hooks.register("register_reports_menu_item")
def register_faq_report_menu_item():
    return FAQReportMenuItem("FAQの閲覧数と評価", reverse("faq_report"), name="faq-report", icon_name="help", order=800)
