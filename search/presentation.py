"""Step 5 of a search, present: the rows readers see — titles, links and snippets with the query's words marked —
loading only the objects of the page shown."""

import html
import re
import unicodedata

from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags

SNIPPET_CHARS = 120
COMBINING_MARK = re.compile(r"[\u0300-\u036f\u3099\u309a\uff9e\uff9f]")
# One character with the combining marks that follow it (half-width ﾞ and ﾟ fold into the kana before them).
CHARACTER = re.compile(r".[\u0300-\u036f\u3099\u309a\uff9e\uff9f]*", re.DOTALL)


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "all"):
        return " ".join(str(item) for item in value.all())
    if callable(value):
        return _text(value())
    if isinstance(value, (list, tuple)):
        return " ".join(_text(item) for item in value)
    if hasattr(value, "get_searchable_content") or hasattr(value, "stream_block"):
        return " ".join(str(chunk) for chunk in value.stream_block.get_searchable_content(value))
    return str(value)


def _first_attr(obj, names):
    for name in names:
        value = getattr(obj, name, None)
        if value:
            return _text(value)
    return ""


def title(obj):
    if hasattr(obj, "masked_question"):
        return obj.masked_question()[:80]
    if getattr(obj, "number", None):
        return f"{obj.number} {obj.title}"
    return _first_attr(obj, ["title", "question"]) or str(obj)


def body_text(obj):
    if hasattr(obj, "masked_answer"):
        return obj.masked_answer()
    # Rich text keeps its entities after strip_tags; unescape them so the snippet escapes each character once.
    return html.unescape(strip_tags(_first_attr(obj, ["answer", "summary", "description", "body", "intro"])))


def url(obj, result_type, request):
    if result_type.is_page:
        return obj.get_url(request=request) or obj.url or ""
    if result_type.key == "inquiry":
        try:
            return reverse("inquiries:inspect", args=[obj.pk])
        except NoReverseMatch:
            return ""
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""


def snippet(text, terms, length=SNIPPET_CHARS):
    """An HTML-escaped excerpt of `text` around the densest run of `terms`, each occurrence in <mark>. Terms are
    found in the text folded as the index folds it (ＡＢＣ, ﾍﾟﾝ), but readers see the text as written."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    folded, origins = _folded(text)
    terms = {_folded(term)[0] for term in terms}
    positions = sorted(
        (origins[start][0], origins[start + len(term) - 1][1]) for term in terms for start in _find_all(folded, term)
    )
    start = 0
    if positions:
        best = max(positions, key=lambda span: sum(1 for s, _ in positions if span[0] <= s < span[0] + length))
        start = max(0, best[0] - length // 4)
    end = min(len(text), start + length)
    pieces, cursor = [], start
    for s, e in positions:
        if s < cursor or e > end:
            continue
        pieces.append(html.escape(text[cursor:s]))
        pieces.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    pieces.append(html.escape(text[cursor:end]))
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")


def _folded(text):
    """`text` NFKC-folded and lowercased one character (with its combining marks) at a time, and for each folded
    character the (start, end) of the original character it came from."""
    folded = unicodedata.normalize("NFKC", text).lower()
    # Usually every character folds to exactly one (no combining marks, no ligatures): positions then carry over.
    if len(folded) == len(text) and not COMBINING_MARK.search(text):
        return folded, [(i, i + 1) for i in range(len(text))]
    folded, origins = [], []
    for match in CHARACTER.finditer(text):
        piece = unicodedata.normalize("NFKC", match.group()).lower()
        folded.append(piece)
        origins.extend([match.span()] * len(piece))
    return "".join(folded), origins


def _find_all(text, term):
    start = text.find(term)
    while start != -1:
        yield start
        start = text.find(term, start + len(term))


def objects_of(hits):
    """{(result type, pk): object} of some hits, one query per type."""
    objects = {}
    for result_type in {hit.result_type for hit in hits}:
        pks = [hit.pk for hit in hits if hit.result_type == result_type]
        for pk, obj in result_type.model.objects.in_bulk(pks).items():
            objects[result_type, pk] = obj
    return objects


def rows(hits, terms, request):
    """The result rows of one page (titles, links and highlighted snippets, loading only these objects) and their
    plain text."""
    objects = objects_of(hits)
    found, texts = [], []
    for hit in hits:
        obj = objects[hit.result_type, hit.pk]
        heading, body = title(obj), body_text(obj)
        texts += [heading, body]
        found.append(
            {
                "type": hit.result_type.key,
                "type_label": hit.result_type.label,
                "id": hit.pk,
                "external_id": getattr(obj, "external_id", "") or "",
                "title": heading,
                "title_html": snippet(heading, terms, length=200),
                "url": url(obj, hit.result_type, request),
                "snippet": snippet(body, terms),
                "score": round(hit.score, 4),
                "category": hit.category,
                "audiences": hit.audiences,
                "relevant": hit.relevant,
            }
        )
    return found, "\n".join(texts)
