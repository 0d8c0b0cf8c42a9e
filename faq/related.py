"""What an FAQ reader needs after the answer: the procedures and 様式 it concerns and the FAQs next to it.

Derived as well as chosen: besides the editor's 「関連する手続き・様式」, the procedures that list this FAQ or need a
様式 the answer names, so an FAQ imported from a file still leads to its procedure, and a new procedure shows up
under every FAQ it concerns without editing them.
"""

from wagtail.utils.text import text_from_html

from pages.models import ProcedurePage, home_of

RELATED_LIMIT = 5


def _stream_values(stream, block_type):
    return [block["value"] for block in stream.raw_data if block.get("type") == block_type]


def related_content(faq, catalogue):
    """{"procedures", "forms", "faqs"} for the FAQ page, each list without duplicates, chosen ones first."""
    from .models import FAQPage

    chosen_procedures = [block.value for block in faq.related if block.block_type == "procedure" and block.value]
    chosen_forms = [block.value for block in faq.related if block.block_type == "form" and block.value]
    named_forms = catalogue.forms_in(text_from_html(faq.answer))
    forms = {template.pk: template for template in chosen_forms + named_forms}
    named_form_ids = {template.pk for template in named_forms}

    listing, needing = [], []
    home = home_of(faq)
    for procedure in ProcedurePage.objects.live().descendant_of(home).order_by("path"):
        if faq.pk in _stream_values(procedure.related_faqs, "faq"):
            listing.append(procedure)
        elif named_form_ids & set(_stream_values(procedure.submissions, "form")):
            needing.append(procedure)
    procedures = {}
    for procedure in chosen_procedures + listing + needing:
        if procedure.live:
            procedures.setdefault(procedure.pk, procedure)

    siblings = FAQPage.objects.live().sibling_of(faq, inclusive=False).order_by("path")
    faqs = {}
    if faq.subcategory:
        faqs = {page.pk: page for page in siblings.filter(category=faq.category_id, subcategory=faq.subcategory)}
    neighbour_ids = [pk for procedure in listing for pk in _stream_values(procedure.related_faqs, "faq")]
    for page in siblings.filter(pk__in=neighbour_ids):
        faqs.setdefault(page.pk, page)
    return {
        "procedures": list(procedures.values())[:RELATED_LIMIT],
        "forms": list(forms.values()),
        "faqs": list(faqs.values())[:RELATED_LIMIT],
    }
