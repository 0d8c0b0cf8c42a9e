"""What the portal's search suggests while a question is typed: to the agent in the console (everything a caller's
question may be answered from, with the text to copy into the reply) and to the employee on the inquiry form
(FAQs and procedures only). Both run search.engine.search, the search behind /api/v2/search/, but are not written
to the query log: they fire on every pause in typing, and an agent types the caller's own words.

A suggestion the agent links becomes an InquiryReference; its key ("page:12", "form:3", "inquiry:45") is what the
console posts back.
"""

import html

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from wagtail.models import Page

from forms.models import FormTemplate
from search import engine
from search.permissions import visible_types

from .models import Inquiry, InquiryReference

CONSOLE_TYPES = ["faq", "procedure", "manual", "form", "inquiry"]
EMPLOYEE_TYPES = ["faq", "procedure"]
PAGE_TYPES = {"faq", "procedure", "manual"}
ANSWER_CHARS = 2000
# Ranked results the console chooses its suggestions from.
CANDIDATES = 20
PAST_ANSWERS = 2
# Suggestions whose titles share this many first characters are one suggestion (the same question asked again).
TITLE_PREFIX = 30


def reference_key(type_key, pk):
    if type_key in PAGE_TYPES:
        return f"page:{pk}"
    return f"{type_key}:{pk}"


def _plain(rich_text):
    return html.unescape(strip_tags(str(rich_text or ""))).strip()


def answer_text(obj):
    """What an agent would tell the caller from `obj`, as plain text for the reply."""
    if isinstance(obj, Inquiry):
        return obj.masked_answer()
    if isinstance(obj, FormTemplate):
        return f"様式「{obj}」を、ポータルの様式集からダウンロードしてご利用ください。"
    specific = obj.specific
    if hasattr(specific, "requirements"):
        lines = [_plain(specific.requirements)]
        lines += [f"{label}：{value}" for label, value in (("提出期限", specific.deadline), ("提出先", specific.submit_to)) if value]
        return "\n".join(line for line in lines if line)
    if hasattr(specific, "answer"):
        return _plain(specific.answer)
    return _plain(getattr(specific, "summary", ""))


def _objects(results):
    """{key: object} for search result rows, one query per kind."""
    pks = {"page": [], "form": [], "inquiry": []}
    for row in results:
        pks[reference_key(row["type"], row["id"]).split(":")[0]].append(row["id"])
    found = {}
    for page in Page.objects.filter(pk__in=pks["page"]).specific():
        found[f"page:{page.pk}"] = page
    for template in FormTemplate.objects.filter(pk__in=pks["form"]):
        found[f"form:{template.pk}"] = template
    for inquiry in Inquiry.objects.filter(pk__in=pks["inquiry"]):
        found[f"inquiry:{inquiry.pk}"] = inquiry
    return found


def diverse(rows, limit):
    """The best `limit` rows in rank order, keeping the best one of every kind found (a manual or a past answer is
    worth seeing even when a dozen FAQs score higher), at most PAST_ANSWERS past answers (the FAQs, procedures and
    manuals are what an answer should rest on) and no two whose titles begin alike."""
    best_of_kind, kept, titles, past = set(), [], set(), 0
    for row in rows:
        if row["type"] not in best_of_kind:
            best_of_kind.add(row["type"])
            kept.append(row)
            titles.add(row["title"][:TITLE_PREFIX])
            past += row["type"] == "inquiry"
    for row in rows:
        if len(kept) >= limit:
            break
        if row in kept or row["title"][:TITLE_PREFIX] in titles or (row["type"] == "inquiry" and past >= PAST_ANSWERS):
            continue
        kept.append(row)
        titles.add(row["title"][:TITLE_PREFIX])
        past += row["type"] == "inquiry"
    order = {id(row): index for index, row in enumerate(rows)}
    return sorted(kept[:limit], key=lambda row: order[id(row)])


def console_suggestions(query, *, user, portal_key, exclude=None, limit=8, request=None):
    """The best matches for an agent, each with its reference key and the answer text to copy."""
    response = engine.search(query, user=user, portal_key=portal_key, types=CONSOLE_TYPES, limit=CANDIDATES, request=request)
    results = diverse([row for row in response.results if not (row["type"] == "inquiry" and row["id"] == exclude)], limit)
    objects = _objects(results)
    suggestions = []
    for row in results:
        key = reference_key(row["type"], row["id"])
        if key not in objects:
            continue
        suggestions.append(
            {
                "key": key,
                "type": row["type"],
                "type_label": row["type_label"],
                "title": row["title"],
                "url": row["url"],
                "snippet": row["snippet"],
                "answer": answer_text(objects[key])[:ANSWER_CHARS],
            }
        )
    return {"results": suggestions, "notice": response.notice}


def employee_suggestions(query, *, user, portal_key, limit=5, request=None):
    """FAQs and procedures an employee may open in this portal that match what they are typing."""
    response = engine.search(query, user=user, portal_key=portal_key, types=EMPLOYEE_TYPES, limit=limit, request=request)
    return response.results


def resolve_reference(key, *, user, portal_key):
    """The InquiryReference fields for `key` if the user may use that target in this portal: a live FAQ, procedure
    or manual of the portal the user can open, a 様式 of the portal, or an answered inquiry of the same centre."""
    kind, _, pk = (key or "").partition(":")
    if not pk.isdigit():
        raise ValidationError(f"参照先「{key}」の指定が正しくありません。")
    if kind == "page":
        allowed = {t.model for t in visible_types(user, portal_key) if t.is_page}
        page = Page.objects.filter(pk=pk).specific().first()
        if page is not None and type(page) in allowed and page.live and _in_portal(page, portal_key):
            return {"page": page}
    elif kind == "form":
        template = FormTemplate.objects.filter(pk=pk, portal=portal_key).first()
        if template is not None:
            return {"form_template": template}
    elif kind == "inquiry":
        earlier = Inquiry.objects.filter(pk=pk, portal=portal_key, status__in=Inquiry.SEARCHABLE_STATUSES).first()
        if earlier is not None:
            return {"earlier_inquiry": earlier}
    raise ValidationError("参照先が見つからないか、このセンターでは使えません。")


def _in_portal(page, portal_key):
    from pages.models import home_of

    home = home_of(page)
    return home is not None and home.portal_key == portal_key


def reference_keys(inquiry):
    """The keys of what `inquiry` already links."""
    keys = []
    for reference in inquiry.references.all():
        if reference.page_id:
            keys.append(f"page:{reference.page_id}")
        elif reference.form_template_id:
            keys.append(f"form:{reference.form_template_id}")
        else:
            keys.append(f"inquiry:{reference.earlier_inquiry_id}")
    return keys


def set_references(inquiry, resolved, user):
    """Make `inquiry` link exactly `resolved` (a list of InquiryReference field dicts), keeping existing links."""
    wanted = {(name, obj.pk) for fields in resolved for name, obj in fields.items()}
    for reference in list(inquiry.references.all()):
        name = next(n for n in InquiryReference.TARGETS if getattr(reference, f"{n}_id"))
        if (name, getattr(reference, f"{name}_id")) not in wanted:
            reference.delete()
        else:
            wanted.discard((name, getattr(reference, f"{name}_id")))
    for fields in resolved:
        name, obj = next(iter(fields.items()))
        if (name, obj.pk) in wanted:
            InquiryReference.objects.create(inquiry=inquiry, added_by=user, **fields)
            wanted.discard((name, obj.pk))
