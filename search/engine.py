"""The one entry point for searching the portals: `search()` for results pages and the API, `suggest()` for the
header box.

Queries are rewritten by search.analysis into the same tokens the index holds (plus synonyms), run against each
content type through Wagtail's configured search backend, then kept only where the user could open the result
(portal, live, view restrictions, internal-only types). If Elasticsearch fails, the database index (kept up to date
alongside it) answers instead, with a notice.
"""

import html
import logging
import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.cache import cache
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.query import PlainText

from portal.roles import reads_internal, user_groups

from . import analysis

logger = logging.getLogger(__name__)

CANDIDATES_PER_TYPE = 40
MAX_CANDIDATES = 100
TITLE_WEIGHT = 3.0
WORD_WEIGHT = 2.0
SYNONYM_WEIGHT = 1.0
SNIPPET_CHARS = 120
COMBINING_MARK = re.compile(r"[\u0300-\u036f\u3099\u309a\uff9e\uff9f]")
# One character with the combining marks that follow it (half-width ﾞ and ﾟ fold into the kana before them).
CHARACTER = re.compile(r".[\u0300-\u036f\u3099\u309a\uff9e\uff9f]*", re.DOTALL)
FALLBACK_BACKEND = "database"
# After Elasticsearch fails, searches go straight to the database index for this long instead of each waiting on
# the dead node; the outage is logged once, when it starts.
ELASTICSEARCH_RETRY_SECONDS = 30
FALLBACK_NOTICE = "検索サーバーに接続できないため、簡易検索で表示しています。順位が普段と異なる場合があります。"
TOO_LONG_NOTICE = f"検索語が長すぎるため、先頭の{analysis.MAX_QUERY_CHARS}文字で検索しました。"
NO_WORDS_NOTICE = "検索できる語が含まれていません。ことばを変えてお試しください。"
EMPTY_NOTICE = "検索する語を入力してください。"


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


_backends = {}


def search_backend(alias="default"):
    """The configured backend. Wagtail builds a new one, with a new Elasticsearch client and connection, on every
    get_search_backend(); one per configuration keeps the connection open from one search to the next."""
    config = repr(get_app_config().get_search_backend_config().get(alias))
    cached = _backends.get(alias)
    if cached is None or cached[0] != config:
        cached = _backends[alias] = (config, get_search_backend(alias))
    return cached[1]


def is_elasticsearch(backend):
    return "elasticsearch" in type(backend).__module__ or hasattr(backend, "es")


def visible_types(user, portal_key):
    """Result types this user may see in this portal and open: internal ones only for centre roles, and those
    that link into the admin (past inquiries) only with the model's view permission the link requires."""
    internal = reads_internal(user, portal_key)
    return [
        t for t in RESULT_TYPES if t.model is not None and (internal or not t.internal) and _may_open(user, t)
    ]


def _may_open(user, result_type):
    if result_type.is_page or not result_type.internal:
        return True
    options = result_type.model._meta
    return user.has_perm(f"{options.app_label}.{get_permission_codename('view', options)}")


def _blocked_paths(user, home):
    """Paths of page subtrees below `home` whose view restriction this user does not pass."""
    if user.is_superuser:
        return []
    group_ids = set(user_groups(user))
    passes = {}
    restrictions = PageViewRestriction.objects.filter(page__path__startswith=home.path)
    for pk, path, kind, group_id in restrictions.values_list("pk", "page__path", "restriction_type", "groups"):
        if kind == PageViewRestriction.GROUPS:
            passes[pk] = (path, passes.get(pk, (path, False))[1] or group_id in group_ids)
        else:
            open_to_user = kind == PageViewRestriction.LOGIN and user.is_authenticated
            passes[pk] = (path, kind == PageViewRestriction.NONE or open_to_user)
    return [path for path, passed in passes.values() if not passed]


def _base_queryset(result_type, portal_key, home):
    """Everything of one type that this portal shows: live pages under its home, or its live/answered rows."""
    model = result_type.model
    if result_type.is_page:
        return model.objects.live().descendant_of(home)
    queryset = model.objects.filter(portal=portal_key)
    if hasattr(model, "live"):
        queryset = queryset.filter(live=True)
    if hasattr(model, "SEARCHABLE_STATUSES"):
        queryset = queryset.filter(status__in=model.SEARCHABLE_STATUSES)
    return queryset


def _wagtail_ranked(backend, models, tokens, limit):
    """{model: [(pk, score)]} through Wagtail's search API, for backends without a faster path (PostgreSQL)."""
    query = PlainText(" ".join(tokens.all), operator="or")
    return {
        model: [(hit.pk, abs(float(hit._score or 0))) for hit in backend.search(query, model).annotate_score("_score")[:limit]]
        for model in models
    }


def _sqlite_ranked(models, tokens, limit):
    """{model: [(pk, score)]} straight from the SQLite FTS5 index the database backend maintains.

    Wagtail's SQLite query re-runs the MATCH once per result row to annotate scores (hundreds of milliseconds);
    one query with FTS5's own bm25() and column weights (title above body) gives the same ranking in a few.
    """
    config = get_app_config()
    fts = config.get_model("SQLiteFTSIndexEntry")._meta.db_table
    entries = config.get_model("IndexEntry")._meta.db_table
    model_of = {pk: model for model in models for pk in get_descendants_content_types_pks(model)}
    match = "{title body} : (" + " OR ".join('"' + token.replace('"', '""') + '"' for token in tokens.all) + ")"
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


def _elasticsearch_ranked(backend, allowed, tokens, portal_key, home):
    """{model: [(pk, score)]} in one round trip (one search per Elasticsearch index): the analysed tokens matched
    against all text and, with their boosts, against the weighted copies (title, keywords), only among documents
    this portal shows (as far as their filter fields tell; the database has the last word). A bool query with a
    filter matches everything unless told that one `should` clause must match."""
    by_index = {}
    for result_type in allowed:
        by_index.setdefault(backend.get_index_for_model(result_type.model).name, []).append(result_type)
    searches, models_of = [], []
    for index_name, types in by_index.items():
        mappings = {result_type: backend.mapping_class(result_type.model) for result_type in types}
        filters = [_elasticsearch_filter(result_type, mapping, portal_key, home) for result_type, mapping in mappings.items()]
        body = {
            "query": {
                "bool": {
                    "should": _elasticsearch_clauses(tokens, _elasticsearch_fields(backend.mapping_class, tuple(t.model for t in types))),
                    "minimum_should_match": 1,
                    "filter": {"bool": {"should": filters, "minimum_should_match": 1}},
                }
            },
            # Every type's best MAX_CANDIDATES are enough to fill the MAX_CANDIDATES best of all types.
            "size": MAX_CANDIDATES,
            # Counting every match would stop Elasticsearch from skipping documents that cannot reach the top `size`.
            "track_total_hits": False,
            "_source": False,
            # Both from doc values: reading the stored pk decompresses every hit's stored document (most of the time).
            "stored_fields": "_none_",
            "docvalue_fields": ["pk", "_django_content_type"],
        }
        searches += [{"index": index_name}, body]
        models_of.append({mapping.get_content_type(): result_type.model for result_type, mapping in mappings.items()})
    ranked = {}
    for response, models in zip(backend.es.msearch(searches=searches)["responses"], models_of):
        if "error" in response:
            raise ElasticsearchSearchError(response["error"])
        for hit in response["hits"]["hits"]:
            content_types = hit["fields"]["_django_content_type"]
            model = next((models[ct] for ct in reversed(content_types) if ct in models), None)
            if model is not None:
                ranked.setdefault(model, []).append((hit["fields"]["pk"][0], hit["_score"]))
    return ranked


class ElasticsearchSearchError(RuntimeError):
    """One search of a multi-search failed (Elasticsearch reports it in the response instead of raising)."""


@lru_cache(maxsize=64)
def _elasticsearch_fields(mapping_class, models):
    """All text, and the copy of each boosted field weighted by its boost."""
    boosts = {float(f.boost) for model in models for f in model.get_searchable_search_fields() if f.boost}
    mapping = mapping_class(models[0])
    return ["_all_text"] + [f"{mapping.get_boost_field_name(boost)}^{boost:g}" for boost in sorted(boosts)]


def _elasticsearch_filter(result_type, mapping, portal_key, home):
    """Elasticsearch's part of _base_queryset: this type, and whichever of live, portal, status and place in the
    page tree the model indexes as filter fields."""
    model = result_type.model
    columns = {field.field_name: mapping.get_field_column_name(field) for field in model.get_filterable_search_fields()}
    conditions = [{"term": {"_django_content_type": mapping.get_content_type()}}]
    if "live" in columns:
        conditions.append({"term": {columns["live"]: True}})
    if result_type.is_page and "path" in columns:
        conditions.append({"prefix": {columns["path"]: home.path}})
    if not result_type.is_page and "portal" in columns:
        conditions.append({"term": {columns["portal"]: portal_key}})
    if hasattr(model, "SEARCHABLE_STATUSES") and "status" in columns:
        conditions.append({"terms": {columns["status"]: [str(status) for status in model.SEARCHABLE_STATUSES]}})
    return {"bool": {"filter": conditions}}


def _elasticsearch_clauses(tokens, fields):
    """The query's words (weighted), each synonym group as the best of its members, and the bigrams; each summed
    over all text and the boosted copies of the weighted fields."""

    def match(words, **options):
        return {"multi_match": {"query": " ".join(words), "fields": fields, "type": "most_fields", **options}}

    clauses = [match(tokens.words, boost=WORD_WEIGHT)] if tokens.words else []
    clauses += [
        {"dis_max": {"queries": [match(member, operator="and") for member in group], "boost": SYNONYM_WEIGHT}}
        for group in tokens.synonyms
        if group
    ]
    if tokens.kana:
        clauses.append(match(tokens.kana))
    # The recall net, on all text only: matching it against every weighted copy too costs more than it ranks better.
    if tokens.grams:
        clauses.append({"match": {"_all_text": " ".join(tokens.grams)}})
    return clauses


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
    # Rich text keeps its entities after strip_tags; unescape them so the snippet escapes each character once.
    return html.unescape(strip_tags(_first_attr(obj, ["answer", "summary", "description", "body", "intro"])))


def _url(obj, result_type, request):
    if result_type.is_page:
        return obj.get_url(request=request) or obj.url or ""
    if result_type.key == "inquiry":
        try:
            return reverse("inquiries:inspect", args=[obj.pk])
        except NoReverseMatch:
            return ""
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""


def snippet(text, terms, length=SNIPPET_CHARS):
    """An HTML-escaped excerpt of `text` around the densest run of `terms`, each occurrence in <mark>. Terms are
    found in the text folded as the index folds it (ＡＢＣ, ﾍﾟﾝ), but readers see the text as written."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    folded, origins = _folded(text)
    terms = {_folded(term)[0] for term in terms}
    positions = sorted(
        (origins[start][0], origins[start + len(term) - 1][1]) for term in terms for start in _find_all(folded, term)
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


def _folded(text):
    """`text` NFKC-folded and lowercased one character (with its combining marks) at a time, and for each folded
    character the (start, end) of the original character it came from."""
    folded = unicodedata.normalize("NFKC", text).lower()
    # Usually every character folds to exactly one (no combining marks, no ligatures): positions then carry over.
    if len(folded) == len(text) and not COMBINING_MARK.search(text):
        return folded, [(i, i + 1) for i in range(len(text))]
    folded, origins = [], []
    for match in CHARACTER.finditer(text):
        piece = unicodedata.normalize("NFKC", match.group()).lower()
        folded.append(piece)
        origins.extend([match.span()] * len(piece))
    return "".join(folded), origins


def _find_all(text, term):
    start = text.find(term)
    while start != -1:
        yield start
        start = text.find(term, start + len(term))


def _public_titles(portal_key):
    """Titles of the live pages every reader of the portal may open: under its home, outside internal subtrees
    (work manuals and other view-restricted pages), since one vocabulary serves every user of the portal."""
    from pages.models import HomePage

    home = HomePage.objects.filter(portal_key=portal_key).first()
    if home is None:
        return []
    pages = Page.objects.live().descendant_of(home)
    restricted = PageViewRestriction.objects.filter(page__path__startswith=home.path).exclude(page=home)
    for path in restricted.values_list("page__path", flat=True):
        pages = pages.exclude(path__startswith=path)
    return pages.values_list("title", flat=True)[:5000]


def _vocabulary(portal_key):
    """The 「もしかして」 vocabulary of a portal: synonyms, categories and the titles every reader may open."""
    key = f"search:vocabulary:{portal_key}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        from portal.models import Category

        texts = [member for group in synonym_groups() for member in group]
        texts += list(Category.objects.values_list("name", flat=True)) + list(_public_titles(portal_key))
        vocabulary = analysis.Vocabulary.of(texts)
        cache.set(key, vocabulary, 600)
    return vocabulary


def spelling_suggestion(query, portal_key, seen=""):
    """A corrected query for 「もしかして」 when a word of it is unknown to the portal (and not in `seen`, the text of
    the results) and reads or is spelt like a known one (年末調製の書き方 → 年末調整の書き方), or None."""
    return analysis.spelling_suggestion(query, _vocabulary(portal_key), seen)


@dataclass
class Hit:
    result_type: ResultType
    pk: int
    score: float
    category: str = ""
    audiences: list = field(default_factory=list)


def search(query, *, user, portal_key, types=None, category=None, audience=None, limit=10, offset=0, request=None):
    """Search one portal for `user`; see SearchResponse. Never raises on odd input; explains in `.notice`."""
    from pages.models import HomePage

    response = SearchResponse(query=query or "")
    query = (query or "").strip()
    if not query:
        response.notice = EMPTY_NOTICE
        return response
    if len(analysis.normalize(query)) > analysis.MAX_QUERY_CHARS:
        response.notice = TOO_LONG_NOTICE
    groups = synonym_groups()
    tokens = analysis.query_tokens(query, groups)
    home = HomePage.objects.filter(portal_key=portal_key).first()
    if not tokens or home is None:
        response.notice = NO_WORDS_NOTICE if not tokens else response.notice
        return response

    allowed = visible_types(user, portal_key)
    ranked, response.backend, notice = _ranked_with_fallback(allowed, tokens, portal_key, home)
    response.notice = notice or response.notice
    hits = _permitted(allowed, ranked, portal_key, home, tuple(_blocked_paths(user, home)) or ("\0",))
    _add_audiences(hits)
    for hit in hits:
        _count(response.facets["type"], hit.result_type.key)
        if hit.category:
            _count(response.facets["category"], hit.category)
        for name in hit.audiences:
            _count(response.facets["audience"], name)
    # Content addressed to nobody in particular is for everyone, so choosing any audience keeps it.
    for_everyone = sum(1 for hit in hits if not hit.audiences)
    response.facets["audience"] = {name: count + for_everyone for name, count in response.facets["audience"].items()}
    hits = [
        hit
        for hit in hits
        if (not types or hit.result_type.key in types)
        and (not category or hit.category == category)
        and (not audience or not hit.audiences or audience in hit.audiences)
    ]
    response.count = len(hits)
    terms = analysis.highlight_terms(query, groups)
    response.results, shown = _present(hits[offset : offset + limit], terms, request)
    response.suggestion = spelling_suggestion(query, portal_key, shown)
    return response


def _count(bucket, key):
    bucket[key] = bucket.get(key, 0) + 1


def _ranked_with_fallback(allowed, tokens, portal_key, home):
    """({model: [(pk, score)]}, backend alias used, notice), from the default backend or, when Elasticsearch
    cannot answer (or failed less than ELASTICSEARCH_RETRY_SECONDS ago), from the database backend that is indexed
    alongside it."""
    backend = search_backend()
    if not is_elasticsearch(backend) or FALLBACK_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:
        return _ranked(backend, allowed, tokens, portal_key, home), "default", None
    if time.monotonic() >= getattr(backend, "portal_down_until", 0.0):
        try:
            return _ranked(backend, allowed, tokens, portal_key, home), "default", None
        except Exception as error:
            backend.portal_down_until = time.monotonic() + ELASTICSEARCH_RETRY_SECONDS
            logger.error(
                "search: Elasticsearch unavailable, database backend answers for the next %ss: %s",
                ELASTICSEARCH_RETRY_SECONDS,
                error,
            )
    return _ranked(search_backend(FALLBACK_BACKEND), allowed, tokens, portal_key, home), FALLBACK_BACKEND, FALLBACK_NOTICE


def _ranked(backend, allowed, tokens, portal_key, home):
    if is_elasticsearch(backend):
        return _elasticsearch_ranked(backend, allowed, tokens, portal_key, home)
    models, limit = [t.model for t in allowed], CANDIDATES_PER_TYPE * len(allowed)
    if _is_sqlite(backend):
        return _sqlite_ranked(models, tokens, limit)
    return _wagtail_ranked(backend, models, tokens, CANDIDATES_PER_TYPE)


def _permitted(allowed, ranked, portal_key, home, blocked_paths):
    """The ranked candidates this user may open in this portal, best first, with their category names; one query
    per type."""
    hits = []
    for result_type in allowed:
        scores = {str(pk): score for pk, score in ranked.get(result_type.model, [])}
        if not scores:
            continue
        columns = ["pk"] + (["path"] if result_type.is_page else [])
        if "category" in _field_names(result_type.model):
            columns.append("category__name")
        queryset = _base_queryset(result_type, portal_key, home).filter(pk__in=list(scores))
        for row in queryset.values_list(*columns, named=True):
            if not (result_type.is_page and row.path.startswith(blocked_paths)):
                hits.append(Hit(result_type, row.pk, scores[str(row.pk)], getattr(row, "category__name", None) or ""))
    return sorted(hits, key=lambda hit: (-hit.score, hit.pk))[:MAX_CANDIDATES]


@lru_cache(maxsize=None)
def _field_names(model):
    return {f.name for f in model._meta.get_fields()}


def _add_audiences(hits):
    """Fill in each hit's audience names (for facets and filters) with one query per type that has audiences."""
    by_type = {}
    for hit in hits:
        by_type.setdefault(hit.result_type, {})[hit.pk] = hit
    for result_type, by_pk in by_type.items():
        if "audiences" in _field_names(result_type.model):
            rows = result_type.model.objects.filter(pk__in=list(by_pk), audiences__isnull=False)
            for pk, name in rows.values_list("pk", "audiences__name"):
                by_pk[pk].audiences.append(name)


def _present(hits, terms, request):
    """The result rows of one page (titles, links and highlighted snippets, loading only these objects) and their
    plain text."""
    objects = {}
    for result_type in {hit.result_type for hit in hits}:
        pks = [hit.pk for hit in hits if hit.result_type == result_type]
        objects[result_type] = result_type.model.objects.in_bulk(pks)
    rows, texts = [], []
    for hit in hits:
        obj = objects[hit.result_type][hit.pk]
        title, body = _title(obj), _body_text(obj)
        texts += [title, body]
        rows.append(
            {
                "type": hit.result_type.key,
                "type_label": hit.result_type.label,
                "id": hit.pk,
                "external_id": getattr(obj, "external_id", "") or "",
                "title": title,
                "title_html": snippet(title, terms, length=200),
                "url": _url(obj, hit.result_type, request),
                "snippet": snippet(body, terms),
                "score": round(hit.score, 4),
                "category": hit.category,
                "audiences": hit.audiences,
            }
        )
    return rows, "\n".join(texts)


# The header box's suggestions name their type in a word or two (FAQ / 手続き / 様式 / お知らせ).
SUGGESTION_LABELS = {"faq": "FAQ", "procedure": "手続き", "form": "様式", "news": "お知らせ", "manual": "マニュアル", "inquiry": "過去の問い合わせ"}


def suggest(query, *, user, portal_key, limit=8, request=None):
    """Up to `limit` {title, url, type, type_label} of the best results for the header box's suggestion list."""
    response = search(query, user=user, portal_key=portal_key, limit=limit, request=request)
    return [
        {"title": row["title"], "url": row["url"], "type": row["type"], "type_label": SUGGESTION_LABELS.get(row["type"], row["type_label"])}
        for row in response.results
    ]
