"""Admin → 問い合わせ: the queues and filters of the inquiries of the agent's own centres, their CSV/XLSX, and the
record's read-only view; new contacts and work on one inquiry happen in the console (helpdesk.console)."""

import datetime

import django_filters
from django.db.models import Min, Q
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, Table
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_views import ScopedObjectMixin
from portal.spreadsheets import formula_safe

from . import console, faq_drafts
from .access import agents, inquiry_portals, visible_inquiries
from .models import Escalation, Inquiry

S = Inquiry.Status


class Queue:
    def __init__(self, key, label, select):
        self.key, self.label, self.select = key, label, select


QUEUES = [
    Queue("mine", "自分の担当", lambda inquiries, user, today: inquiries.open().filter(assignee=user)),
    Queue("unassigned", "未割当", lambda inquiries, user, today: inquiries.open().filter(assignee__isnull=True)),
    Queue("in_progress", "対応中", lambda inquiries, user, today: inquiries.filter(status=S.IN_PROGRESS)),
    Queue("escalated", "エスカレーション中", lambda inquiries, user, today: inquiries.filter(status=S.ESCALATED)),
    Queue(
        "overdue",
        "期限超過",
        lambda inquiries, user, today: inquiries.filter(pk__in=Escalation.objects.overdue(today).values("inquiry")),
    ),
]
QUEUES_BY_KEY = {queue.key: queue for queue in QUEUES}


def age(inquiry):
    """How long ago it was received: 「35分」「3時間」「2日」."""
    minutes = int((timezone.now() - inquiry.received_at).total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)}分"
    if minutes < 24 * 60:
        return f"{minutes // 60}時間"
    return f"{minutes // (24 * 60)}日"


def centre_agents(request):
    return agents_of(inquiry_portals(request.user))


def agents_of(portal_keys):
    users = None
    for key in portal_keys:
        users = agents(key) if users is None else users | agents(key)
    return users.distinct() if users is not None else agents("intranet").none()


class InquiryFilterSet(WagtailFilterSet):
    queue = django_filters.ChoiceFilter(
        label="キュー", choices=[(q.key, q.label) for q in QUEUES], method="filter_queue", empty_label="すべて"
    )
    assignee = django_filters.ModelChoiceFilter(label="対応者", queryset=centre_agents)
    received_at = django_filters.DateFromToRangeFilter(label="受付日", widget=DateRangePickerWidget)
    faq = django_filters.NumberFilter(label="作成したFAQ（ページID）")

    class Meta:
        model = Inquiry
        fields = ["queue", "status", "channel", "category", "assignee", "is_complaint", "is_difficult", "portal", "received_at", "faq"]

    def filter_queue(self, queryset, name, value):
        return QUEUES_BY_KEY[value].select(queryset, self.request.user, timezone.localdate())


class QueueTable(Table):
    """Rows whose escalation is past its due date stand out."""

    def get_row_classname(self, instance):
        return "helpdesk-overdue" if getattr(instance, "is_overdue", False) else ""


class InquiryIndexView(generic.IndexView):
    results_template_name = "helpdesk/admin/index_results.html"
    filterset_class = InquiryFilterSet
    list_export = [
        "reference",
        "portal",
        "channel",
        "received_at",
        "status",
        "assignee",
        "category",
        "subcategory",
        "masked_question",
        "masked_answer",
        "answered_at",
        "closed_at",
        "handling_minutes",
        "answered_first_tier",
        "completed_in_centre",
        "is_complaint",
        "is_difficult",
        "due_date",
    ]
    export_headings = {
        "reference": "受付番号",
        "portal": "ポータル",
        "channel": "受付方法",
        "received_at": "受付日時",
        "status": "状態",
        "assignee": "対応者",
        "category": "業務分類",
        "subcategory": "小分類",
        "masked_question": "問い合わせ内容（マスク済み）",
        "masked_answer": "回答（マスク済み）",
        "answered_at": "回答日時",
        "closed_at": "完了日時",
        "handling_minutes": "対応時間（分）",
        "answered_first_tier": "一次回答",
        "completed_in_centre": "完答",
        "is_complaint": "苦情",
        "is_difficult": "難航",
        "due_date": "照会の回答期限",
    }

    @cached_property
    def table_class(self):
        return QueueTable

    def get_base_queryset(self):
        open_due = Min("escalations__due_date", filter=Q(escalations__replied_at__isnull=True))
        return visible_inquiries(self.request.user).select_related("assignee", "category").annotate(due_date=open_due)

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for inquiry in object_list:
            inquiry.is_overdue = inquiry.due_date is not None and inquiry.due_date < today
        return object_list

    def get_filename(self):
        return f"inquiries-{timezone.localdate():%Y%m%d}"

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for name in ("portal", "channel", "status"):
            row[name] = getattr(item, f"get_{name}_display")()
        for name in ("answered_first_tier", "completed_in_centre", "is_complaint", "is_difficult"):
            row[name] = "○" if row[name] else ""
        row["masked_question"], row["masked_answer"] = item.masked_question(), item.masked_answer()
        return row

    def preprocess_field_value(self, field, value, export_format):
        """Every cell through formula_safe: questions are typed by callers."""
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).replace(tzinfo=None)
        return formula_safe(super().preprocess_field_value(field, value, export_format))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = visible_inquiries(self.request.user)
        today = timezone.localdate()
        context["queues"] = [
            {"key": queue.key, "label": queue.label, "count": queue.select(scope, self.request.user, today).count()}
            for queue in QUEUES
        ]
        context["current_queue"] = self.request.GET.get("queue", "")
        return context


class OwnCentreObjectMixin(ScopedObjectMixin):
    """Opening another centre's inquiry by URL is a 404."""

    scope = staticmethod(visible_inquiries)


class InquiryDeleteView(OwnCentreObjectMixin, generic.DeleteView):
    pass


class InquiryInspectView(OwnCentreObjectMixin, generic.InspectView):
    template_name = "helpdesk/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inquiry = self.object
        context.update(
            inquiry=inquiry,
            transitions=inquiry.transitions.select_related("user"),
            escalations=inquiry.escalations.select_related("section", "asked_by", "replied_by"),
            adjustments=inquiry.adjustments.select_related("user"),
        )
        return context


class InquiryHistoryView(OwnCentreObjectMixin, HistoryView):
    pass


class InquiryUsageView(OwnCentreObjectMixin, UsageView):
    pass


class InquiryViewSet(ModelViewSet):
    """Index, inspect, history, usage and delete come from Wagtail; add (new/) and edit (edit/<pk>/) are the
    console, so every link Wagtail makes to "edit" an inquiry opens it there."""

    model = Inquiry
    index_view_class = InquiryIndexView
    delete_view_class = InquiryDeleteView
    inspect_view_class = InquiryInspectView
    history_view_class = InquiryHistoryView
    usage_view_class = InquiryUsageView
    icon = "help"
    menu_label = "問い合わせ"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "reference",
        DateColumn("received_at", label="受付日時"),
        Column("age", label="経過", accessor=age),
        Column("due_date", label="照会の回答期限"),
        Column("assignee", label="対応者"),
        Column("status", label="状態", accessor="get_status_display"),
        Column("channel", label="受付方法", accessor="get_channel_display"),
        Column("question", label="問い合わせ内容", accessor=lambda inquiry: inquiry.masked_question()[:60]),
        Column("requester", label="問い合わせた職員"),
    ]
    search_fields = ["reference", "question", "answer", "subcategory"]
    search_backend_name = None
    form_fields = ["question"]
    inspect_view_fields = [
        "reference",
        "portal",
        "channel",
        "received_at",
        "requester",
        "requester_name",
        "requester_affiliation",
        "requester_audience",
        "contact_method",
        "contact_phone",
        "category",
        "subcategory",
        "question",
        "answer",
        "status",
        "assignee",
        "answered_at",
        "closed_at",
        "handling_minutes",
        "answered_first_tier",
        "completed_in_centre",
        "is_complaint",
        "is_difficult",
        "faq",
    ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", console.ConsoleView.as_view(), name="add"),
            path("edit/<int:pk>/", console.ConsoleView.as_view(), name="edit"),
            path("edit/<int:pk>/faq/", faq_drafts.FAQDraftView.as_view(), name="make_faq"),
            path("suggestions/", console.suggestions_view, name="suggestions"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("usage/<int:pk>/", self.usage_view, name="usage"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
