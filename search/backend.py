"""Wagtail's Elasticsearch 9 backend with the index analysis this project runs everywhere (test node and production).

Japanese is segmented in Python (search.analysis) at index and query time, so every text field is analysed by
whitespace only. This needs nothing beyond the analysers built into the Elasticsearch server itself: the node
distribution we can obtain has no analysis-common, kuromoji or icu module (so no cjk_bigram or synonym_graph);
synonyms are therefore expanded in the query rewrite, from the admin-edited Synonym snippets, with no reindex.
"""

from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)

# Only the server's prebuilt analysers exist on that node (a configured "whitespace" analyser type does not), so
# every text field names the prebuilt "whitespace" analyser in the mapping instead of an index default.
ANALYZER = "whitespace"
INDEX_SETTINGS = {"settings": {"index": {"number_of_shards": 1, "number_of_replicas": 0}}}


class JapaneseMapping(Elasticsearch9Mapping):
    edgengram_analyzer_config = {"analyzer": ANALYZER, "search_analyzer": ANALYZER}

    def get_mapping(self):
        mapping = super().get_mapping()
        _use_analyzer(mapping["properties"])
        return mapping


def _use_analyzer(properties):
    for field_mapping in properties.values():
        if field_mapping.get("type") == "text":
            field_mapping.setdefault("analyzer", ANALYZER)
        if "properties" in field_mapping:
            _use_analyzer(field_mapping["properties"])


class JapaneseQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = JapaneseMapping


class JapaneseAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = JapaneseMapping


class SearchBackend(Elasticsearch9SearchBackend):
    mapping_class = JapaneseMapping
    query_compiler_class = JapaneseQueryCompiler
    autocomplete_query_compiler_class = JapaneseAutocompleteQueryCompiler
    settings = INDEX_SETTINGS
