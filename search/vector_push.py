"""New vectors reach the Elasticsearch documents already indexed: a partial update of each document's nested
`passage_vectors`, in bulk, after `embed_passages` embedded a chunk of items (a save re-indexes the whole document)."""

import logging

from elasticsearch.helpers import bulk
from wagtail.search.backends import get_search_backends

from . import vectors
from .backend import VECTOR, VECTORS_FIELD

logger = logging.getLogger(__name__)


def push_to_elasticsearch(model, objects):
    for backend in get_search_backends(with_auto_update=True):
        if not hasattr(backend, "es"):
            continue
        index = backend.get_index_for_model(model)
        mapping = backend.mapping_class(model)
        stored = vectors.prefetch(model, objects)
        actions = [
            {
                "_op_type": "update",
                "_index": index.name,
                "_id": mapping.get_document_id(obj),
                "doc": {VECTORS_FIELD: [{VECTOR: vector} for vector in vectors.document_vectors(obj, stored)]},
            }
            for obj in objects
        ]
        # Items not in the index yet (never indexed, or their type has no vector field) get theirs at the next index.
        _, errors = bulk(backend.es, actions, raise_on_error=False, stats_only=True)
        if errors:
            logger.warning("search: %s of %s vectors not pushed to Elasticsearch (run update_index)", errors, len(actions))
