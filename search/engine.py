"""The one entry point for searching the portals: `search()` for results pages and the API, `suggest()` for the
header box.

Queries are rewritten by search.analysis into the same tokens the index holds (plus synonyms), run against each
content type through Wagtail's configured search backend, then kept only where the user could open the result
(portal, live, view restrictions, internal-only types). If Elasticsearch fails, the database index (kept up to date
alongside it) answers instead, with a notice.
"""

import difflib
import html
import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.query import PlainText

from portal.roles import reads_internal, user_roles

from . import analysis

logger = logging.getLogger(__name__)

CANDIDATES_PER_TYPE = 40
TITLE_WEIGHT = 3.0
SNIPPET_CHARS = 120
FALLBACK_BACKEND = "database"
FALLBACK_NOTICE = "検索サーバーに接続できないため、簡易検索で表示しています。順位が普段と異なる場合があります。"
TOO_LONG_NOTICE = f"検索語が長すぎるため、先頭の{analysis.MAX_QUERY_CHARS}文字で検索しました。"
NO_WORDS_NOTICE = "検索できる語が含まれていません。ことばを変えてお試しください。"


@dataclass(frozen=True)
class ResultType:
    key: str
    label: str
    model_label: str
    is_page: bool
    internal: bool = False

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None


RESULT_TYPES = [
    ResultType("faq", "よくある質問", "faq.FAQPage", True),
    ResultType("procedure", "手続きガイド", "pages.ProcedurePage", True),
    ResultType("form", "様式", "forms.FormTemplate", False),
    ResultType("news", "お知らせ", "pages.NewsPage", True),
    ResultType("manual", "業務マニュアル", "manuals.ManualPage", True, internal=True),
    ResultType("inquiry", "過去の問い合わせ", "helpdesk.Inquiry", False, internal=True),
]
RESULT_TYPES_BY_KEY = {result_type.key: result_type for result_type in RESULT_TYPES}


@dataclass
class SearchResponse:
    query: str
    count: int = 0
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=lambda: {"type": {}, "category": {}, "audience": {}})
    notice: str | None = None
    suggestion: str | None = None
    backend: str = ""


def synonym_groups():
    from .models import Synonym

    return Synonym.groups()


def is_elasticsearch(backend):
    return "elasticsearch" in type(backend).__module__ or hasattr(backend, "es")


def visible_types(user, portal_key):
    """Result types this user may see in this portal: internal ones only for centre roles."""
    internal = reads_internal(user, portal_key)
    return [t for t in RESULT_TYPES if t.model is not None and (internal or not t.internal)]


def _blocked_paths(user, home):
    """Paths of page subtrees below `home` whose view restriction this user does not pass."""
    if user.is_superuser:
        return []
    group_ids = set(user.groups.values_list("pk", flat=True))
    blocked = []
    restrictions = PageViewRestriction.objects.filter(page__path__startswith=home.path).prefetch_related("groups")
    for restriction in restrictions.select_related("page"):
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            if group_ids.isdisjoint(group.pk for group in restriction.groups.all()):
                blocked.append(restriction.page.path)
        elif restriction.restriction_type == PageViewRestriction.PASSWORD:
            blocked.append(restriction.page.path)
        elif restriction.restriction_type == PageViewRestriction.LOGIN and not user.is_authenticated:
            blocked.append(restriction.page.path)
    return blocked


def _base_queryset(result_type, portal_key, home):
    model = result_type.model
    if result_type.is_page:
        queryset = model.objects.live().descendant_of(home)
    else:
        queryset = model.objects.filter(portal=portal_key)
    field_names = {f.name for f in model._meta.get_fields()}
    if "category" in field_names:
        queryset = queryset.select_related("category")
    if "audiences" in field_names:
        queryset = queryset.prefetch_related("audiences")
    if result_type.is_page:
        return queryset
    if hasattr(model, "live"):
        queryset = queryset.filter(live=True)
    if hasattr(model, "SEARCHABLE_STATUSES"):
        queryset = queryset.filter(status__in=model.SEARCHABLE_STATUSES)
    return queryset


def _run(backend, result_type, queryset, tokens):
    """(object, score) pairs of one type, best first, through Wagtail's search API on any backend."""
    results = backend.search(PlainText(" ".join(tokens), operator="or"), queryset).annotate_score("_score")
    return [(hit, abs(float(hit._score or 0))) for hit in results[:CANDIDATES_PER_TYPE]]


def _sqlite_ranked(models, tokens, limit):
    """{model: [(pk, score)]} straight from the SQLite FTS5 index the database backend maintains.

    Wagtail's SQLite query re-runs the MATCH once per result row to annotate scores (hundreds of milliseconds);
    one query with FTS5's own bm25() and column weights (title above body) gives the same ranking in a few.
    """
    config = get_app_config()
    fts = config.get_model("SQLiteFTSIndexEntry")._meta.db_table
    entries = config.get_model("IndexEntry")._meta.db_table
    model_of = {pk: model for model in models for pk in get_descendants_content_types_pks(model)}
    match = "{title body} : (" + " OR ".join('"' + token.replace('"', '""') + '"' for token in tokens) + ")"
    placeholders = ", ".join(["%s"] * len(model_of))
    sql = (
        f"SELECT e.content_type_id, e.object_id, -bm25({fts}, 0.0, 1.0, %s) AS score FROM {fts} "
        f"JOIN {entries} e ON e.id = {fts}.rowid WHERE {fts} MATCH %s AND e.content_type_id IN ({placeholders}) "
        "ORDER BY score DESC LIMIT %s"
    )
    ranked = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [TITLE_WEIGHT, match, *model_of, limit])
        for content_type_id, object_id, score in cursor.fetchall():
            ranked.setdefault(model_of[content_type_id], []).append((object_id, score))
    return ranked


def _is_sqlite(backend):
    return type(backend).__name__ == "SQLiteSearchBackend"


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "all"):
        return " ".join(str(item) for item in value.all())
    if callable(value):
        return _text(value())
    if isinstance(value, (list, tuple)):
        return " ".join(_text(item) for item in value)
    if hasattr(value, "get_searchable_content") or hasattr(value, "stream_block"):
        return " ".join(str(chunk) for chunk in value.stream_block.get_searchable_content(value))
    return str(value)


def _first_attr(obj, names):
    for name in names:
        value = getattr(obj, name, None)
        if value:
            return _text(value)
    return ""


def _title(obj):
    if hasattr(obj, "masked_question"):
        return obj.masked_question()[:80]
    if getattr(obj, "number", None):
        return f"{obj.number} {obj.title}"
    return _first_attr(obj, ["title", "question"]) or str(obj)


def _body_text(obj):
    if hasattr(obj, "masked_answer"):
        return obj.masked_answer()
    return strip_tags(_first_attr(obj, ["answer", "summary", "description", "body", "intro"]))


def _url(obj, result_type, request):
    if result_type.is_page:
        return obj.get_url(request=request) or obj.url or ""
    if result_type.key == "inquiry":
        try:
            return reverse("inquiries:inspect", args=[obj.pk])
        except NoReverseMatch:
            return ""
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""


def _category(obj):
    category = getattr(obj, "category", None)
    return str(category) if category else ""


def _audiences(obj):
    audiences = getattr(obj, "audiences", None)
    if audiences is None:
        return []
    return [str(audience) for audience in audiences.all()]


def snippet(text, terms, length=SNIPPET_CHARS):
    """An HTML-escaped excerpt of `text` around the densest run of `terms`, each occurrence in <mark>."""
    text = analysis.normalize(text)
    if not text:
        return ""
    positions = sorted(
        (start, start + len(term)) for term in terms for start in _find_all(text, term)
    )
    start = 0
    if positions:
        best = max(positions, key=lambda span: sum(1 for s, _ in positions if span[0] <= s < span[0] + length))
        start = max(0, best[0] - length // 4)
    end = min(len(text), start + length)
    pieces, cursor = [], start
    for s, e in positions:
        if s < cursor or e > end:
            continue
        pieces.append(html.escape(text[cursor:s]))
        pieces.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    pieces.append(html.escape(text[cursor:end]))
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")


def _find_all(text, term):
    start = text.find(term)
    while start != -1:
        yield start
        start = text.find(term, start + len(term))


def _vocabulary(portal_key):
    """Words a 「もしかして」 suggestion may offer: synonym terms and the content words of this portal's titles."""
    key = f"search:vocabulary:{portal_key}"
    words = cache.get(key)
    if words is None:
        from portal.models import Category

        words = {member for group in synonym_groups() for member in group}
        words.update(Category.objects.values_list("name", flat=True))
        for title in Page.objects.live().values_list("title", flat=True)[:5000]:
            words.update(word for word in analysis.content_words(title) if len(word) >= 2)
        words = sorted(words)
        cache.set(key, words, 600)
    return words


def spelling_suggestion(query, portal_key):
    """A corrected query for 「もしかして」: each unknown chunk replaced by its closest known word, or None."""
    chunks = analysis.normalize(query)[: analysis.MAX_QUERY_CHARS].split()
    vocabulary = _vocabulary(portal_key)
    known = set(vocabulary)
    corrected = []
    for chunk in chunks:
        if chunk in known:
            corrected.append(chunk)
            continue
        match = difflib.get_close_matches(chunk, vocabulary, n=1, cutoff=0.6)
        corrected.append(match[0] if match else chunk)
    suggestion = " ".join(corrected)
    return suggestion if chunks and suggestion != " ".join(chunks) else None


def search(query, *, user, portal_key, types=None, category=None, audience=None, limit=10, offset=0, request=None):
    """Search one portal for `user`; see SearchResponse. Never raises on odd input; explains in `.notice`."""
    from pages.models import HomePage

    response = SearchResponse(query=query or "")
    query = (query or "").strip()
    if not query:
        return response
    if len(analysis.normalize(query)) > analysis.MAX_QUERY_CHARS:
        response.notice = TOO_LONG_NOTICE
    groups = synonym_groups()
    tokens = analysis.query_tokens(query, groups)
    if not tokens:
        response.notice = NO_WORDS_NOTICE
        return response
    home = HomePage.objects.filter(portal_key=portal_key).first()
    if home is None:
        return response

    allowed = visible_types(user, portal_key)
    hits, response.backend, notice = _search_all(allowed, portal_key, home, tokens)
    response.notice = notice or response.notice
    blocked = _blocked_paths(user, home)
    hits = [(t, obj, score) for t, obj, score in hits if not (t.is_page and obj.path.startswith(tuple(blocked or ["\0"])))]
    hits.sort(key=lambda hit: -hit[2])

    rows = [_row(t, obj, score) for t, obj, score in hits]
    for row in rows:
        _count(response.facets["type"], row["type"])
        if row["category"]:
            _count(response.facets["category"], row["category"])
        for name in row["audiences"]:
            _count(response.facets["audience"], name)
    wanted_types = set(types or [])
    rows = [
        row
        for row in rows
        if (not wanted_types or row["type"] in wanted_types)
        and (not category or row["category"] == category)
        and (not audience or not row["audiences"] or audience in row["audiences"])
    ]
    response.count = len(rows)
    terms = analysis.highlight_terms(query, groups)
    response.results = [_present(row, terms, request) for row in rows[offset : offset + limit]]
    if response.count < 3:
        response.suggestion = spelling_suggestion(query, portal_key)
    return response


def _count(bucket, key):
    bucket[key] = bucket.get(key, 0) + 1


def _row(result_type, obj, score):
    """What ranking, facets and filters need; the costlier presentation comes in _present for the shown page."""
    return {
        "type": result_type.key,
        "type_label": result_type.label,
        "id": obj.pk,
        "external_id": getattr(obj, "external_id", "") or "",
        "score": round(score, 4),
        "category": _category(obj),
        "audiences": _audiences(obj),
        "object": obj,
        "result_type": result_type,
    }


def _present(row, terms, request):
    obj, result_type = row.pop("object"), row.pop("result_type")
    title = _title(obj)
    return {
        **row,
        "title": title,
        "title_html": snippet(title, terms, length=200),
        "url": _url(obj, result_type, request),
        "snippet": snippet(_body_text(obj), terms),
    }


def _search_all(allowed, portal_key, home, tokens):
    """(hits, backend alias used, notice): every allowed type searched on the default backend, or on the database
    backend when Elasticsearch cannot answer."""
    backend = get_search_backend()
    try:
        return _search_types(backend, allowed, portal_key, home, tokens), "default", None
    except Exception as error:
        if not is_elasticsearch(backend) or FALLBACK_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.error("search: Elasticsearch unavailable, falling back to the database backend: %s", error)
        fallback = get_search_backend(FALLBACK_BACKEND)
        return _search_types(fallback, allowed, portal_key, home, tokens), FALLBACK_BACKEND, FALLBACK_NOTICE


def _search_types(backend, allowed, portal_key, home, tokens):
    """(type, object, score) of every allowed type; permission-free ranking first, then the portal's own
    querysets decide what may be shown."""
    if not _is_sqlite(backend):
        return [
            (result_type, obj, score)
            for result_type in allowed
            for obj, score in _run(backend, result_type, _base_queryset(result_type, portal_key, home), tokens)
        ]
    ranked = _sqlite_ranked([t.model for t in allowed], tokens, CANDIDATES_PER_TYPE * len(allowed))
    hits = []
    for result_type in allowed:
        scores = {str(pk): score for pk, score in ranked.get(result_type.model, [])}
        if scores:
            queryset = _base_queryset(result_type, portal_key, home).filter(pk__in=list(scores))
            hits.extend((result_type, obj, scores[str(obj.pk)]) for obj in queryset)
    return hits


def suggest(query, *, user, portal_key, limit=8, request=None):
    """Up to `limit` {title, url} of the best results for the header box's suggestion list."""
    response = search(query, user=user, portal_key=portal_key, limit=limit, request=request)
    return [{"title": row["title"], "url": row["url"]} for row in response.results]
