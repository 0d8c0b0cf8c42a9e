"""What the semantic leg embeds of each searchable item: its passages, as plain text.

FAQs are their question and answer; procedures and news their title and body; a work manual one passage per section
(its score is its best section's); 様式 their number, title and change notes; past inquiries their masked question and
answer only (portal.masking, as in the keyword index). Items that nobody can find (drafts, unanswered inquiries,
withdrawn 様式) have no passages, so their vectors are dropped.
"""

import html

from django.utils.html import strip_tags

from .index import source_text

# e5 reads 512 tokens; a passage beyond this many characters is cut (its opening says what it is about).
MAX_PASSAGE_CHARS = 1000


def _plain(*texts):
    text = " ".join(html.unescape(strip_tags(str(text))) for text in texts if text)
    return " ".join(text.split())[:MAX_PASSAGE_CHARS]


def _page_passages(*sources):
    def passages(page):
        return [_plain(page.title, *(source_text(page, source) for source in sources))]

    return passages


def _manual_passages(manual):
    """One passage per section of the manual, each headed by the manual's title and the section's heading."""
    passages = []
    for section in manual.manual_sections():
        value = section.value
        if isinstance(value, (list, tuple)):
            value = " ".join(" ".join(map(str, item)) if isinstance(item, (list, tuple)) else str(item) for item in value)
        passages.append(_plain(f"{manual.title} {section.heading}：", value))
    return passages or [_plain(manual.title)]


def _form_passages(template):
    changes = " ".join(template.versions.values_list("change_summary", flat=True))
    return [_plain(template.number, template.title, template.description, changes)]


def _inquiry_passages(inquiry):
    return [_plain(inquiry.masked_question(), inquiry.masked_answer())]


PASSAGES = {
    "faq.FAQPage": _page_passages("answer"),
    "pages.ProcedurePage": _page_passages("requirements", "submissions", "deadline", "submit_to", "body"),
    "pages.NewsPage": _page_passages("summary", "body"),
    "manuals.ManualPage": _manual_passages,
    "forms.FormTemplate": _form_passages,
    "helpdesk.Inquiry": _inquiry_passages,
}


def has_passages(model):
    return model._meta.label in PASSAGES


def findable(obj):
    """Whether anyone could find `obj` in a search: live pages and 様式, answered inquiries."""
    if hasattr(obj, "SEARCHABLE_STATUSES"):
        return obj.status in obj.SEARCHABLE_STATUSES
    return getattr(obj, "live", True)


def passages_of(obj):
    """The passages of `obj` (empty when nobody could find it)."""
    if not findable(obj):
        return []
    return [text for text in PASSAGES[obj._meta.label](obj) if text]
