from django.core.exceptions import PermissionDenied
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.fields import register_display_class

from . import comparison  # noqa: F401 - registers the line-by-line revision comparison
from .admin_display import TokyoDateTimeDisplay
from .users import PortalAssignRoleBulkAction, PortalSetActiveStateBulkAction


def deny_signed_in_users_failing(restrictions, request):
    """A signed-in user who may not see a page or document gets 403, not Wagtail's redirect back to the login page."""
    if request.user.is_authenticated and not all(restriction.accept_request(request) for restriction in restrictions):
        raise PermissionDenied


@hooks.register("before_serve_page", order=-1)
def deny_signed_in_users_outside_their_portal(page, request, serve_args, serve_kwargs):
    deny_signed_in_users_failing(page.get_view_restrictions(), request)


@hooks.register("before_serve_document", order=-1)
def deny_signed_in_users_outside_the_documents_portal(document, request):
    deny_signed_in_users_failing(document.collection.get_view_restrictions(), request)


# order=1: registered after Wagtail's own user bulk actions, so these scoped ones replace them.
hooks.register("register_bulk_action", PortalAssignRoleBulkAction, order=1)
hooks.register("register_bulk_action", PortalSetActiveStateBulkAction, order=1)

register_display_class(models.DateTimeField, display_class=TokyoDateTimeDisplay)


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("theme/css/admin.css"))
