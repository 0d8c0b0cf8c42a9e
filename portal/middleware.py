"""Both portals are for signed-in staff only: everything but the login page and static files needs a login."""

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse

API_PREFIX = "/api/"


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required middleware, extended to the API (whose DRF views opt out of it by default);
    API clients get a JSON 401 instead of a redirect to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(API_PREFIX) and not request.user.is_authenticated:
            return JsonResponse({"detail": "ログインが必要です。"}, status=401)
        return super().process_view(request, view_func, view_args, view_kwargs)
