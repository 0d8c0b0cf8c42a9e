"""様式 numbers named in text (様式第3号, 教様式第5号, 会計年度様式第2号, 様式郵-1 …): found, matched against the
portal's 様式 and linked to the version in effect; a number that matches no published 様式, or that a text names
with another form's title, is a problem `check_links` reports, so renumbering a form shows every text to update."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

KANJI = r"\u3400-\u9fff々"
KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
DASHES = "-－‐‑‒–—―−ー"
# The kanji just before 様式 may be a series (教, 会計年度, 互助) or the end of a title written without brackets.
REFERENCE = re.compile(
    rf"(?P<run>[{KANJI}]*)様式(?P<tail>第[0-9０-９〇一二三四五六七八九十百]+号(?:の[0-9０-９〇一二三四五六七八九十]+)?"
    rf"|[{KANJI}]{{1,2}}[{DASHES}][0-9０-９]+)"
)
# Form titles end in one of these (…届, …申請書, …実績簿): kanji before 様式 that end so are no series prefix.
TITLE_ENDINGS = set("書届票簿表証願録知")
ANNEX_WORDS = ("別記", "別紙", "別表")
NAMED_TITLE = re.compile(r"「([^「」]{1,40})[（(]$")

OK = "ok"
MISSING = "missing"
UNPUBLISHED = "unpublished"
OTHER_TITLE = "other_title"


def _kanji_number(text):
    """「十二」 → 12, 「百五」 → 105 (numbers on forms stay far below a thousand)."""
    total, current = 0, 0
    for char in text:
        if char in KANJI_DIGITS:
            current = current * 10 + KANJI_DIGITS[char] if current else KANJI_DIGITS[char]
        elif char in "十百":
            total += (current or 1) * (10 if char == "十" else 100)
            current = 0
    return str(total + current)


def normalise(number):
    """One spelling per number: 様式第３号 and 様式第三号 → 様式第3号, 様式郵－１ → 様式郵-1, no spaces."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", number or ""))
    text = re.sub("[" + DASHES + "]", "-", text)
    return re.sub(
        r"(?<=第)[〇一二三四五六七八九十百]+(?=号)|(?<=号の)[〇一二三四五六七八九十]+",
        lambda match: _kanji_number(match.group()),
        text,
    )


def base_title(title):
    """A title without its trailing note: 「扶養親族届（教職員用）」 → 「扶養親族届」."""
    return re.sub(r"[（(][^（）()]*[）)]$", "", title).strip()


def same_form(named, title):
    """Whether a text naming 「named」 means the form titled `title` (a text may leave out 「（教職員用）」)."""
    named, title = normalise(named), normalise(title)
    return named in (title, base_title(title)) or base_title(named) == base_title(title)


@dataclass(frozen=True)
class Reference:
    """A 様式 number as a text writes it, the 様式 it names (if any), and whether a reader can be sent there."""

    start: int
    end: int
    text: str
    number: str
    template: object
    named_title: str

    @property
    def status(self):
        if self.template is None:
            return MISSING
        if not self.template.live:
            return UNPUBLISHED
        if self.named_title and not same_form(self.named_title, self.template.title):
            return OTHER_TITLE
        return OK

    @property
    def problem(self):
        """Japanese reason for check_links, or "" when the reference is fine."""
        return {
            MISSING: "この番号の公開中の様式がありません",
            UNPUBLISHED: f"様式「{self.template}」は公開されていません" if self.template else "",
            OTHER_TITLE: f"{self.number}は「{self.template.title}」です（本文は「{self.named_title}」）" if self.template else "",
            OK: "",
        }[self.status]


class Catalogue:
    """The 様式 of one portal by normalised number, loaded once per request (or check run)."""

    def __init__(self, portal_key):
        from .models import FormTemplate

        templates = list(FormTemplate.objects.all())
        self.by_number = {normalise(t.number): t for t in templates if t.portal == portal_key}
        self.series = {normalise(t.number).partition("様式")[0] for t in templates} - {""}

    @classmethod
    def for_request(cls, request, portal_key):
        """The catalogue kept on the request, so a page with many texts reads the 様式 table once."""
        if request is None:
            return cls(portal_key)
        cache = request.__dict__.setdefault("_form_catalogues", {})
        if portal_key not in cache:
            cache[portal_key] = cls(portal_key)
        return cache[portal_key]

    def _prefix(self, run, tail):
        """How much of the kanji run before 様式 belongs to the number: the longest part that makes a number of the
        portal or is a series of either portal (教様式 stays 教様式 on the other portal, reported there as missing);
        else the whole run, unless it ends a title (旅費請求書様式第8号) or is an annex word (別記様式第1号)."""
        for start in range(len(run) + 1):
            prefix = run[start:]
            if normalise(prefix + "様式" + tail) in self.by_number or (prefix and normalise(prefix) in self.series):
                return prefix
        if not run or run[-1] in TITLE_ENDINGS or run.endswith(ANNEX_WORDS):
            return ""
        return run

    def find(self, text):
        """Every 様式 reference in plain `text`, in order."""
        found = []
        for match in REFERENCE.finditer(text or ""):
            run, tail = match.group("run"), match.group("tail")
            prefix = self._prefix(run, tail)
            start = match.start("run") + len(run) - len(prefix)
            number = normalise(prefix + "様式" + tail)
            named = NAMED_TITLE.search(text[max(0, start - 42) : start])
            closes = text[match.end() : match.end() + 2] in ("）」", ")」")
            found.append(
                Reference(
                    start=start,
                    end=match.end(),
                    text=text[start : match.end()],
                    number=number,
                    template=self.by_number.get(number),
                    named_title=named.group(1) if named and closes else "",
                )
            )
        return found

    def link(self, html):
        """`html` with each reference a reader can follow linked to its 様式's current version; text inside existing
        links and tags is left alone. Plain text is escaped first."""
        parts = re.split(r"(<[^>]*>)", str(conditional_escape(html)))
        depth = 0
        for position, part in enumerate(parts):
            if part.startswith("<"):
                if re.match(r"<a[\s>]", part, re.I):
                    depth += 1
                elif re.match(r"</a\s*>", part, re.I):
                    depth = max(0, depth - 1)
            elif depth == 0 and "様式" in part:
                parts[position] = self._link_text(part)
        return mark_safe("".join(parts))  # noqa: S308 - built from escaped text and format_html

    def _link_text(self, text):
        out, last = [], 0
        for reference in self.find(text):
            if reference.status != OK:
                continue
            out.append(text[last : reference.start])
            out.append(
                format_html(
                    '<a class="form-ref" href="{}" data-testid="form-ref">{}</a>',
                    reference.template.get_absolute_url(),
                    mark_safe(reference.text),  # noqa: S308 - a slice of already escaped text
                )
            )
            last = reference.end
        out.append(text[last:])
        return "".join(out)

    def forms_in(self, *texts):
        """The published 様式 the texts name (each once, in order of first mention), for lists under the text."""
        forms = {}
        for text in texts:
            for reference in self.find(text):
                if reference.status == OK:
                    forms.setdefault(reference.template.pk, reference.template)
        return list(forms.values())


def page_texts(page):
    """The texts of a page that may name a 様式, as (field label, plain text): its title and every text, rich text
    and stream field of its own type (tags stripped)."""
    from django.db import models
    from wagtail.fields import RichTextField, StreamField
    from wagtail.models import Page
    from wagtail.utils.text import text_from_html

    items = [("タイトル", page.title)]
    for field in page._meta.concrete_fields:
        if field.model is Page or not isinstance(field, (models.CharField, models.TextField, StreamField)):
            continue
        value = field.value_from_object(page)
        if isinstance(field, StreamField):
            text = "\n".join(text_from_html(s) for s in _strings(value.raw_data if value is not None else []))
        elif isinstance(field, RichTextField):
            text = text_from_html(value or "")
        else:
            text = value or ""
        if "様式" in text:
            items.append((str(field.verbose_name), text))
    return items


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _strings(value)
