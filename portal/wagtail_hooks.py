from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .users import PortalAssignRoleBulkAction, PortalSetActiveStateBulkAction


@hooks.register("before_serve_page", order=-1)
def deny_signed_in_users_outside_their_portal(page, request, serve_args, serve_kwargs):
    """A signed-in user who may not see a page gets 403, not Wagtail's redirect back to the login page."""
    if not request.user.is_authenticated:
        return None
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise PermissionDenied
    return None


# order=1: registered after Wagtail's own user bulk actions, so these scoped ones replace them.
hooks.register("register_bulk_action", PortalAssignRoleBulkAction, order=1)
hooks.register("register_bulk_action", PortalSetActiveStateBulkAction, order=1)
