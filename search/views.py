"""What readers use: the results page (/search/), the header box's suggestions (/search/suggest/) and the redirect
that records which result a search led to (/search/click/)."""

import math
import unicodedata

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from portal.scope import request_portal

from . import engine, querylog
from .analysis import typed_query
from .picks import picks_for

PAGE_SIZE = 20
SUGGESTIONS = 8
SUGGESTION_FIELDS = ("title", "url", "type", "type_label")
FILTERS = ("type", "category", "audience")


def _portal(request):
    """This host's portal (PortalMembershipMiddleware has refused users of the other one)."""
    portal, home = request_portal(request)
    if portal is None:
        raise Http404("このアドレスのポータルはありません。")
    return portal, home


def _language(request):
    """The language of the pages to search (`locale`, sent by the search box of a translated page), or None for
    Japanese; a language the portal is not written in searches in Japanese, saying so."""
    code = typed_query(request.GET.get("locale", "")).lower()
    if code and code != settings.LANGUAGE_CODE and code not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        messages.warning(request, f"言語「{code[:10]}」のページはありません。日本語のページから探しました。")
        return None
    return code if code and code != settings.LANGUAGE_CODE else None


def _page_number(request):
    """The requested results page; anything but a positive whole number (full-width digits welcome) means the first."""
    value = unicodedata.normalize("NFKC", request.GET.get("page", ""))
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else 1


def _link(query, filters, log_token, **changes):
    """This search's address with some parameters replaced (None removes one); any change restarts at page 1.
    `log_token` rides along, so paging and narrowing count as the same search in the query log."""
    params = {"q": query, **filters}
    params.update(changes, log=log_token)
    return "?" + urlencode({key: value for key, value in params.items() if value})


def _facets(query, filters, facets, log_token):
    """Facet groups for the sidebar: each value with its count, a link toggling it, and whether it is chosen."""
    labels = {"type": "種類", "category": "分類", "audience": "対象者"}
    groups = []
    for name in FILTERS:
        chosen = filters[name]
        values = []
        for value, count in sorted(facets.get(name, {}).items(), key=lambda item: (-item[1], item[0])):
            label = engine.RESULT_TYPES_BY_KEY[value].label if name == "type" else value
            values.append(
                {
                    "label": label,
                    "count": count,
                    "selected": value == chosen,
                    "url": _link(query, filters, log_token, **{name: None if value == chosen else value}),
                }
            )
        if values:
            groups.append({"name": name, "label": labels[name], "values": values})
    return groups


def _grouped(results, log_token):
    """Results of one page grouped by type, groups in the order of their best result, each row with its click link."""
    groups = {}
    for row in results:
        row = {**row, "click_url": querylog.click_url(log_token, row["url"]) if row["url"] else ""}
        groups.setdefault(row["type"], {"type": row["type"], "label": row["type_label"], "results": []})
        groups[row["type"]]["results"].append(row)
    return list(groups.values())


def _with_click(card, log_token):
    """The answer card with its links going through /search/click/, as the result rows do."""
    if card is None:
        return None
    forms = [{**form, "click_url": querylog.click_url(log_token, form["url"])} for form in card["forms"]]
    return {**card, "click_url": querylog.click_url(log_token, card["url"]) if card["url"] else "", "forms": forms}


@require_GET
def search_page(request):
    """Results grouped by type with highlighted snippets, facets, editors' picks, 「もしかして」 and, when nothing
    is found, the inquiry form with the query filled in."""
    portal, home = _portal(request)
    query = typed_query(request.GET.get("q", ""))
    context = {"search_query": query, "portal": portal, "portal_home": home}
    if not query:
        context["popular"] = querylog.popular_queries(portal.key)
        return render(request, "search/search.html", context)

    page_number = _page_number(request)
    filters = {name: typed_query(request.GET.get(name)) or None for name in FILTERS}
    language = _language(request)
    related = request.GET.get("related") == "1"
    if filters["type"] and filters["type"] not in engine.RESULT_TYPES_BY_KEY:
        messages.warning(request, f"種類「{filters['type'][:20]}」はありません。すべての種類から探しました。")
        filters["type"] = None
    response = engine.search(
        query,
        user=request.user,
        portal_key=portal.key,
        types=[filters["type"]] if filters["type"] else None,
        category=filters["category"],
        audience=filters["audience"],
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
        request=request,
        related=related,
        language=language,
    )
    filters["locale"] = language  # rides along in the paging and facet links
    log = querylog.from_token(request.GET.get("log"))
    if not querylog.is_logged_as(log, query):
        log = querylog.log_search(query, user=request.user, portal_key=portal.key, result_count=response.count)
        querylog.count_promotion_hit(query)
    page_count = max(1, math.ceil(response.listed / PAGE_SIZE))
    log_token = querylog.token(log)
    picks = [
        {**pick, "click_url": querylog.click_url(log_token, pick["url"]) if pick["internal"] else pick["url"]}
        for pick in (picks_for(request, query, portal, home) if page_number == 1 else [])
    ]
    context.update(
        response=response,
        best_answer=_with_click(response.best_answer, log_token),
        related=related,
        related_url=_link(query, filters, log_token, related="1") if response.related_count and not related else None,
        groups=_grouped(response.results, log_token),
        facets=_facets(query, filters, response.facets, log_token),
        picks=picks,
        filtered=any(filters[name] for name in FILTERS),
        clear_filters_url=_link(query, {"locale": language}, log_token),
        suggestion_url=_link(response.suggestion, {}, None) if response.suggestion else None,
        popular=querylog.popular_queries(portal.key) if not response.count else [],
        page_number=page_number,
        page_count=page_count,
        previous_url=_link(query, filters, log_token, page=page_number - 1, related=related and "1") if page_number > 1 else None,
        next_url=_link(query, filters, log_token, page=page_number + 1, related=related and "1") if page_number < page_count else None,
    )
    return render(request, "search/search.html", context)


@require_GET
def suggest(request):
    """{"suggestions": [{"title", "url", "type", "type_label"}]} for the header box, editors' picks first (typed as
    the page they point to, or おすすめ); empty for an empty query."""
    portal, home = _portal(request)
    query = typed_query(request.GET.get("q", ""))
    if not query:
        return JsonResponse({"suggestions": []})
    found = engine.suggest(
        query, user=request.user, portal_key=portal.key, limit=SUGGESTIONS, request=request, language=_language(request)
    )
    picks = [{key: pick[key] for key in SUGGESTION_FIELDS} for pick in picks_for(request, query, portal, home)]
    unique = {}
    for item in picks + found:
        unique.setdefault(item["url"], item)
    return JsonResponse({"suggestions": list(unique.values())[:SUGGESTIONS]})


@require_GET
def click(request):
    """Record that a search led to a result, then go there; a foreign or missing address goes to the search page."""
    target = querylog.safe_target(request, request.GET.get("url", ""))
    if target is None:
        messages.warning(request, "リンク先がこのポータルの外のため、開きませんでした。")
        return HttpResponseRedirect(reverse("search:search"))
    querylog.record_click(request.GET.get("log"), target)
    return HttpResponseRedirect(target)
