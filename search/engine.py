"""The one entry point for searching the portals: `search()` for results pages and the API, `suggest()` for the
header box, `best_answer()` for callers that want only the answer.

A search is one pipeline, each step in its own module:

1. analyse (search.query) — the query is segmented once, for ranking, highlighting, 「もしかして」 and the semantic leg;
2. retrieve (search.retrieval) — the BM25 leg (search.keyword_leg) and the semantic leg (search.semantic_leg);
3. fuse (search.fusion) — one score per item, query-adaptive, and the cut between relevant results and the long tail;
4. permit (search.permissions) — the database has the last word on what the user may open;
5. present (search.presentation, search.best_answer) — rows, snippets and the answer card.
"""

from dataclasses import dataclass, field

from django.conf import settings

from . import analysis, best_answer as answers, fusion, permissions, presentation, retrieval
from .query import analyse
from .result_types import RESULT_TYPES_BY_KEY
from .retrieval import FALLBACK_NOTICE  # noqa: F401  (shown by the search page)
from .vocabulary import spelling_suggestion, synonym_groups

MAX_CANDIDATES = 100
TOO_LONG_NOTICE = f"検索語が長すぎるため、先頭の{analysis.MAX_QUERY_CHARS}文字で検索しました。"
NO_WORDS_NOTICE = "検索できる語が含まれていません。ことばを変えてお試しください。"
EMPTY_NOTICE = "検索する語を入力してください。"


@dataclass
class SearchResponse:
    """`count` results are relevant; `related_count` more may be (the long tail, listed after them only when asked
    for with `related=True`). `results` is the requested page of that list."""

    query: str
    count: int = 0
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=lambda: {"type": {}, "category": {}, "audience": {}})
    notice: str | None = None
    suggestion: str | None = None
    backend: str = ""
    related_count: int = 0
    best_answer: dict | None = None
    # search.best_answer.Decision about the best result (shown as `best_answer` from its threshold), or None.
    decision: object = None
    # Which legs answered: "bm25" or "bm25+semantic".
    legs: str = ""

    @property
    def listed(self):
        """How many results the pages of this response list."""
        return self.count + self.related_count if self.include_related else self.count

    include_related: bool = False


def search(
    query, *, user, portal_key, types=None, category=None, audience=None, limit=10, offset=0, request=None,
    related=False, semantic=True, language=None,
):
    """Search one portal for `user`; see SearchResponse. Never raises on odd input; explains in `.notice`.
    `semantic=False` ranks by BM25 alone (the benches compare). `language` searches the portal's pages in another
    language (its translated tree, analysed in that language); only pages are translated, so only pages are found."""
    from pages.models import portal_home

    response = SearchResponse(query=query or "", include_related=related)
    query = (query or "").strip()
    if not query:
        response.notice = EMPTY_NOTICE
        return response
    translated = language not in (None, settings.LANGUAGE_CODE)
    analysed = analyse(query, synonym_groups(), language or settings.LANGUAGE_CODE)
    response.notice = TOO_LONG_NOTICE if analysed.truncated else None
    home = portal_home(portal_key, language)
    if not analysed.tokens or home is None:
        response.notice = NO_WORDS_NOTICE if not analysed.tokens else response.notice
        return response

    allowed = [t for t in permissions.visible_types(user, portal_key) if t.is_page or not translated]
    found = retrieval.retrieve(analysed, allowed, portal_key, home, semantic=semantic)
    response.backend, response.notice = found.backend, found.notice or response.notice
    response.legs = "bm25+semantic" if found.semantic else "bm25"
    hits = permissions.permitted(fusion.fuse(analysed, found, allowed), portal_key, home, user)[:MAX_CANDIDATES]
    fusion.mark_relevant(hits)
    permissions.add_audiences(hits)
    hits = [
        hit
        for hit in hits
        if (not types or hit.result_type.key in types)
        and (not category or hit.category == category)
        and (not audience or not hit.audiences or audience in hit.audiences)
    ]
    hits.sort(key=lambda hit: not hit.relevant)  # stable: the relevant ones first, each part best first
    response.count = sum(1 for hit in hits if hit.relevant)
    response.related_count = len(hits) - response.count
    listed = hits if related else hits[: response.count]
    _count_facets(response.facets, listed)
    response.decision = answers.decide(hits) if offset == 0 else None
    if response.decision is not None and response.decision.shown:
        response.best_answer = answers.card_for(response.decision, portal_key, request)
    response.results, shown = presentation.rows(listed[offset : offset + limit], analysed.terms, request)
    response.suggestion = None if translated else spelling_suggestion(query, portal_key, shown, analysed.morphemes)
    return response


def _count_facets(facets, hits):
    for hit in hits:
        _count(facets["type"], hit.result_type.key)
        if hit.category:
            _count(facets["category"], hit.category)
        for name in hit.audiences:
            _count(facets["audience"], name)
    # Content addressed to nobody in particular is for everyone, so choosing any audience keeps it.
    for_everyone = sum(1 for hit in hits if not hit.audiences)
    facets["audience"] = {name: count + for_everyone for name, count in facets["audience"].items()}


def _count(bucket, key):
    bucket[key] = bucket.get(key, 0) + 1


def suggest(query, *, user, portal_key, limit=8, request=None, language=None):
    """Up to `limit` {title, url, type, type_label} of the best results for the header box's suggestion list."""
    response = search(query, user=user, portal_key=portal_key, limit=limit, request=request, language=language)
    return [
        {
            "title": row["title"],
            "url": row["url"],
            "type": row["type"],
            "type_label": RESULT_TYPES_BY_KEY[row["type"]].short_label,
        }
        for row in response.results
    ]


def best_answer(query, *, user, portal_key, request=None, min_confidence=answers.SHOW_AT, language=None):
    """The answer card for `query` (see search.best_answer.card, with its `confidence`) when the best result answers
    by itself with at least `min_confidence`, else None."""
    response = search(query, user=user, portal_key=portal_key, limit=1, request=request, language=language)
    if response.decision is None or response.decision.confidence < min_confidence:
        return None
    return response.best_answer or answers.card_for(response.decision, portal_key, request)
