"""Recording searches and result clicks in search.QueryLog; used by the search page and the search API alike.

Clicks arrive through a redirect whose log reference is signed, so nobody can mark other people's searches as
clicked or use the redirect to send readers off-site.
"""

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from portal.roles import ROLES, user_roles

from .analysis import normalize
from .models import QueryLog

CLICK_SALT = "search.click"
LOG_TEXT_LIMIT = QueryLog._meta.get_field("query").max_length
URL_LIMIT = QueryLog._meta.get_field("clicked_url").max_length


def searcher_role(user, portal_key):
    """The most senior role `user` holds in the portal (the order of portal.roles.ROLES), or "" if none."""
    held = user_roles(user, portal_key)
    return next((role.key for role in reversed(ROLES) if role.key in held), "")


def log_search(query, *, user, portal_key, result_count, source="page"):
    """Store one search as typed and normalized; returns the QueryLog row."""
    return QueryLog.objects.create(
        query=query[:LOG_TEXT_LIMIT],
        normalized_query=normalize(query)[:LOG_TEXT_LIMIT],
        portal=portal_key,
        role=searcher_role(user, portal_key),
        source=source,
        result_count=result_count,
    )


def click_url(log, url):
    """The /search/click/ address that records a click on `url` for `log` and then sends the reader there."""
    token = signing.Signer(salt=CLICK_SALT).sign(str(log.pk))
    return f"{reverse('search:click')}?{urlencode({'log': token, 'url': url})}"


def safe_target(request, url):
    """`url` if it stays on this portal (relative or same host), else None."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


def record_click(token, url):
    """Mark the signed log entry as followed by a click on `url`; False if the token is not ours."""
    try:
        pk = signing.Signer(salt=CLICK_SALT).unsign(token or "")
    except signing.BadSignature:
        return False
    updated = QueryLog.objects.filter(pk=pk).update(clicked_url=url[:URL_LIMIT], clicked_at=timezone.now())
    return bool(updated)
