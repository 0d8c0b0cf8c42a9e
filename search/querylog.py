"""Recording searches and result clicks in search.QueryLog; used by the search page and the search API alike.

Clicks arrive through a redirect whose log reference is signed, so nobody can mark other people's searches as
clicked or use the redirect to send readers off-site.
"""

import datetime
from collections import Counter

from django.core import signing
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail.contrib.search_promotions.models import Query

from portal import write_behind
from portal.roles import ROLES, user_roles

from .analysis import normalize
from .models import QueryLog

LOG_SALT = "search.querylog"
LOG_TEXT_LIMIT = QueryLog._meta.get_field("query").max_length
URL_LIMIT = QueryLog._meta.get_field("clicked_url").max_length


def searcher_role(user, portal_key):
    """The most senior role `user` holds in the portal (the order of portal.roles.ROLES), or "" if none."""
    held = user_roles(user, portal_key)
    return next((role.key for role in reversed(ROLES) if role.key in held), "")


def log_search(query, *, user, portal_key, result_count, source=QueryLog.Source.PAGE):
    """Store one search as typed and normalized; returns the QueryLog row. The search page needs the row's id for
    its click links, so its row is written at once; API searches are written after the response with the process's
    other deferred writes (portal.write_behind)."""
    log = QueryLog(
        query=query[:LOG_TEXT_LIMIT],
        normalized_query=normalize(query)[:LOG_TEXT_LIMIT],
        portal=portal_key,
        role=searcher_role(user, portal_key),
        source=source,
        result_count=result_count,
    )
    if source == QueryLog.Source.PAGE:
        log.save()
    else:
        write_behind.defer(_insert_logs, log)
    return log


def _insert_logs(logs):
    QueryLog.objects.bulk_create(logs)


def count_promotion_hit(query):
    """Count a search for Wagtail's search promotions (Admin → 提案された検索結果 shows the most searched queries),
    after the response: Query.add_hit writes two rows."""
    write_behind.defer(_add_promotion_hits, query)


def _add_promotion_hits(queries):
    for query, count in Counter(queries).items():
        promoted = Query.get(query)
        for _ in range(count):
            promoted.add_hit()


def token(log):
    """A signed reference to `log`, carried by click links and by the search page's paging and facet links."""
    return signing.Signer(salt=LOG_SALT).sign(str(log.pk))


def from_token(value):
    """The QueryLog a token refers to, or None if the token is missing, forged or stale."""
    try:
        pk = signing.Signer(salt=LOG_SALT).unsign(value or "")
    except signing.BadSignature:
        return None
    return QueryLog.objects.filter(pk=pk).first()


def click_url(log_token, url):
    """The /search/click/ address that records a click on `url` for the search behind `log_token`, then goes there."""
    return f"{reverse('search:click')}?{urlencode({'log': log_token, 'url': url})}"


def safe_target(request, url):
    """`url` if it stays on this portal (relative or same host), else None."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


def record_click(value, url):
    """Mark the log entry behind the signed `value` as followed by a click on `url`; False if the token is not ours."""
    log = from_token(value)
    if log is None:
        return False
    QueryLog.objects.filter(pk=log.pk).update(clicked_url=url[:URL_LIMIT], clicked_at=timezone.now())
    return True


def popular_queries(portal_key, *, limit=5, days=30):
    """What colleagues searched for most in this portal lately, among searches that led to a click."""
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (
        QueryLog.objects.filter(portal=portal_key, created_at__gte=since, clicked_at__isnull=False)
        .values("normalized_query")
        .annotate(searches=Count("pk"))
        .order_by("-searches", "normalized_query")[:limit]
    )
    return [row["normalized_query"] for row in rows]
