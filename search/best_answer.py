"""The best answer: when one result is clearly best and answers by itself (an FAQ, or a procedure guide), the search
shows it first as a card — the FAQ's answer or the procedure's summary, with its 様式 — above the grouped list.

`decide()` is the decision with its confidence, for any caller (the search page, the search API, and later an answer
API for a chatbot); `card()` is what the card shows.
"""

import html
from dataclasses import dataclass

from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

from .presentation import objects_of, url

ANSWERING_TYPES = ("faq", "procedure")
# The card is shown at this confidence or above.
SHOW_AT = 0.5
# A lead of this share of the best score over the next result counts as a clear lead.
CLEAR_LEAD = 0.25
CARD_TEXT_CHARS = 400


@dataclass(frozen=True)
class Decision:
    hit: object
    # 0–1: how clearly the hit leads (its margin over the next result) and how well it matches by meaning.
    confidence: float

    @property
    def shown(self):
        return self.confidence >= SHOW_AT


def decide(hits):
    """The Decision about the best of `hits` (permitted, best first), or None when the best result is not of a
    type that answers by itself."""
    if not hits or hits[0].result_type.key not in ANSWERING_TYPES:
        return None
    best = hits[0]
    runner_up = hits[1].score if len(hits) > 1 else 0.0
    lead = (best.score - runner_up) / best.score if best.score > 0 else 0.0
    strength = max(best.semantic, 0.5 * best.keyword)
    confidence = 0.6 * min(1.0, lead / CLEAR_LEAD) + 0.4 * strength
    return Decision(best, round(confidence, 3))


def _plain(value):
    return " ".join(html.unescape(strip_tags(str(value or ""))).split())


def _forms(blocks, portal_key):
    """The live 様式 of this portal among some StreamField blocks (of type `form`), once each."""
    forms = []
    for block in blocks or []:
        template = block.value if block.block_type == "form" else None
        if template is not None and template.live and template.portal == portal_key and template not in forms:
            forms.append(template)
    return [{"number": form.number, "title": form.title, "url": form.get_absolute_url()} for form in forms]


def card(decision, obj, portal_key, request=None):
    """What the answer card shows, as JSON-ready data: title, link, the answer or summary (plain text and HTML) and
    the 様式 to use."""
    result_type = decision.hit.result_type
    if result_type.key == "faq":
        body_html, forms = expand_db_html(obj.answer), _forms(obj.related, portal_key)
    else:
        parts = [expand_db_html(obj.requirements)]
        parts += [f"<p>提出期限：{html.escape(obj.deadline)}</p>"] if obj.deadline else []
        parts += [f"<p>提出先：{html.escape(obj.submit_to)}</p>"] if obj.submit_to else []
        body_html, forms = "".join(parts), _forms(obj.submissions, portal_key)
    text = _plain(body_html)
    return {
        "type": result_type.key,
        "type_label": result_type.label,
        "id": obj.pk,
        "title": obj.title,
        "url": url(obj, result_type, request),
        "text": text if len(text) <= CARD_TEXT_CHARS else text[:CARD_TEXT_CHARS] + "…",
        "html": body_html,
        "forms": forms,
        "confidence": decision.confidence,
    }


def card_for(decision, portal_key, request=None):
    """card() of the decision's hit, loading its object."""
    hit = decision.hit
    return card(decision, objects_of([hit])[hit.result_type, hit.pk], portal_key, request)
