"""The page chooser (/admin/choose-page/…, its search, and the page browsing of the link, anchor and e-mail
choosers) shows only the pages of the editor's own portals: Wagtail's shows every page tree with titles and states."""

from django.http import Http404
from wagtail.admin.views import chooser
from wagtail.models import Page

from .scope import centre_portals, in_portals


def choosable_pages(pages, user):
    """`pages` narrowed to the portals whose centre `user` works for (superusers: every page)."""
    return pages if user.is_superuser else in_portals(pages, centre_portals(user))


def own_portals_only(pages, request):
    """construct_page_chooser_queryset hook (portal/wagtail_hooks.py): the chooser's listing and search."""
    return choosable_pages(pages, request.user)


class BrowseView(chooser.BrowseView):
    """Browsing under another centre's page is a 404 (the tree's root, listing each editor's own homes, stays)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            parent = Page.objects.filter(pk=parent_page_id)
            if not parent.filter(depth=1).exists() and not choosable_pages(parent, request.user).exists():
                raise Http404
        return super().get(request, parent_page_id)


class ChosenMultipleView(chooser.ChosenMultipleView):
    """Choosing another centre's pages by id is a 404, instead of returning their titles and addresses."""

    def get(self, request):
        ids = set(request.GET.getlist("id"))
        if not all(pk.isdigit() for pk in ids):
            raise Http404
        if choosable_pages(Page.objects.filter(pk__in=ids), request.user).count() != len(ids):
            raise Http404
        return super().get(request)
