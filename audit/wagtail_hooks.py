from django.db import models
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from .models import PortalModelLogEntry, PortalPageLogEntry
from .views import ReadLogReportView, permission_policy


# order=100: after Wagtail's own registration of ModelLogEntry and PageLogEntry, which these proxies replace both
# for writing (the portal is recorded) and for every log listing (サイト履歴, its filters and export).
@hooks.register("register_log_actions", order=100)
def scope_audit_log_to_centres(actions):
    actions.register_model(models.Model, PortalModelLogEntry)
    actions.register_model(Page, PortalPageLogEntry)
    actions.log_entry_models.difference_update({ModelLogEntry, PageLogEntry})


@hooks.register("register_admin_urls")
def register_read_log_urls():
    return [
        path("reports/reads/", ReadLogReportView.as_view(), name=ReadLogReportView.index_url_name),
        path(
            "reports/reads/results/",
            ReadLogReportView.as_view(results_only=True),
            name=ReadLogReportView.index_results_url_name,
        ),
    ]


class ReadLogMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_read_log_menu_item():
    view = ReadLogReportView
    return ReadLogMenuItem(view.page_title, reverse(view.index_url_name), name="audit-reads", icon_name="view", order=1400)
