"""The register in the admin (Admin → 品質管理台帳): each centre's records only, read-only for 業務所管課."""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from forms.admin_views import OwnCentreViewSet

from .access import keeping_portals, reading_portals
from .forms import IncidentForm, RegisterForm
from .import_views import WorkItemImportView
from .imports import DERIVED_HEADING, FIELD_LABELS
from .models import ImprovementProposal, Incident, WorkItem

WRITING_VIEWS = (generic.CreateView, generic.EditView, generic.DeleteView)


class RegisterViewSet(OwnCentreViewSet):
    """Read views show the centres the user reads; views that write (add, edit, copy, delete, revert) are a 404
    for a record of a centre the user only reads, as they are for the other centre's."""

    inspect_view_enabled = True

    def get_queryset(self, request):
        return self.model.objects.filter(portal__in=reading_portals(request.user))

    def kept_records(self, request):
        return self.model.objects.filter(portal__in=keeping_portals(request.user))

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)
        if not issubclass(view_class, WRITING_VIEWS):
            return view

        @wraps(view)
        def kept_centre_only(request, *args, **view_kwargs):
            pk = view_kwargs.get("pk")
            if pk is not None and not self.kept_records(request).filter(pk=unquote(str(pk))).exists():
                raise Http404
            return view(request, *args, **view_kwargs)

        return kept_centre_only


class RegisterDeleteBulkAction(DeleteBulkAction):
    """Bulk delete (/admin/bulk/quality/…/delete/?id=…) leaves out records of centres the user does not keep;
    Wagtail lists them as not permitted. Registered after Wagtail's own, which it replaces for these models."""

    models = [WorkItem, Incident, ImprovementProposal]

    def check_perm(self, snippet):
        return super().check_perm(snippet) and snippet.portal in keeping_portals(self.request.user)


class WorkItemIndexView(snippets.IndexView):
    """The list, its CSV/XLSX export (headings the import reads back; every cell formula-safe) and the import."""

    export_headings = FIELD_LABELS | {"due_date": DERIVED_HEADING}

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.add_url:
            buttons.append(HeaderButton("CSV・Excelから取り込む", url=reverse(WorkItem.snippet_viewset.get_url_name("import")), icon_name="upload"))
        return buttons


class WorkItemViewSet(RegisterViewSet):
    model = WorkItem
    icon = "tasks"
    menu_label = "処理案件"
    index_view_class = WorkItemIndexView
    edit_handler = ObjectList(WorkItem.panels, base_form_class=RegisterForm)
    list_display = [
        "number",
        "title",
        "category",
        DateColumn("received_on", label="受付日"),
        DateColumn("due_date", label="処理期限日"),
        DateColumn("completed_on", label="完了日"),
        DateColumn("delivered_on", label="納品日"),
        DateColumn("error_reported_on", label="誤り指摘日"),
    ]
    list_filter = ["portal", "category", "received_on", "due_date", "completed_on"]
    search_fields = ["number", "title"]
    search_backend_name = None
    list_export = [
        "number", "title", "category", "received_on", "deadline_days", "due_date", "started_on", "completed_on",
        "delivered_on", "error_reported_on", "error_note", "note",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("import/", WorkItemImportView.as_view(), name="import")]


class IncidentViewSet(RegisterViewSet):
    model = Incident
    icon = "warning"
    menu_label = "事故・苦情・トラブル"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("portal"), FieldPanel("kind")]),
            FieldPanel("is_security_incident"),
            FieldPanel("title"),
            FieldPanel("occurred_at"),
            FieldPanel("description"),
            FieldPanel("inquiry_reference"),
            MultiFieldPanel([FieldPanel("cause"), FieldPanel("countermeasure")], heading="原因と対策"),
            MultiFieldPanel([FieldPanel("reported_to_city_at"), FieldPanel("reported_to")], heading="市への報告"),
            FieldPanel("closed_on"),
        ],
        base_form_class=IncidentForm,
    )
    list_display = [
        "title",
        Column("kind", label="種別", accessor="get_kind_display"),
        BooleanColumn("is_security_incident", label="個人情報"),
        DateColumn("occurred_at", label="発生日時"),
        DateColumn("reported_to_city_at", label="市への報告"),
        DateColumn("closed_on", label="完了日"),
    ]
    list_filter = ["portal", "kind", "is_security_incident", "occurred_at"]
    search_fields = ["title", "description"]
    search_backend_name = None


class ImprovementProposalViewSet(RegisterViewSet):
    model = ImprovementProposal
    icon = "pick"
    menu_label = "業務改善提案"
    edit_handler = ObjectList(ImprovementProposal.panels, base_form_class=RegisterForm)
    list_display = [
        "title",
        Column("status", label="状態", accessor="get_status_display"),
        DateColumn("proposed_on", label="提案日"),
        DateColumn("approved_on", label="承認日"),
        DateColumn("implemented_on", label="実施日"),
        DateColumn("measured_on", label="効果測定日"),
    ]
    list_filter = ["portal", "status", "proposed_on"]
    search_fields = ["title", "description"]
    search_backend_name = None


class QualityRegisterViewSetGroup(SnippetViewSetGroup):
    items = (WorkItemViewSet, IncidentViewSet, ImprovementProposalViewSet)
    menu_icon = "clipboard-list"
    menu_label = "品質管理台帳"
    menu_order = 260
