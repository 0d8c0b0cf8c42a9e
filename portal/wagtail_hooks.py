from django.core.exceptions import PermissionDenied
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.fields import register_display_class
from wagtail.snippets.models import register_snippet

from . import comparison  # noqa: F401 - registers the line-by-line revision comparison
from . import page_cache, signin_views
from .admin_display import TokyoDateTimeDisplay
from .admin_views import site_setting_edit_view
from .bulk_actions import BULK_ACTION_LOG, BulkActionFormatter
from .choosers import own_portals_only
from .snippets import ClosureDayViewSet, SectionViewSet
from .users import PortalAssignRoleBulkAction


def deny_signed_in_users_failing(restrictions, request):
    """A signed-in user who may not see a page or document gets 403, not Wagtail's redirect back to the login page."""
    if request.user.is_authenticated and not all(restriction.accept_request(request) for restriction in restrictions):
        raise PermissionDenied


@hooks.register("before_serve_page", order=-1)
def deny_signed_in_users_outside_their_portal(page, request, serve_args, serve_kwargs):
    deny_signed_in_users_failing(page.get_view_restrictions(), request)


@hooks.register("before_serve_page", order=10)
def render_readers_pages_for_the_cache(page, request, serve_args, serve_kwargs):
    """After the view restrictions passed: pages that allow it are rendered once per group set (portal.page_cache)."""
    page_cache.mark_cacheable(page, request)


@hooks.register("before_serve_document", order=-1)
def deny_signed_in_users_outside_the_documents_portal(document, request):
    deny_signed_in_users_failing(document.collection.get_view_restrictions(), request)


# order=1: registered after Wagtail's own user bulk action, so this one replaces it.
hooks.register("register_bulk_action", PortalAssignRoleBulkAction, order=1)
hooks.register("construct_page_chooser_queryset", own_portals_only)
register_snippet(ClosureDayViewSet)
register_snippet(SectionViewSet)
# order=-1: before wagtail.contrib.settings' own URLs, so that another centre's site settings are a 404.
hooks.register("register_admin_urls", site_setting_edit_view, order=-1)


hooks.register("register_admin_urls", signin_views.admin_urls)
hooks.register(
    "register_reports_menu_item",
    lambda: signin_views.menu_item("signins:successes", "ログインの記録", "user", 1400),
)
hooks.register(
    "register_reports_menu_item",
    lambda: signin_views.menu_item("signins:failures", "ログインに失敗した記録", "warning", 1410),
)
hooks.register(
    "register_settings_menu_item",
    lambda: signin_views.menu_item("signins:locked", "ログイン制限中のアカウント", "lock", 900),
)


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action(signin_views.UNLOCK_ACTION, "ログイン制限の解除", "ログイン制限を解除しました")
    actions.register_action(BULK_ACTION_LOG)(BulkActionFormatter)


register_display_class(models.DateTimeField, display_class=TokyoDateTimeDisplay)


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("theme/css/admin.css"))
