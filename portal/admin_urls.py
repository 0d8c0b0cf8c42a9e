"""Admin addresses whose Wagtail view would cross between centres, answered by the project's scoped subclass instead.

Included in portal/urls.py just before Wagtail's admin URLs, at the same paths, so they resolve first while every
`reverse()` of Wagtail's names still gives the same address. Each view is wrapped as Wagtail wraps its admin views:
admin access required (else the login page), Wagtail's admin 404 page, never cached. tests/test_scope_admin.py checks
that each of these paths reaches the project's view.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import bulk_actions, choosers, redirects, reports

urlpatterns = [
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_actions.dispatch),
    path("choose-page/", choosers.BrowseView.as_view()),
    path("choose-page/<int:parent_page_id>/", choosers.BrowseView.as_view()),
    path("choose-page/chosen-multiple/", choosers.ChosenMultipleView.as_view()),
    path("reports/site-history/", reports.LogEntriesView.as_view()),
    path("reports/site-history/results/", reports.LogEntriesView.as_view(results_only=True)),
    path("reports/workflow/", reports.WorkflowView.as_view()),
    path("reports/workflow/results/", reports.WorkflowView.as_view(results_only=True)),
    path("reports/workflow_tasks/", reports.WorkflowTasksView.as_view()),
    path("reports/workflow_tasks/results/", reports.WorkflowTasksView.as_view(results_only=True)),
    path("reports/page-types-usage/", reports.PageTypesUsageReportView.as_view()),
    path("reports/page-types-usage/results/", reports.PageTypesUsageReportView.as_view(results_only=True)),
    *redirects.urlpatterns,
]

urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, display_custom_404)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
