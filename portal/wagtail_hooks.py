from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .admin_views import site_setting_edit_view
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
# order=-1: before wagtail.contrib.settings' own URLs, so that another centre's site settings are a 404.
hooks.register("register_admin_urls", site_setting_edit_view, order=-1)
