"""Step 2 of a search, retrieve: both legs from the configured backend — BM25 (search.keyword_leg) and semantic
(search.semantic_leg) — as {model: [(pk, score)]} each. Elasticsearch answers both in one multi-search round trip;
the database backend runs FTS5 and numpy. If Elasticsearch fails, the database index (kept up to date alongside it)
answers instead, with a notice, and is used alone for ELASTICSEARCH_RETRY_SECONDS."""

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from modelsearch.conf import get_app_config
from wagtail.search.backends import get_search_backend

from . import embedding, keyword_leg, semantic_leg

logger = logging.getLogger(__name__)

FALLBACK_BACKEND = "database"
# After Elasticsearch fails, searches go straight to the database index for this long instead of each waiting on
# the dead node; the outage is logged once, when it starts.
ELASTICSEARCH_RETRY_SECONDS = 30
FALLBACK_NOTICE = "検索サーバーに接続できないため、簡易検索で表示しています。順位が普段と異なる場合があります。"


@dataclass
class Retrieved:
    keyword: dict = field(default_factory=dict)
    semantic: dict = field(default_factory=dict)
    backend: str = "default"
    notice: str | None = None


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


def retrieve(query, allowed, portal_key, home, semantic=True):
    """Both legs for the result types `allowed`, from the default backend or, when Elasticsearch cannot answer (or
    failed less than ELASTICSEARCH_RETRY_SECONDS ago), from the database backend. `semantic=False` runs BM25 alone."""
    backend = search_backend()
    if not is_elasticsearch(backend) or FALLBACK_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:
        return _retrieve(backend, query, allowed, portal_key, home, semantic)
    if time.monotonic() >= getattr(backend, "portal_down_until", 0.0):
        try:
            return _retrieve(backend, query, allowed, portal_key, home, semantic)
        except Exception as error:
            backend.portal_down_until = time.monotonic() + ELASTICSEARCH_RETRY_SECONDS
            logger.error(
                "search: Elasticsearch unavailable, database backend answers for the next %ss: %s",
                ELASTICSEARCH_RETRY_SECONDS,
                error,
            )
    found = _retrieve(search_backend(FALLBACK_BACKEND), query, allowed, portal_key, home, semantic)
    found.backend, found.notice = FALLBACK_BACKEND, FALLBACK_NOTICE
    return found


def _retrieve(backend, query, allowed, portal_key, home, semantic):
    if is_elasticsearch(backend):
        return _elasticsearch(backend, query, allowed, portal_key, home, semantic)
    models = [t.model for t in allowed]
    if type(backend).__name__ == "SQLiteSearchBackend":
        keyword = keyword_leg.sqlite_ranked(models, query.tokens, keyword_leg.CANDIDATES_PER_TYPE * len(allowed))
    else:
        keyword = keyword_leg.wagtail_ranked(backend, models, query.tokens)
    return Retrieved(keyword, semantic_leg.numpy_ranked(query, models, portal_key) if semantic else {})


class ElasticsearchSearchError(RuntimeError):
    """One search of a multi-search failed (Elasticsearch reports it in the response instead of raising)."""


def _elasticsearch(backend, query, allowed, portal_key, home, semantic):
    """Per Elasticsearch index, one BM25 search and (with a query vector) one kNN search, all in one msearch, only
    among documents this portal shows (as far as their filter fields tell; the database has the last word)."""
    by_index = {}
    for result_type in allowed:
        by_index.setdefault(backend.get_index_for_model(result_type.model).name, []).append(result_type)
    vector = query.vector if semantic and embedding.embedder() else None
    searches, legs = [], []
    for index_name, types in by_index.items():
        mappings = {result_type: backend.mapping_class(result_type.model) for result_type in types}
        filters = {
            "bool": {
                "should": [_filter(result_type, mapping, portal_key, home) for result_type, mapping in mappings.items()],
                "minimum_should_match": 1,
            }
        }
        models = {mapping.get_content_type(): result_type.model for result_type, mapping in mappings.items()}
        searches += [{"index": index_name}, keyword_leg.elasticsearch_body(backend, [t.model for t in types], query.tokens, filters)]
        legs.append(("keyword", models))
        if vector is not None:
            searches += [{"index": index_name}, semantic_leg.elasticsearch_body(vector, filters)]
            legs.append(("semantic", models))
    found = Retrieved()
    for response, (leg, models) in zip(backend.es.msearch(searches=searches)["responses"], legs):
        if "error" in response:
            if leg == "semantic" and _no_vectors(response["error"]):
                continue
            raise ElasticsearchSearchError(response["error"])
        ranked = getattr(found, leg)
        for hit in response["hits"]["hits"]:
            content_types = hit["fields"]["_django_content_type"]
            model = next((models[ct] for ct in reversed(content_types) if ct in models), None)
            if model is not None:
                score = semantic_leg.cosine(hit["_score"]) if leg == "semantic" else hit["_score"]
                ranked.setdefault(model, []).append((int(hit["fields"]["pk"][0]), score))
    return found


_reported = set()


def _no_vectors(error):
    """An index built before vectors existed (or with the model off) has no vector field: BM25 alone then, said once
    per process and kind of error."""
    text = str(error)
    if "failed to create query" in text or "unknown field" in text or "not dense_vector" in text or "No mapping" in text:
        if text[:80] not in _reported:
            _reported.add(text[:80])
            logger.warning("search: an Elasticsearch index has no vectors (run manage.py update_index): %s", text[:200])
        return True
    return False


def _filter(result_type, mapping, portal_key, home):
    """Elasticsearch's part of search.permissions.base_queryset: this type, and whichever of live, portal, status and
    place in the page tree the model indexes as filter fields."""
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
