"""wagtail-localize's admin views, scoped to the editor's own portals.

wagtail-localize checks only the global 「翻訳を依頼」 permission before translating a page or syncing its
translations, lists every translation in its report and every snippet of a model in its chooser API; here each
answers only within the portals whose pages the user may edit (another centre's object is a 404, as elsewhere in the
admin). The string editor's views already check the translated page's own permissions. Served at wagtail-localize's
own addresses (wagtail_hooks.py registers these first), so its links and reverse() names are unchanged.
"""

from django.http import Http404
from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator
from wagtail.models import Page
from wagtail_localize.views import report, snippets_api, submit_translations, update_translations

from pages.views import in_editable_portals
from portal.admin_views import admin_queryset


def _editable(page, user):
    if page is None or not page.permissions_for_user(user).can_edit():
        raise Http404("このポータルのページではありません。")
    return page


class SubmitPageTranslationView(submit_translations.SubmitPageTranslationView):
    def get_object(self):
        return _editable(super().get_object(), self.request.user)


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    def get_object(self):
        source = super().get_object()
        instance = source.get_source_instance()
        _editable(instance if isinstance(instance, Page) else None, self.request.user)
        return source


class TranslationsReportFilterSet(report.TranslationsReportFilterSet):
    """wagtail-localize labels its two language filters with its model's English field names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["source_locale"].label = "原文の言語"
        self.filters["target_locale"].label = "翻訳先の言語"


class TranslationsPaginator(WagtailPaginator):
    """Counts as 「5件」: the count Wagtail writes from the model's verbose name would read 「5 translations」."""

    @cached_property
    def items_count_label(self):
        return f"{self.count}件"


class TranslationsReportView(report.TranslationsReportView):
    filterset_class = TranslationsReportFilterSet
    paginator_class = TranslationsPaginator

    def get_queryset(self):
        pages = in_editable_portals(Page.objects.all(), self.request.user)
        return super().get_queryset().filter(source__object_id__in=pages.values("translation_key")).order_by("-pk")


class SnippetViewSet(snippets_api.SnippetViewSet):
    def get_queryset(self):
        return admin_queryset(self.request, self.get_model())
