"""Both portals are for signed-in staff only: everything but the login page and static files needs a login, each
portal is for its own users, and the editors' admin for those who may use it."""

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse

from .scope import is_member

API_PREFIX = "/api/"
ADMIN_ACCESS = "wagtailadmin.access_admin"


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required middleware, extended to the API (whose DRF views opt out of it by default);
    API clients get a JSON 401 instead of a redirect to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(API_PREFIX) and request.headers.get("Authorization", "").startswith("Bearer "):
            return None  # an API token (apitokens), which the API view checks itself
        if request.path.startswith(API_PREFIX) and not request.user.is_authenticated:
            return JsonResponse({"detail": "ログインが必要です。"}, status=401)
        return super().process_view(request, view_func, view_args, view_kwargs)


class PortalMembershipMiddleware:
    """The one membership check of every reader-facing address (pages, search, suggestions, the click redirect, the
    inquiry form, 様式 downloads, documents…): a signed-in user of the other portal gets the 403 page there. A
    signed-in user without admin access gets the 403 page in the admin too, where Wagtail would send them to the
    login page, which sends a signed-in user straight back (a redirect loop for readers). The API answers for
    itself (the search API takes the portal as a parameter and refuses a non-member with a JSON 403)."""

    OPEN_URL_NAMES = {"logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        if request.path.startswith(reverse("wagtailadmin_home")):
            if not request.user.has_perm(ADMIN_ACCESS):
                raise PermissionDenied
            return None
        if request.path.startswith(API_PREFIX) or request.resolver_match.url_name in self.OPEN_URL_NAMES:
            return None
        if not is_member(request):
            raise PermissionDenied
        return None
