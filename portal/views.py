from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.contrib.auth.decorators import login_not_required


@method_decorator(login_not_required, name="dispatch")
class PortalLoginView(auth_views.LoginView):
    """The one sign-in page of both portals and of the editors' admin."""

    template_name = "portal/login.html"
    redirect_authenticated_user = True


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)
