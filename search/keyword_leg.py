"""Step 2a of a search, the BM25 leg: the analysed query's tokens against the keyword index of each backend.

SQLite is queried straight through the FTS5 table the database backend maintains, PostgreSQL through Wagtail's
search API; for Elasticsearch this module writes the request body (search.retrieval sends it with the kNN half in one
multi-search)."""

import time
from functools import lru_cache

from django.db import connection
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.query import PlainText

CANDIDATES_PER_TYPE = 40
# Elasticsearch: every type's best MAX_CANDIDATES are enough to fill the MAX_CANDIDATES best of all types.
MAX_CANDIDATES = 100
TITLE_WEIGHT = 3.0
WORD_WEIGHT = 2.0
SYNONYM_WEIGHT = 1.0


def wagtail_ranked(backend, models, tokens, limit=CANDIDATES_PER_TYPE):
    """{model: [(pk, score)]} through Wagtail's search API, for backends without a faster path (PostgreSQL)."""
    query = PlainText(" ".join(tokens.all), operator="or")
    return {
        model: [(int(hit.pk), abs(float(hit._score or 0))) for hit in backend.search(query, model).annotate_score("_score")[:limit]]
        for model in models
    }


def sqlite_ranked(models, tokens, limit):
    """{model: [(pk, score)]} straight from the SQLite FTS5 index the database backend maintains.

    Wagtail's SQLite query re-runs the MATCH once per result row to annotate scores (hundreds of milliseconds);
    one query with FTS5's own bm25() and column weights (title above body) gives the same ranking in a few. FTS5
    scores every document that matches any token, so bigrams of the recall net that most documents hold (手当 among
    100,000 inquiries) are left out: they add little to a document's score and most of the query's work.
    """
    config = get_app_config()
    fts = config.get_model("SQLiteFTSIndexEntry")._meta.db_table
    entries = config.get_model("IndexEntry")._meta.db_table
    model_of = {pk: model for model in models for pk in get_descendants_content_types_pks(model)}
    placeholders = ", ".join(["%s"] * len(model_of))
    ranked = {}
    with connection.cursor() as cursor:
        terms = _without_common_grams(cursor, fts, entries, tokens)
        match = "{title body} : (" + " OR ".join('"' + token.replace('"', '""') + '"' for token in terms) + ")"
        sql = (
            f"SELECT e.content_type_id, e.object_id, -bm25({fts}, 0.0, 1.0, %s) AS score FROM {fts} "
            f"JOIN {entries} e ON e.id = {fts}.rowid WHERE {fts} MATCH %s AND e.content_type_id IN ({placeholders}) "
            "ORDER BY score DESC LIMIT %s"
        )
        cursor.execute(sql, [TITLE_WEIGHT, match, *model_of, limit])
        for content_type_id, object_id, score in cursor.fetchall():
            ranked.setdefault(model_of[content_type_id], []).append((int(object_id), score))
    return ranked


# A bigram in more of the documents than this share is left out of the recall net (its BM25 weight is below ~1.4).
COMMON_GRAM_SHARE = 0.2
_cache = {}


def _without_common_grams(cursor, fts, entries, tokens):
    """The query's tokens for FTS5, without the recall net's bigrams that most documents hold (per the index's
    fts5vocab table, search migration 0006); a query of nothing but such bigrams keeps its rarest three."""
    grams = tokens.grams
    if not grams or f"{fts}_vocab" not in _tables():
        return tokens.all
    cursor.execute(f"SELECT term, doc FROM {fts}_vocab WHERE term IN ({', '.join(['%s'] * len(grams))})", grams)
    frequency = dict(cursor.fetchall())
    total = _document_count(cursor, entries)
    kept = [gram for gram in grams if frequency.get(gram, 0) <= COMMON_GRAM_SHARE * total]
    precise = [token for token in tokens.all if token not in set(grams)]
    if not precise and not kept:
        kept = sorted(grams, key=lambda gram: frequency.get(gram, 0))[:3]
    return precise + kept


def _tables():
    tables = _cache.get("tables")
    if tables is None:
        tables = _cache["tables"] = set(connection.introspection.table_names())
    return tables


def _document_count(cursor, entries):
    """Documents in the index, counted at most every few minutes (it changes slowly; the share is a rough cut)."""
    counted = _cache.get("count")
    if counted is None or time.monotonic() - counted[1] > 300:
        cursor.execute(f"SELECT COUNT(*) FROM {entries}")
        counted = _cache["count"] = (cursor.fetchone()[0], time.monotonic())
    return counted[0]


def elasticsearch_body(backend, models, tokens, filters):
    """The BM25 search of one Elasticsearch index: the analysed tokens matched against all text and, with their
    boosts, against the weighted copies (title, keywords), among the documents `filters` admit. A bool query with a
    filter matches everything unless told that one `should` clause must match."""
    return {
        "query": {
            "bool": {
                "should": elasticsearch_clauses(tokens, elasticsearch_fields(backend.mapping_class, tuple(models))),
                "minimum_should_match": 1,
                "filter": filters,
            }
        },
        "size": MAX_CANDIDATES,
        # Counting every match would stop Elasticsearch from skipping documents that cannot reach the top `size`.
        "track_total_hits": False,
        "_source": False,
        # Both from doc values: reading the stored pk decompresses every hit's stored document (most of the time).
        "stored_fields": "_none_",
        "docvalue_fields": ["pk", "_django_content_type"],
    }


@lru_cache(maxsize=64)
def elasticsearch_fields(mapping_class, models):
    """All text, and the copy of each boosted field weighted by its boost."""
    boosts = {float(f.boost) for model in models for f in model.get_searchable_search_fields() if f.boost}
    mapping = mapping_class(models[0])
    return ["_all_text"] + [f"{mapping.get_boost_field_name(boost)}^{boost:g}" for boost in sorted(boosts)]


def elasticsearch_clauses(tokens, fields):
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
