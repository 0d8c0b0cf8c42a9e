"""The editors' FAQ report: how often each FAQ is read and whether readers found it helpful."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from pages.views import in_editable_portals, page_edit_url

from .models import FAQDailyViews, FAQFeedback, FAQPage

RECENT_COMMENTS = 3


class FAQReportView(ReportView):
    page_title = "FAQの閲覧数と評価"
    header_icon = "help"
    index_url_name = "faq_report"
    index_results_url_name = "faq_report_results"
    permission_policy = ModelPermissionPolicy(FAQFeedback)
    permission_required = "view"
    columns = [
        TitleColumn("title", label="質問", get_url=page_edit_url),
        Column("category", label="業務分類"),
        NumberColumn("view_total", label="閲覧数"),
        NumberColumn("yes_count", label="役に立った"),
        NumberColumn("no_count", label="役に立たなかった"),
        Column("recent_comments", label="最近のご意見", accessor=lambda faq: " ／ ".join(faq.recent_comments)),
    ]
    list_export = ["title", "category", "view_total", "yes_count", "no_count"]
    export_headings = {
        "title": "質問",
        "category": "業務分類",
        "view_total": "閲覧数",
        "yes_count": "役に立った",
        "no_count": "役に立たなかった",
    }

    def get_filename(self):
        return "faq-report"

    def get_queryset(self):
        views = (
            FAQDailyViews.objects.filter(page=OuterRef("pk"))
            .values("page")
            .annotate(total=Sum("views"))
            .values("total")
        )
        return (
            in_editable_portals(FAQPage.objects.all(), self.request.user)
            .select_related("category")
            .annotate(
                view_total=Coalesce(Subquery(views, output_field=IntegerField()), Value(0)),
                yes_count=Count("feedback", filter=Q(feedback__helpful=True)),
                no_count=Count("feedback", filter=Q(feedback__helpful=False)),
            )
            .order_by("-view_total", "path")
        )

    def decorate_paginated_queryset(self, object_list):
        faqs = list(object_list)
        comments = {}
        for feedback in FAQFeedback.objects.filter(page__in=faqs).exclude(comment="").order_by("-created_at"):
            comments.setdefault(feedback.page_id, []).append(feedback.comment)
        for faq in faqs:
            faq.recent_comments = comments.get(faq.pk, [])[:RECENT_COMMENTS]
        return faqs
