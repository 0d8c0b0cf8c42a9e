"""翻訳の状況: the translated pages of the editor's portals, those out of date first, so an editor sees which English
pages still say what the Japanese original said before its last change."""

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from pages.views import in_editable_portals, page_edit_url
from portal.admin_display import TokyoTimeExportMixin

from .status import translation_state


class TranslationRow:
    """One translated page with its state, in the shape the report's columns read."""

    def __init__(self, page, state):
        self.page, self.state = page, state
        self.title = page.title
        self.language = page.locale.get_display_name()
        self.original_title = state.original.title
        self.status = state.label
        self.original_updated_at = state.original_updated_at

    def __str__(self):
        return self.title


class TranslationStatusReportView(TokyoTimeExportMixin, ReportView):
    page_title = "翻訳の状況"
    header_icon = "site"
    index_url_name = "translation_status_report"
    index_results_url_name = "translation_status_report_results"
    columns = [
        TitleColumn("title", label="翻訳したページ", get_url=lambda row: page_edit_url(row.page)),
        Column("language", label="言語"),
        Column("original_title", label="日本語の原文"),
        Column("status", label="状況"),
        DateColumn("original_updated_at", label="原文の公開日時"),
    ]
    list_export = ["title", "language", "original_title", "status", "original_updated_at"]
    export_headings = {
        "title": "翻訳したページ",
        "language": "言語",
        "original_title": "日本語の原文",
        "status": "状況",
        "original_updated_at": "原文の公開日時",
    }

    def get_filename(self):
        return "translation-status"

    def get_queryset(self):
        translated = Page.objects.exclude(locale=Locale.get_default()).select_related("locale").order_by("path")
        rows = []
        for page in in_editable_portals(translated, self.request.user).specific():
            state = translation_state(page)
            if state is not None:
                rows.append(TranslationRow(page, state))
        return sorted(rows, key=lambda row: not row.state.out_of_date)
