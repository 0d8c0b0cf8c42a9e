"""Japanese text analysis shared by indexing and querying, so that every search engine sees the same tokens.

Neither SQLite FTS5 (unicode61 keeps an unspaced run of Japanese as one token) nor the Elasticsearch node we can ship
(no kuromoji, icu or analysis-common modules) can segment Japanese, so segmentation happens here and the engines only
split on whitespace. One analysed text carries three token streams:

- morphological: SudachiPy normalized forms of content words, in split mode C with the mode-A parts of compounds
  (通勤手当 → 通勤手当 通勤 手当), after NFKC width folding and lowercasing;
- reading: katakana bigrams of the readings of content words, so kana spellings find kanji (だこく → 打刻);
- character bigrams of kanji runs, a recall net for compounds the dictionary splits differently.

Numbers (数詞) are indexed only whole, as their normalized digits: their readings and kanji-digit bigrams would spell
their digits one by one (イチ チニ ニサ…, 一二 二三…), so fragments of a number masked elsewhere in a text, or typed
in kanji, would still be findable.

ANALYSIS_NAME / ANALYSIS_VERSION identify this scheme; the benchmark prints them and the Elasticsearch index uses
the same whitespace mapping on the test node and in production (see search/backend.py).
"""

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass

from sudachipy import Dictionary, SplitMode

from . import english

ANALYSIS_NAME = "sudachi-core(C+A normalized) + reading-bigram + kanji-bigram, NFKC, synonyms at query time"
ANALYSIS_VERSION = 2

SKIPPED_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "接続詞", "感動詞", "代名詞", "連体詞", "副詞", "接尾辞"}
STOP_LEMMAS = {
    "する", "為る", "ある", "有る", "在る", "いる", "居る", "なる", "成る", "できる", "出来る", "思う", "言う", "いう",
    "ない", "無い", "よい", "良い", "いい", "こと", "事", "もの", "物", "ため", "為", "とき", "時", "よう", "様",
    "ところ", "所", "場合", "くださる", "下さる", "くれる", "呉れる", "もらう", "貰う", "れる", "られる", "せる",
    "てる", "おる", "居る", "行う", "どう", "何", "方", "等", "など", "分かる", "分る", "知る", "教える", "いただく",
    "頂く", "致す", "いたす", "問い合わせる", "確認",
}
WORD = re.compile(r"\w+")
KANJI_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]{2,}")
NUMERAL_GRAM = re.compile(r"[〇一二三四五六七八九十百千万億]{2}")
HIRAGANA_ONLY = re.compile(r"^[\u3041-\u309f]+$")
MAX_QUERY_CHARS = 200
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_local = threading.local()


def _tokenizer():
    """One SudachiPy tokenizer per thread (the tokenizer is not thread-safe); created on first use."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _local.tokenizer = Dictionary(dict="core").tokenizer()
    return tokenizer


def typed_query(text):
    """A query as the user typed it, without control characters (a NUL cannot even be stored in PostgreSQL)."""
    return CONTROL_CHARS.sub("", text or "").strip()


def normalize(text):
    """NFKC (full-width ASCII and half-width kana folded), lowercase, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def to_katakana(text):
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _bigrams(text):
    if len(text) < 2:
        return [text] if text else []
    return [text[i : i + 2] for i in range(len(text) - 1)]


def _clean(token):
    """Keep a token only as word characters (FTS5 and the whitespace analyser must see one token)."""
    return "".join(WORD.findall(token))


def _morphemes(text):
    # Sudachi refuses very long inputs; analyse paragraph-sized chunks.
    for start in range(0, len(text), 4000):
        yield from _tokenizer().tokenize(text[start : start + 4000], SplitMode.C)


def _is_content(morpheme):
    pos = morpheme.part_of_speech()
    return pos[0] not in SKIPPED_POS and morpheme.normalized_form() not in STOP_LEMMAS and (
        morpheme.dictionary_form() not in STOP_LEMMAS
    )


def streams(text, morphemes=None):
    """(words, grams) of `text`: morphological tokens, and reading plus kanji bigrams (duplicates kept).
    `morphemes` are those of the normalized text when the caller has them already."""
    text = normalize(text)
    if not text:
        return [], []
    words, grams = [], []
    for morpheme in _morphemes(text) if morphemes is None else morphemes:
        if not _is_content(morpheme):
            continue
        parts = morpheme.split(SplitMode.A)
        words.append(morpheme.normalized_form())
        if len(parts) > 1:
            words.extend(part.normalized_form() for part in parts if _is_content(part))
        reading = morpheme.reading_form()
        if reading and reading != "キゴウ" and morpheme.part_of_speech()[1] != "数詞":
            grams.extend(_bigrams(reading))
    grams.extend(gram for run in KANJI_RUN.findall(text) for gram in _bigrams(run) if not NUMERAL_GRAM.fullmatch(gram))
    return _cleaned(words), _cleaned(grams)


def _cleaned(tokens):
    return [token for token in map(_clean, tokens) if token]


def analyse(text):
    """The token list of `text`: words first, then bigrams."""
    words, grams = streams(text)
    return words + grams


def index_text(*texts, language="ja"):
    """The analysed form of some texts, as the whitespace-separated string stored in the search index; English
    (a translated page's language) is analysed as English (search.english)."""
    text = " ".join(str(text) for text in texts if text)
    return " ".join(english.words(text) if language == "en" else analyse(text))


@dataclass
class QueryTokens:
    """A query's search tokens: its own words (precise), the synonym groups it touched (each a list of members, each
    member a list of words: a group should count once, as its best member), the katakana bigrams of words typed in
    hiragana (those words' only tokens) and the other bigrams (the recall net)."""

    words: list
    synonyms: list
    kana: list
    grams: list

    @property
    def all(self):
        """Every token once, for engines that take one flat list."""
        members = [word for group in self.synonyms for member in group for word in member]
        return list(dict.fromkeys(self.words + members + self.kana + self.grams))

    def __bool__(self):
        return bool(self.words or self.kana or self.grams)


def matched_groups(text, synonym_groups, morphemes=None):
    """The synonym groups one of whose members the normalized `text` mentions. A one-character member (妻, 夫) must
    be a word of its own, so that 大丈夫 does not mean 配偶者."""
    surfaces = None if morphemes is None else {morpheme.surface() for morpheme in morphemes}
    for group in synonym_groups:
        for member in map(normalize, group):
            if member and member in text:
                if len(member) > 1:
                    yield group
                    break
                if surfaces is None:
                    surfaces = {morpheme.surface() for morpheme in _morphemes(text)}
                if member in surfaces:
                    yield group
                    break


def query_morphemes(query):
    """The morphemes of the normalized query (cut to MAX_QUERY_CHARS), for the functions below to share."""
    return list(_morphemes(normalize(query)[:MAX_QUERY_CHARS]))


def query_tokens(query, synonym_groups=(), morphemes=None):
    """The analysed query, kana chunks read as words, and the analysed members of every synonym group one of whose
    members the query contains. Words covered by a synonym group are left to the group."""
    text = normalize(query)[:MAX_QUERY_CHARS]
    morphemes = query_morphemes(query) if morphemes is None else morphemes
    words, grams = streams(text, morphemes)
    typed = text.split() + [morpheme.surface() for morpheme in morphemes if _is_content(morpheme)]
    kana = [gram for chunk in typed if HIRAGANA_ONLY.match(chunk) and len(chunk) >= 2 for gram in _bigrams(to_katakana(chunk))]
    synonyms = []
    for group in matched_groups(text, synonym_groups, morphemes):
        analysed = [streams(member) for member in group]
        synonyms.append([member_words for member_words, _ in analysed if member_words])
        grams.extend(gram for _, member_grams in analysed for gram in member_grams)
    grouped = {word for group in synonyms for member in group for word in member}
    words = [word for word in dict.fromkeys(words) if word not in grouped]
    every_word = set(words) | grouped
    kana = [gram for gram in dict.fromkeys(kana) if gram not in every_word]
    every_token = every_word | set(kana)
    return QueryTokens(words, synonyms, kana, [gram for gram in dict.fromkeys(grams) if gram not in every_token])


def highlight_terms(query, synonym_groups=(), morphemes=None):
    """Surface words worth marking in a snippet: the query's content words and matched synonyms, longest first."""
    text = normalize(query)[:MAX_QUERY_CHARS]
    morphemes = query_morphemes(query) if morphemes is None else morphemes
    terms = set()
    for morpheme in morphemes if text else []:
        if _is_content(morpheme):
            terms.update({morpheme.surface(), morpheme.normalized_form(), morpheme.dictionary_form()})
    for group in matched_groups(text, synonym_groups, morphemes):
        terms.update(normalize(member) for member in group)
    return sorted((term for term in terms if len(term) >= 2 or re.match(r"[\u4e00-\u9fff]", term)), key=len, reverse=True)


# What a phrase (a compound noun such as 年末調整 or 源泉徴収票, where typos hide) is made of.
PHRASE_POS = {"名詞", "接頭辞", "接尾辞"}
MASK = "\0"


@dataclass(frozen=True)
class Morpheme:
    surface: str
    start: int
    reading: str
    forms: frozenset
    checked: bool

    @property
    def end(self):
        return self.start + len(self.surface)


def phrases(text, morphemes=None):
    """The phrases of the normalized `text`: runs of nouns with their prefixes and suffixes (年末調製の書き方 →
    年末 調製 / 書き方). A morpheme's forms are its surface, normalized form and compound parts; only content words
    are `checked` for typos (numbers, suffixes and stop words are not)."""
    runs, run, position = [], [], 0
    for morpheme in _morphemes(normalize(text)) if morphemes is None else morphemes:
        surface, pos = morpheme.surface(), morpheme.part_of_speech()
        if pos[0] in PHRASE_POS:
            parts = {part.normalized_form() for part in morpheme.split(SplitMode.A)}
            forms = frozenset({surface, morpheme.normalized_form(), *parts})
            checked = _is_content(morpheme) and pos[1] != "数詞"
            run.append(Morpheme(surface, position, morpheme.reading_form(), forms, checked))
        elif run:
            runs.append(run)
            run = []
        position += len(surface)
    return runs + [run] if run else runs


@dataclass
class Vocabulary:
    """The words of a portal, for 「もしかして」: every form known (so not a typo), and the phrases a typo may be
    corrected to, found by reading (年末調製 → 年末調整, 通勤手あて → 通勤手当) or by one other character in four or
    more (源線徴収票 → 源泉徴収票)."""

    known: set
    by_reading: dict
    by_spelling: dict

    @classmethod
    def of(cls, texts):
        known, counts, readings = set(), Counter(), {}
        for text in texts:
            for run in phrases(text):
                known.update(form for morpheme in run for form in morpheme.forms)
                for span in [run] + [[m] for m in run if m.checked and len(run) > 1 and len(m.surface) > 1]:
                    counts[_surface(span)] += 1
                    readings[_surface(span)] = _reading(span)
        by_reading, by_spelling = {}, {}
        for phrase, _count in counts.most_common():
            if len(readings[phrase]) >= 3:
                by_reading.setdefault(readings[phrase], phrase)
            for key in _spelling_keys(phrase):
                by_spelling.setdefault(key, phrase)
        return cls(known, by_reading, by_spelling)

    def correction(self, run, seen=""):
        """(start, end, known phrase) for the longest span of `run` with an unknown word (not in the vocabulary nor
        in the normalized text `seen`) that reads like a known phrase or is spelt like one but for one character."""
        unknown = [m.checked and not m.forms & self.known and m.surface not in seen for m in run]
        for length in range(len(run), 0, -1):
            for first in range(len(run) - length + 1):
                span = run[first : first + length]
                if not any(unknown[first : first + length]):
                    continue
                surface = _surface(span)
                found = self.by_reading.get(_reading(span))
                found = found or next((self.by_spelling[k] for k in _spelling_keys(surface) if k in self.by_spelling), None)
                if found and found != surface:
                    return span[0].start, span[-1].end, found
        return None


def _surface(run):
    return "".join(morpheme.surface for morpheme in run)


def _reading(run):
    return "".join(morpheme.reading for morpheme in run)


def _spelling_keys(phrase):
    """The phrase with each character masked in turn (phrases of four or more characters only)."""
    return [phrase[:i] + MASK + phrase[i + 1 :] for i in range(len(phrase))] if len(phrase) >= 4 else []


def spelling_suggestion(query, vocabulary, seen="", morphemes=None):
    """The normalized query with each phrase that hides a typo corrected from `vocabulary`, or None. A word found in
    `seen` (the text of the results) is in use, so it is not a typo."""
    text, seen = normalize(query)[:MAX_QUERY_CHARS], normalize(seen)
    corrections = [found for run in phrases(text, morphemes) if (found := vocabulary.correction(run, seen))]
    for start, end, phrase in reversed(corrections):
        text = text[:start] + phrase + text[end:]
    return text if corrections else None
