from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.contrib.auth.decorators import login_not_required

API_NOT_FOUND = "指定されたものは見つかりません。"


@method_decorator(login_not_required, name="dispatch")
class PortalLoginView(auth_views.LoginView):
    """The one sign-in page of both portals and of the editors' admin."""

    template_name = "portal/login.html"
    redirect_authenticated_user = True


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    """The 404 page, or for an address under /api/ (e.g. /api/v2/forms/abc/) the API's JSON answer."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": API_NOT_FOUND}, status=404)
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)
