"""English text analysis for translated pages (wagtail-localize), shared by indexing and querying like the Japanese
scheme in search.analysis: NFKC width folding, lowercasing, English stop words dropped and Snowball (Porter 2)
stems, so that "leaves", "leave" and "leaving" find each other. The engines still only split on whitespace."""

import re
import threading
import unicodedata

import snowballstemmer

ANALYSIS_NAME = "english: NFKC, lowercase, stop words, snowball-english stems"
WORD = re.compile(r"[a-z0-9]+")
# Function words that carry no topic (a short list: "how", "when", "change" stay, readers type them as keywords).
STOP_WORDS = set(
    "a an and are as at be been but by can could do does did for from had has have i if in into is it its me my "
    "of on or our please should so than that the their them then there these they this those to us was we were "
    "what which who will with would you your".split()
)

_local = threading.local()


def _stemmer():
    """One stemmer per thread (a Snowball stemmer keeps state while it stems)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


def surface_words(text):
    """The words of `text` as typed, width-folded and lowercased, without stop words (for highlighting)."""
    folded = unicodedata.normalize("NFKC", text or "").lower().replace("'s", "")
    return [word for word in WORD.findall(folded) if word not in STOP_WORDS]


def words(text):
    """The index tokens of English `text`: the stems of its surface words."""
    return _stemmer().stemWords(surface_words(text))
