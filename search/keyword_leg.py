"""Step 2a of a search, the BM25 leg: the analysed query's tokens against the keyword index of each backend.

SQLite is queried straight through the FTS5 table the database backend maintains, PostgreSQL through Wagtail's
search API; for Elasticsearch this module writes the request body (search.retrieval sends it with the kNN half in one
multi-search)."""

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
            ranked.setdefault(model_of[content_type_id], []).append((int(object_id), score))
    return ranked


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
