"""Recording searches and result clicks in search.QueryLog; used by the search page and the search API alike.

Queries are stored masked (portal.masking): an agent searching with a caller's name and phone number leaves no
number in the log. Each search carries a pseudonymous reader key, an HMAC-SHA256 of the user id under SECRET_KEY: it
is the same for every search of one user, so searches can be counted by distinct readers, but it cannot be turned
back into the user id without the server's secret key (rotating SECRET_KEY starts new keys).

Clicks arrive through a redirect whose log reference is signed, so nobody can mark other people's searches as
clicked or use the redirect to send readers off-site.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.core import signing
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail.contrib.search_promotions.models import Query

from portal import write_behind
from portal.roles import READER, ROLES, user_roles

from .models import HiddenPopularQuery, QueryLog, masked_query, normalized_query

LOG_SALT = "search.querylog"
READER_KEY_SALT = "search.querylog.reader"
URL_LIMIT = QueryLog._meta.get_field("clicked_url").max_length


def searcher_role(user, portal_key):
    """The most senior role `user` holds in the portal (the order of portal.roles.ROLES), or "" if none."""
    held = user_roles(user, portal_key)
    return next((role.key for role in reversed(ROLES) if role.key in held), "")


def reader_key(user):
    """The pseudonym of a signed-in user in the query log ("" for anyone else)."""
    if not user.is_authenticated:
        return ""
    return salted_hmac(READER_KEY_SALT, str(user.pk), algorithm="sha256").hexdigest()


def log_search(query, *, user, portal_key, result_count, source=QueryLog.Source.PAGE):
    """Store one search, masked, as typed and normalized; returns the QueryLog row. The search page needs the row's
    id for its click links, so its row is written at once; API searches are written after the response with the
    process's other deferred writes (portal.write_behind)."""
    log = QueryLog(
        query=masked_query(query),
        normalized_query=normalized_query(query),
        portal=portal_key,
        role=searcher_role(user, portal_key),
        reader_key=reader_key(user),
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
    """Count a search, masked, for Wagtail's search-promotion statistics, after the response: Query.add_hit writes
    two rows."""
    write_behind.defer(_add_promotion_hits, masked_query(query))


def _add_promotion_hits(queries):
    for query, count in Counter(queries).items():
        promoted = Query.get(query)
        for _ in range(count):
            promoted.add_hit()


def is_logged_as(log, query):
    """Whether `log` records `query` (a paging or facet link carries the log of its first page)."""
    return log is not None and log.query == masked_query(query)


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
    """What readers of this portal searched for lately on the search page and then opened a result, for everyone to
    see (「よく検索されている言葉」). A query counts only once at least SEARCH_POPULAR_MIN_READERS different readers
    typed it (k-anonymity: no one person's search shows, and a few searches cannot plant text); searches by centre
    staff and helpdesk agents (who search for callers) and through the API never count; the portal's administrators
    can hide any query (HiddenPopularQuery)."""
    since = timezone.now() - datetime.timedelta(days=days)
    hidden = HiddenPopularQuery.objects.filter(portal=portal_key).values("normalized_query")
    rows = (
        QueryLog.objects.filter(
            portal=portal_key,
            source=QueryLog.Source.PAGE,
            role=READER,
            created_at__gte=since,
            clicked_at__isnull=False,
        )
        .exclude(reader_key="")
        .exclude(normalized_query__in=hidden)
        .values("normalized_query")
        .annotate(readers=Count("reader_key", distinct=True))
        .filter(readers__gte=settings.SEARCH_POPULAR_MIN_READERS)
        .order_by("-readers", "normalized_query")[:limit]
    )
    return [row["normalized_query"] for row in rows]
