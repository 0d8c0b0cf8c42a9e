from django.urls import path
from wagtail import hooks

from pages.views import ReportMenuItem, report_urls

from . import admin_views
from .views import TranslationStatusReportView


@hooks.register("register_admin_urls", order=-1)
def register_scoped_localize_urls():
    """wagtail-localize's addresses, answered by the scoped views first (translations.admin_views)."""
    return [
        path("localize/submit/page/<int:page_id>/", admin_views.SubmitPageTranslationView.as_view()),
        path("localize/update/<int:translation_source_id>/", admin_views.UpdateTranslationsView.as_view()),
        path("localize/reports/translations/", admin_views.TranslationsReportView.as_view()),
        path("localize/reports/translations/results/", admin_views.TranslationsReportView.as_view(results_only=True)),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            admin_views.SnippetViewSet.as_view({"get": "list"}),
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            admin_views.SnippetViewSet.as_view({"get": "retrieve"}),
        ),
    ]


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return report_urls(TranslationStatusReportView, "translation-status")


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return ReportMenuItem(TranslationStatusReportView, "wagtailadmin.access_admin", order=820)
