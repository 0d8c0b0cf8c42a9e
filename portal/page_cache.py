"""Rendered pages kept for readers, so that the pages every employee opens (FAQs, the home page, the procedure list)
cost a few small queries instead of a full Wagtail render.

Cached: a GET of a Wagtail page whose class sets `cache_for_readers = True`, rendered for a signed-in user who cannot
open the admin, with no message waiting to be shown, on a page with no password restriction. The key holds the host, path and
query string, the user's groups (view restrictions and portals are by group, so a page is only ever reused for users
who may see exactly the same), today's date (様式 versions take effect by date) and the newest entry of Wagtail's
page and model logs: every publish, unpublish, move, deletion and snippet edit adds one, so none of them is served
stale, from any worker process. PAGE_CACHE_SECONDS bounds what changes without a log entry (e.g. a shell session).

What differs between users of the same groups is never stored: the stored HTML has placeholders for the user's name,
CSRF tokens and parts registered with `per_user` (e.g. the reader's own FAQ vote), filled in for each response.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from wagtail.models import ModelLogEntry, PageLogEntry, PageViewRestriction

CACHE_ALIAS = "pages"
MAX_QUERY_STRING = 200
PLACEHOLDER = re.compile(r"<!--per-user ([a-z_]+)((?: [0-9A-Za-z_-]+)*)-->")
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
CSRF_PLACEHOLDER = "<!--per-user csrf_input-->"

_renderers = {}


def per_user(name):
    """Register `function(request, *args) -> HTML` as the per-user part `name` ({% per_user name args %})."""

    def register(function):
        _renderers[name] = function
        return function

    return register


@per_user("csrf_input")
def csrf_input(request):
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


@per_user("user_name")
def user_name(request):
    user = request.user
    return f"{user.last_name} {user.first_name}" if user.last_name else user.get_username()


def render_part(request, name, *args):
    """The per-user part as HTML, or its placeholder while the page is being rendered for the cache."""
    if getattr(request, "page_cache_storing", False):
        return mark_safe("<!--per-user " + " ".join([name, *map(str, args)]) + "-->")
    return conditional_escape(_renderers[name](request, *args))


def fill(request, html):
    """The stored page with this user's parts in place of the placeholders."""
    return PLACEHOLDER.sub(lambda match: conditional_escape(_renderers[match[1]](request, *match[2].split())), html)


@dataclass(frozen=True)
class Entry:
    html: str
    content_type: str
    page_model: str
    page_id: int


def _log_position():
    """The newest entries of Wagtail's page and model logs: any logged change to content moves it."""
    latest = [model.objects.order_by("-pk").values_list("pk", flat=True).first() for model in (PageLogEntry, ModelLogEntry)]
    return "-".join(str(pk or 0) for pk in latest)


def cache_key(request):
    """The key of this request's page, or None if this request is never served from the cache."""
    if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
        return None
    try:
        if resolve(request.path_info).url_name != "wagtail_serve":
            return None
    except Resolver404:
        return None
    user = request.user
    if not user.is_authenticated or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return None
    if "messages" in request.COOKIES or "_messages" in request.session:
        return None
    groups = ".".join(str(pk) for pk in sorted(user.groups.values_list("pk", flat=True)))
    return ":".join(
        [
            "page",
            request.get_host(),
            request.get_full_path(),
            f"groups={groups}",
            f"superuser={int(user.is_superuser)}",
            timezone.localdate().isoformat(),
            _log_position(),
        ]
    )


def mark_cacheable(page, request):
    """Called as the page is served: render it for the cache if its class allows and no password guards it."""
    if not getattr(request, "page_cache_key", None) or not getattr(page.specific_class, "cache_for_readers", False):
        return
    # Editors see the userbar, which is theirs alone; their group sets never get a stored page, so no lookup for them
    # ever finds one.
    if request.user.has_perm("wagtailadmin.access_admin"):
        return
    if page.get_view_restrictions().filter(restriction_type=PageViewRestriction.PASSWORD).exists():
        return
    request.page_cache_storing = True
    request.page_cache_page = page


class PageCacheMiddleware:
    """Serve readers' pages from the cache, and store the pages marked by `mark_cacheable` (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache = caches[CACHE_ALIAS]
        key = request.page_cache_key = cache_key(request)
        entry = cache.get(key) if key else None
        if entry is not None:
            page_model = apps.get_model(entry.page_model)
            if hasattr(page_model, "served_from_cache"):
                page_model.served_from_cache(request, entry.page_id)
            return HttpResponse(fill(request, entry.html), content_type=entry.content_type)
        response = self.get_response(request)
        if getattr(request, "page_cache_storing", False):
            html = CSRF_INPUT.sub(CSRF_PLACEHOLDER, response.content.decode(response.charset))
            messages = getattr(request, "_messages", None)
            if response.status_code == 200 and not response.cookies and not (messages is not None and len(messages)):
                page = request.page_cache_page
                entry = Entry(html, response["Content-Type"], page.specific_class._meta.label_lower, page.pk)
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response.content = fill(request, html)
        return response
