"""Step 2b of a search, the semantic leg: the query's embedding against the passages' (search.vectors).

The database backend scores every vector of the portal's items with numpy (int8 rows, a few milliseconds for tens of
thousands); for Elasticsearch this module writes the kNN request over the nested `dense_vector` of the same index,
sent in the same multi-search as the BM25 half. Either way an item scores as its best passage, as a cosine."""

from . import embedding, vectors
from .backend import VECTOR, VECTORS_FIELD

CANDIDATES_PER_TYPE = 40
# Elasticsearch looks at this many candidates per shard for each of the k it returns (HNSW is approximate).
NUM_CANDIDATES_FACTOR = 4


def numpy_ranked(query, models, portal_key, limit=CANDIDATES_PER_TYPE):
    """{model: [(pk, cosine)]} of the portal's items; {} without a model or a query vector."""
    model = embedding.embedder()
    vector = query.vector if model else None
    if vector is None:
        return {}
    ranked = {}
    for result_model in models:
        found = vectors.matrix(result_model, model.name).best(portal_key, vector, limit)
        if found:
            ranked[result_model] = found
    return ranked


def elasticsearch_body(vector, filters, k=CANDIDATES_PER_TYPE * 2):
    """The kNN search of one index: the k nearest documents (by their best passage) among those `filters` admit.
    Elasticsearch's cosine score is (1 + cosine) / 2; search.retrieval turns it back."""
    return {
        "knn": {
            "field": f"{VECTORS_FIELD}.{VECTOR}",
            "query_vector": [round(float(value), 6) for value in vector],
            "k": k,
            "num_candidates": k * NUM_CANDIDATES_FACTOR,
            "filter": filters,
        },
        "size": k,
        "_source": False,
        "stored_fields": "_none_",
        "docvalue_fields": ["pk", "_django_content_type"],
    }


def cosine(elasticsearch_score):
    return 2.0 * elasticsearch_score - 1.0
