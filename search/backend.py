"""Wagtail's Elasticsearch 9 backend with the index analysis this project runs everywhere (test node and production).

Japanese is segmented in Python (search.analysis) at index and query time, so every text field is analysed by
whitespace only. This needs nothing beyond the analysers built into the Elasticsearch server itself: the node
distribution we can obtain has no analysis-common, kuromoji or icu module (so no cjk_bigram or synonym_graph);
synonyms are therefore expanded in the query rewrite, from the admin-edited Synonym snippets, with no reindex.

Each document also carries the vectors of its passages (search.vectors) as a nested `dense_vector`, for the kNN half
of the search (search.semantic_leg); there is one nested entry per passage, so a manual scores as its best section.
"""

from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)

from . import embedding, passages, vectors

# Only the server's prebuilt analysers exist on that node (a configured "whitespace" analyser type does not), so
# every text field names the prebuilt "whitespace" analyser in the mapping instead of an index default.
ANALYZER = "whitespace"
INDEX_SETTINGS = {"settings": {"index": {"number_of_shards": 1, "number_of_replicas": 0}}}
VECTORS_FIELD = "passage_vectors"
VECTOR = "vector"


class JapaneseMapping(Elasticsearch9Mapping):
    edgengram_analyzer_config = {"analyzer": ANALYZER, "search_analyzer": ANALYZER}

    def get_mapping(self):
        mapping = super().get_mapping()
        _use_analyzer(mapping["properties"])
        embedder = embedding.embedder()
        if embedder is not None and passages.has_passages(self.model):
            vector = {"type": "dense_vector", "dims": embedder.dimensions, "similarity": "cosine"}
            vector["index_options"] = {"type": "int8_hnsw"}
            mapping["properties"][VECTORS_FIELD] = {"type": "nested", "properties": {VECTOR: vector}}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        if passages.has_passages(type(obj)):
            found = vectors.document_vectors(obj, getattr(obj, "_search_vectors", None))
            if found:
                document[VECTORS_FIELD] = [{VECTOR: vector} for vector in found]
        return document


def _use_analyzer(properties):
    for field_mapping in properties.values():
        if field_mapping.get("type") == "text":
            field_mapping.setdefault("analyzer", ANALYZER)
        if "properties" in field_mapping:
            _use_analyzer(field_mapping["properties"])


class JapaneseIndex(Elasticsearch9Index):
    def add_items(self, model, items):
        """Documents in bulk, with the stored vectors of all items read in one query."""
        if passages.has_passages(model):
            stored = vectors.prefetch(model, items)
            for item in items:
                item._search_vectors = stored
        super().add_items(model, items)


class JapaneseQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = JapaneseMapping


class JapaneseAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = JapaneseMapping


class SearchBackend(Elasticsearch9SearchBackend):
    mapping_class = JapaneseMapping
    index_class = JapaneseIndex
    query_compiler_class = JapaneseQueryCompiler
    autocomplete_query_compiler_class = JapaneseAutocompleteQueryCompiler
    settings = INDEX_SETTINGS
