"""Step 1 of a search: analyse the query once. Ranking, highlighting, 「もしかして」 and the semantic leg all read this
one AnalysedQuery instead of segmenting the text again."""

from dataclasses import dataclass, field

from . import analysis, embedding, english

# Parts of speech that make a query read as a sentence rather than as keywords (particles, inflections, verbs,
# adjectives, adverbs): 「通勤手当 変更」 has none, 「親の具合が悪くて早めに帰りたい」 many.
SENTENCE_POS = {"助詞", "助動詞", "動詞", "形容詞", "副詞"}
SENTENCE_WORDS = 6


@dataclass
class AnalysedQuery:
    typed: str
    text: str
    truncated: bool
    tokens: analysis.QueryTokens
    terms: list
    morphemes: list
    # 0 for a run of keywords, 1 for a spoken or written sentence; fusion leans on the semantic leg as it grows.
    descriptiveness: float
    _vector: object = field(default=None, repr=False)
    _embedded: bool = field(default=False, repr=False)

    @property
    def vector(self):
        """The embedding of the normalized query (half-width ﾛｸﾞｲﾝ reads as ログイン), computed on first use; None
        without a model."""
        if not self._embedded:
            self._embedded = True
            model = embedding.embedder()
            self._vector = model.queries([self.text])[0] if model else None
        return self._vector


def descriptiveness(morphemes):
    """Distinct sentence-making words over SENTENCE_WORDS, at most 1 (a run of ああああ is not a sentence)."""
    words = {morpheme.surface() for morpheme in morphemes if morpheme.part_of_speech()[0] in SENTENCE_POS}
    return min(1.0, len(words) / SENTENCE_WORDS)


def analyse(query, synonym_groups, language="ja"):
    """The AnalysedQuery of what the user typed (already stripped of control characters), in the language of the
    pages searched: English is analysed as English (search.english), without Japanese synonyms."""
    if language == "en":
        return _english(query)
    morphemes = analysis.query_morphemes(query)
    return AnalysedQuery(
        typed=query,
        text=analysis.normalize(query)[: analysis.MAX_QUERY_CHARS],
        truncated=len(analysis.normalize(query)) > analysis.MAX_QUERY_CHARS,
        tokens=analysis.query_tokens(query, synonym_groups, morphemes),
        terms=analysis.highlight_terms(query, synonym_groups, morphemes),
        morphemes=morphemes,
        descriptiveness=descriptiveness(morphemes),
    )


def _english(query):
    text = analysis.normalize(query)[: analysis.MAX_QUERY_CHARS]
    surface = english.surface_words(text)
    return AnalysedQuery(
        typed=query,
        text=text,
        truncated=len(analysis.normalize(query)) > analysis.MAX_QUERY_CHARS,
        tokens=analysis.QueryTokens(list(dict.fromkeys(english.words(text))), [], [], []),
        terms=sorted(set(surface), key=len, reverse=True),
        morphemes=[],
        descriptiveness=min(1.0, len(surface) / SENTENCE_WORDS),
    )
