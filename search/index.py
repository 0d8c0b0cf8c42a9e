"""Search-field declarations that index Japanese text in analysed form (see search.analysis).

Models list these in their `search_fields`; both the database backend and Elasticsearch then store whitespace-
separated tokens. The field keeps the name of its first source so the model's system checks stay clean. Every text
is masked (portal.masking) before it is analysed: a phone number or account pasted into an FAQ answer, a manual or a
様式's description never reaches the index, whatever the model.
"""

import html
from functools import lru_cache

from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from portal.masking import mask_personal_data

from .analysis import index_text


def language_of(obj):
    """The language an object's text is written in: its locale's (pages, translations), else Japanese."""
    return obj.locale.language_code if getattr(obj, "locale_id", None) else "ja"


def _as_text(value):
    if value is None:
        return ""
    if hasattr(value, "all"):
        return " ".join(_as_text(item) for item in value.all())
    if isinstance(value, (list, tuple, set)):
        return " ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_as_text(item) for item in value.values())
    return html.unescape(strip_tags(str(value)))


def source_text(obj, source):
    """The text of one source of `obj`: a field, method or property, or `relation__attribute` across a foreign key
    or a to-many relation (e.g. "category__name", "versions__change_summary")."""
    if "__" in source:
        relation, rest = source.split("__", 1)
        related = getattr(obj, relation, None)
        if related is None:
            return ""
        items = related.all() if hasattr(related, "all") else [related]
        return " ".join(source_text(item, rest) for item in items)
    if isinstance(obj, index.Indexed):
        return _as_text(index.SearchField(source).get_value(obj))
    value = getattr(obj, source, None)
    return _as_text(value() if callable(value) else value)


@lru_cache(maxsize=4096)
def _analysed(texts, language):
    """index_text of the masked texts, remembered per distinct input: the database backend reads every search field
    three times per object (title, body, autocomplete) and answers of past inquiries repeat, so most analyses would
    be done again."""
    return index_text(*map(mask_personal_data, texts), language=language)


class AnalysedField(index.SearchField):
    """A SearchField whose indexed value is the analysed text of the named field plus further `sources`."""

    def __init__(self, field_name, *sources, boost=None, **kwargs):
        super().__init__(field_name, boost=boost, **kwargs)
        self.sources = (field_name, *sources)

    def get_type(self, cls):
        return "TextField"

    def get_value(self, obj):
        return _analysed(tuple(source_text(obj, source) for source in self.sources), language_of(obj))


def page_search_fields(*fields, title_sources=()):
    """Page.search_fields, then the analysed title (most weight; it supersedes the raw title in Elasticsearch,
    which stores one value per field name), then `fields`."""
    return Page.search_fields + [AnalysedField("title", *title_sources, boost=3), *fields]
