import posixpath

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.contrib.auth.decorators import login_not_required
from django.views.static import serve

API_NOT_FOUND = "指定されたものは見つかりません。"
# The only uploads a web server may serve straight from MEDIA_ROOT (Wagtail's image files); see README → Production.
PUBLIC_MEDIA_DIRS = ("images/", "original_images/")


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


def public_media(request, path):
    """Development's /media/: image files only. The path is normalised before it is checked, as serve() does before
    opening it, so /media//documents/…, /media/./forms/… and images/../documents/… cannot reach other uploads."""
    path = posixpath.normpath(path).lstrip("/")
    if not path.startswith(PUBLIC_MEDIA_DIRS):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
