"""「もしかして」: the words a portal knows (synonyms, categories and the titles every reader may open), cached per
portal, and the corrected query when a phrase of the query reads or is spelt like one of them."""

from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction

from . import analysis


def synonym_groups():
    from .models import Synonym

    return Synonym.groups()


def _public_titles(portal_key):
    """Titles of the live pages every reader of the portal may open: under its home, outside internal subtrees
    (work manuals and other view-restricted pages), since one vocabulary serves every user of the portal."""
    from pages.models import portal_home

    home = portal_home(portal_key)
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


def spelling_suggestion(query, portal_key, seen="", morphemes=None):
    """A corrected query for 「もしかして」 when a word of it is unknown to the portal (and not in `seen`, the text of
    the results) and reads or is spelt like a known one (年末調製の書き方 → 年末調整の書き方), or None."""
    return analysis.spelling_suggestion(query, _vocabulary(portal_key), seen, morphemes)
