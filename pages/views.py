"""Admin reports of this app, and the portal scoping every editors' report shares."""

from django.urls import path, reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from portal.admin_display import TokyoTimeExportMixin

from .models import HomePage, LinkCheckResult


def in_editable_portals(pages, user):
    """`pages` (a page queryset) narrowed to the portals whose page tree `user` may edit."""
    scoped = pages.none()
    for home in HomePage.objects.all():
        if home.permissions_for_user(user).can_edit():
            scoped |= pages.descendant_of(home, inclusive=True)
    return scoped


def page_edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def report_urls(view_class, slug):
    """The admin URLs of a ReportView: the page and the results fragment its filters reload."""
    return [
        path(f"reports/{slug}/", view_class.as_view(), name=view_class.index_url_name),
        path(f"reports/{slug}/results/", view_class.as_view(results_only=True), name=view_class.index_results_url_name),
    ]


class ReportMenuItem(MenuItem):
    """A レポート menu entry shown only to users who may open the report."""

    def __init__(self, view_class, permission, order):
        super().__init__(
            view_class.page_title,
            reverse(view_class.index_url_name),
            name=view_class.index_url_name.replace("_", "-"),
            icon_name=view_class.header_icon,
            order=order,
        )
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class LinkCheckReportView(TokyoTimeExportMixin, ReportView):
    page_title = "リンク切れ"
    header_icon = "link-external"
    index_url_name = "link_check_report"
    index_results_url_name = "link_check_report_results"
    permission_policy = ModelPermissionPolicy(LinkCheckResult)
    permission_required = "view"
    columns = [
        TitleColumn("page", label="掲載ページ", get_url=lambda result: page_edit_url(result.page)),
        Column("field", label="項目"),
        Column("kind", label="種類", accessor="get_kind_display"),
        Column("target", label="リンク先"),
        Column("reason", label="内容"),
        DateColumn("checked_at", label="確認日時"),
    ]
    list_export = ["page", "field", "kind", "target", "reason", "status_code", "checked_at"]
    export_headings = {
        "page": "掲載ページ",
        "field": "項目",
        "kind": "種類",
        "target": "リンク先",
        "reason": "内容",
        "status_code": "HTTPステータス",
        "checked_at": "確認日時",
    }

    def get_filename(self):
        return "broken-links"

    def get_queryset(self):
        return LinkCheckResult.objects.filter(page__in=in_editable_portals(Page.objects.all(), self.request.user)).select_related("page")
