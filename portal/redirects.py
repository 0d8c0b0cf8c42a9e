"""Redirects (wagtail.contrib.redirects) belong to one portal's site and its 管理者, and never send readers to an
outside host that is not on the allow-list.

Wagtail lists and edits every site's redirects for anyone with the redirect permissions and lets a redirect point
anywhere; here a 管理者 sees and edits only the redirects of their own portal's site (another's is a 404), must
choose that site, may point only to a page of that portal or an allowed address, and the import (which can write
any site's redirects) is for superusers. Serving checks the target again, for redirects saved before these rules.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from wagtail.contrib.redirects import views
from wagtail.contrib.redirects.forms import RedirectForm
from wagtail.contrib.redirects.middleware import RedirectMiddleware
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from .admin_views import ScopedObjectMixin
from .outside_links import link_allowed, request_host, validate_outside_link
from .scope import centre_portals, creator_portal, in_portals, portal_of

logger = logging.getLogger(__name__)


def manageable_redirects(user):
    redirects = Redirect.objects.all()
    return redirects if user.is_superuser else in_portals(redirects, centre_portals(user))


def own_sites(user):
    from pages.models import HomePage

    sites = Site.objects.all()
    if user.is_superuser:
        return sites
    return sites.filter(root_page__in=HomePage.objects.filter(portal_key__in=centre_portals(user)).values("pk"))


class PortalRedirectForm(RedirectForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not self.for_user.is_superuser:
            self.fields["site"].queryset = own_sites(self.for_user)
            self.fields["site"].required = True
            self.fields["site"].empty_label = None

    def clean(self):
        super().clean()
        site, page = self.cleaned_data.get("site"), self.cleaned_data.get("redirect_page")
        link = self.cleaned_data.get("redirect_link")
        if site is not None and page is not None and portal_of(page) != portal_of(site.root_page):
            self.add_error("redirect_page", f"転送先には「{site.site_name}」のページを選んでください。")
        if link:
            try:
                validate_outside_link(link, [site.hostname] if site else [])
            except ValidationError as error:
                self.add_error("redirect_link", error)
        return self.cleaned_data


class OwnSiteRedirectMixin(ScopedObjectMixin):
    scope = staticmethod(manageable_redirects)


class IndexView(views.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=manageable_redirects(self.request.user).values("pk"))


class CreateView(views.CreateView):
    form_class = PortalRedirectForm


class EditView(OwnSiteRedirectMixin, views.EditView):
    form_class = PortalRedirectForm


class DeleteView(OwnSiteRedirectMixin, views.DeleteView):
    pass


def superusers_only(view):
    def only_for_superusers(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return only_for_superusers


# Served at Wagtail's addresses (portal/admin_urls.py).
urlpatterns = [
    path("redirects/", IndexView.as_view()),
    path("redirects/results/", IndexView.as_view(results_only=True)),
    path("redirects/add/", CreateView.as_view()),
    path("redirects/<int:redirect_id>/", EditView.as_view()),
    path("redirects/<int:redirect_id>/delete/", DeleteView.as_view()),
    path("redirects/import/", superusers_only(views.start_import)),
    path("redirects/import/process/", superusers_only(views.process_import)),
]


class PortalRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirect middleware, except that a redirect to another host not on the allow-list (an outside
    site, or the other portal) is not followed: the reader gets the page-not-found answer."""

    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        target = redirected.get("Location") if redirected is not response else None
        if target and not link_allowed(target, [request_host(request)]):
            logger.warning("転送先が許可されていないため転送しませんでした: %s → %s", request.path, target)
            return response
        return redirected


def adopt_redirects_for_all_sites(sites):
    """Redirects saved for 「すべてのサイト」 (both portals) go to the site of their target page, or of the portal of
    whoever created them; `sites` is {portal key: Site}. Others stay for superusers (serving still refuses any
    outside host not on the allow-list). Run by ensure_portals."""
    for redirect in Redirect.objects.filter(site__isnull=True).select_related("redirect_page"):
        portal = portal_of(redirect.redirect_page) if redirect.redirect_page_id else creator_portal(redirect)
        if portal in sites:
            redirect.site = sites[portal]
            redirect.save(update_fields=["site"])
