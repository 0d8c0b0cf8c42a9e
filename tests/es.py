"""A real Elasticsearch for tests marked `elasticsearch` (loaded as a pytest plugin by conftest).

One node per test session, started only when the first such test asks for it (fetched from Maven Central into
.cache/es on a fresh clone) and stopped when the session ends; under xdist the tests share one worker
(`xdist_group("elasticsearch")` with `--dist loadgroup`) so only one node starts. A node that cannot be fetched or
started skips the tests, or fails them under CI=true (tests.servers.unavailable).
"""

import time
import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from search.esnode import Node, NodeError

from .servers import unavailable


@pytest.fixture(scope="session")
def es_node():
    node = Node()
    started = time.monotonic()
    try:
        node.start()
    except (NodeError, OSError) as error:
        node.stop()
        unavailable(f"Elasticsearch を起動できません: {error}")
    print(f"\nElasticsearch {node.url} started in {time.monotonic() - started:.1f}s")
    yield node
    node.stop()


def backends_on(url, index_prefix):
    """WAGTAILSEARCH_BACKENDS as the settings build them for SEARCH_BACKEND=elasticsearch."""
    return {
        "default": {"BACKEND": "search.backend", "URLS": [url], "INDEX_PREFIX": index_prefix, "TIMEOUT": 10},
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }


@pytest.fixture(scope="session")
def es_backends(es_node, django_db_setup, django_db_blocker):
    """The session's backends, the Elasticsearch one indexed once with the demo content (a rebuild takes seconds)."""
    backends = backends_on(es_node.url, f"test_{uuid.uuid4().hex[:12]}_")
    with django_db_blocker.unblock(), override_settings(WAGTAILSEARCH_BACKENDS=backends):
        call_command("update_index", backend_name="default", verbosity=0)
    return backends


def indexed_documents(es, prefix):
    """{(index alias, document id)} of everything in the indexes under `prefix`, after making it searchable."""
    es.indices.refresh(index=f"{prefix}*")
    aliases = {name: next(iter(info["aliases"]), name) for name, info in es.indices.get_alias(index=f"{prefix}*").items()}
    hits = es.search(index=f"{prefix}*", size=10_000, source=False, query={"match_all": {}})["hits"]["hits"]
    return {(aliases[hit["_index"]], hit["_id"]) for hit in hits}


@pytest.fixture
def elasticsearch(es_backends, settings, db):
    """Search through the session's node for one test. Backends are built from settings on every
    get_search_backend() call, so overriding the setting is enough; the documents the test added are removed
    afterwards, as its database rows are rolled back."""
    settings.WAGTAILSEARCH_BACKENDS = es_backends
    backend = get_search_backend()
    before = indexed_documents(backend.es, backend.index_prefix)
    yield backend
    for alias, document_id in indexed_documents(backend.es, backend.index_prefix) - before:
        backend.es.delete(index=alias, id=document_id, refresh=True)
