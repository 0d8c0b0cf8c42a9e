"""Every bulk action of every model (/admin/bulk/<app>/<model>/<action>/?id=…), scoped and logged.

Wagtail's dispatcher loads the ids in the address with get_list_or_404(model, pk__in=ids) and asks each action's
check_perm only, so ids of another centre's objects were listed with their titles and acted on (a 様式's versions
deleted by the other centre's 管理者). `dispatch` below stands in front of Wagtail's (same URL, portal/admin_urls.py):
it runs whichever action class Wagtail's registry holds for the model, subclassed with ScopedBulkActionMixin, which
loads only objects within admin_queryset(request, model) and records each object acted on in Wagtail's audit log
unless the action logged it itself (pages' publish, move and delete do; snippet, user, document and image actions do
not). A model added later is covered as soon as its viewset's get_queryset(request) or its portal says what a user
may reach.
"""

import copy
from functools import cache

from django.apps import apps
from django.http import Http404
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.log_actions import LogContext, LogFormatter
from wagtail.log_actions import registry as log_registry

from .admin_views import admin_queryset
from .scope import LOGGED_PORTAL, portal_of

BULK_ACTION_LOG = "portal.bulk_action"


class ScopedBulkActionMixin:
    def get_queryset(self, model, object_ids):
        """Only the listed objects the user may reach; none of them is a 404, like the single-object views."""
        objects = list(admin_queryset(self.request, model).filter(pk__in=list(object_ids)))
        if not objects:
            raise Http404
        return objects

    def execute_action(self, objects, /, **kwargs):
        # Positional-only: snippet actions pass the action itself as the keyword argument `self`.
        # Copies keep each object's pk and portal for the log, even once deleted (Django clears a deleted pk).
        acted_on = [(copy.copy(obj), portal_of(obj)) for obj in objects]
        with LogContext(user=self.request.user) as context:
            result = super().execute_action(objects, **kwargs)
            for obj, portal in acted_on:
                if not log_registry.get_logs_for_instance(obj).filter(uuid=context.uuid).exists():
                    self.log(obj, portal)
        return result

    def log(self, obj, portal):
        data = {LOGGED_PORTAL: portal}
        if self.action_type == "delete":
            log_registry.log(obj, "wagtail.delete", deleted=True, data=data)
        else:
            log_registry.log(obj, BULK_ACTION_LOG, data={**data, "action": str(self.display_name)})


@cache
def scoped(action_class):
    return type(f"Scoped{action_class.__name__}", (ScopedBulkActionMixin, action_class), {})


def dispatch(request, app_label, model_name, action):
    """Wagtail's bulk-action dispatcher with the scoped subclass of the registered action."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    return scoped(action_class)(request, model).dispatch(request)


class BulkActionFormatter(LogFormatter):
    label = "一括操作"

    def format_message(self, log_entry):
        return f"一括操作「{log_entry.data.get('action', '')}」"
