"""Wagtail's admin reports that would show another centre's objects or people, scoped to the viewer's centres
(served at Wagtail's own addresses by portal/admin_urls.py). サイト履歴's entries are scoped by the audit app's log
models; the aging and locked pages reports already list only pages the viewer may publish or unlock."""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.views.reports import audit_logging, page_types_usage, workflows
from wagtail.models import get_default_page_content_type

from .admin_views import admin_queryset
from .scope import centre_portals


def in_admin_scope(request, states, prefix=""):
    """Workflow states (or, with prefix "workflow_state__", task states) of pages, and of other objects only
    within admin_queryset: Wagtail lets through every object of a type the viewer may edit. Pages are already
    narrowed by Wagtail to those the viewer may edit."""
    page_type = get_default_page_content_type()
    scoped = Q(**{f"{prefix}base_content_type": page_type})
    type_ids = states.exclude(**{f"{prefix}base_content_type": page_type}).values(f"{prefix}content_type")
    for content_type in ContentType.objects.filter(pk__in=type_ids):
        model = content_type.model_class()
        if model is None:
            continue
        ids = admin_queryset(request, model).values_list(Cast("pk", output_field=CharField()), flat=True)
        scoped |= Q(**{f"{prefix}content_type": content_type, f"{prefix}object_id__in": ids})
    return states.filter(scoped)


class SiteHistoryReportFilterSet(audit_logging.SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        """The people behind the entries the viewer may see: Wagtail 8 offers everyone who ever edited a page."""
        return audit_logging.get_users_for_filter(self.request.user)


class LogEntriesView(audit_logging.LogEntriesView):
    filterset_class = SiteHistoryReportFilterSet


def requesters(request):
    """The users who started a workflow the viewer may see, for the report's 「申請者」 filter (Wagtail lists
    everyone who ever started one)."""
    view = WorkflowView()
    view.setup(request)
    User = get_user_model()
    return User.objects.filter(pk__in=view.get_queryset().values("requested_by")).order_by(User.USERNAME_FIELD)


class WorkflowReportFilterSet(workflows.WorkflowReportFilterSet):
    requested_by = django_filters.ModelChoiceFilter(field_name="requested_by", queryset=requesters)


class WorkflowView(workflows.WorkflowView):
    filterset_class = WorkflowReportFilterSet

    def get_queryset(self):
        return in_admin_scope(self.request, super().get_queryset())


class WorkflowTasksView(workflows.WorkflowTasksView):
    def get_queryset(self):
        return in_admin_scope(self.request, super().get_queryset(), prefix="workflow_state__")


class PageTypesUsageReportView(page_types_usage.PageTypesUsageReportView):
    """Counts and last-edited pages of the viewer's own site: another site chosen in the filter gives the first
    own one (Wagtail counts every site's pages and shows the title of the other centre's last edited page)."""

    def own_site_paths(self):
        from pages.models import HomePage

        homes = HomePage.objects.filter(portal_key__in=centre_portals(self.request.user)).order_by("path")
        return list(homes.values_list("path", flat=True))

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if self.request.user.is_superuser:
            return kwargs
        own = self.own_site_paths()
        if not own:
            raise PermissionDenied
        if kwargs["data"].get("site") not in own:
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["site"] = own[0]
        return kwargs
