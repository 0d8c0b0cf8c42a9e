"""Admin → レポート → 閲覧記録: who opened which inquiry or work manual, for the 管理者 of that centre."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from portal.portals import PORTALS
from portal.scope import administered_portals

from .models import ReadLog

permission_policy = ModelPermissionPolicy(ReadLog)


def visible_reads(user):
    """The reads of the portals `user` administers (superusers: all)."""
    if user.is_superuser:
        return ReadLog.objects.all()
    return ReadLog.objects.filter(portal__in=administered_portals(user))


class ReadLogFilterSet(WagtailFilterSet):
    timestamp = django_filters.DateFromToRangeFilter(label="期間", widget=DateRangePickerWidget)
    content_type = django_filters.ModelChoiceFilter(
        label="種類",
        queryset=lambda request: ContentType.objects.filter(
            pk__in=visible_reads(request.user).values("content_type")
        ).order_by("model"),
    )
    portal = django_filters.ChoiceFilter(label="ポータル", choices=[(p.key, p.title) for p in PORTALS])

    class Meta:
        model = ReadLog
        fields = ["timestamp", "content_type", "portal"]


class ReadLogReportView(ReportView):
    page_title = "閲覧記録"
    header_icon = "view"
    index_url_name = "audit_reads"
    index_results_url_name = "audit_reads_results"
    permission_policy = permission_policy
    permission_required = "view"
    filterset_class = ReadLogFilterSet
    columns = [
        DateColumn("timestamp", label="日時"),
        Column("user_display_name", label="閲覧者"),
        Column("object_type", label="種類"),
        Column("label", label="対象"),
        Column("portal", label="ポータル", accessor="get_portal_display"),
    ]
    list_export = ["timestamp", "user_display_name", "object_type", "label", "get_portal_display"]
    export_headings = {
        "timestamp": "日時",
        "user_display_name": "閲覧者",
        "object_type": "種類",
        "label": "対象",
        "get_portal_display": "ポータル",
    }

    def get_filename(self):
        return "read-log"

    def get_queryset(self):
        return visible_reads(self.request.user).select_related("user", "content_type")
