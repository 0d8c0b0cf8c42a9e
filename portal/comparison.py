"""The revision comparison reviewers approve from: multi-line text and rich text compared line by line.

Wagtail compares a text field as one string: a field saved from a browser (CRLF line ends) shows as changed when
nothing was, line breaks vanish from the display, and a number changed from 7 to 10 reads 「710」 because the old and
new digits sit side by side. Here each field is split into lines with whitespace normalised (line ends, repeated
and full-width spaces, blank lines), unchanged lines are shown as they are, and a changed line is shown twice, old
then new, each marked 「変更前」「変更後」 with the changed words highlighted.
"""

import difflib
import html
import re

from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.admin.compare import FieldComparison, register_comparison_class
from wagtail.fields import RichTextField

BLOCK_END = re.compile(r"<br\s*/?>|</(p|li|h[1-6]|div|blockquote|tr)>", re.I)
TAG = re.compile(r"<[^>]+>")
TOKEN = re.compile(r"[0-9０-９.,，．]+|[A-Za-zＡ-Ｚａ-ｚ]+|\s+|.", re.S)


def text_lines(text):
    """Lines of plain text, each with its whitespace collapsed, blank lines left out."""
    lines = (" ".join(line.split()) for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def rich_text_lines(value):
    """Lines of rich text: one per paragraph, list item, heading or <br>, tags removed."""
    return text_lines(html.unescape(TAG.sub("", BLOCK_END.sub("\n", value or ""))))


def _marked(tokens, changed_class, opcodes, side):
    parts = []
    for op, a1, a2, b1, b2 in opcodes:
        start, end = (a1, a2) if side == "a" else (b1, b2)
        text = "".join(tokens[start:end])
        if not text:
            continue
        if op == "equal":
            parts.append(format_html("{}", text))
        else:
            parts.append(format_html('<span class="{}">{}</span>', changed_class, text))
    return mark_safe("".join(parts))  # noqa: S308 - every part is built with format_html


def _changed_pair(old, new):
    """An old and a new line, the changed words of each highlighted; numbers are compared whole (7 → 10)."""
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    opcodes = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes()
    return (
        _line("deleted", "変更前", _marked(old_tokens, "deletion", opcodes, "a")),
        _line("added", "変更後", _marked(new_tokens, "addition", opcodes, "b")),
    )


def _line(kind, label, content):
    if kind == "equal":
        return format_html('<div class="line-diff__line">{}</div>', content)
    return format_html(
        '<div class="line-diff__line line-diff__line--{}"><span class="line-diff__label">{}</span>{}</div>',
        kind,
        label,
        content,
    )


def line_diff(old_lines, new_lines):
    """HTML showing `new_lines` against `old_lines`: equal lines plain, changed lines old then new."""
    rows = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old, new = old_lines[a1:a2], new_lines[b1:b2]
        if op == "equal":
            rows += [_line("equal", "", line) for line in old]
            continue
        for position in range(max(len(old), len(new))):
            if position < len(old) and position < len(new):
                rows += _changed_pair(old[position], new[position])
            elif position < len(old):
                rows.append(_line("deleted", "削除", format_html('<span class="deletion">{}</span>', old[position])))
            else:
                rows.append(_line("added", "追加", format_html('<span class="addition">{}</span>', new[position])))
    return format_html('<div class="line-diff">{}</div>', format_html_join("", "{}", ((row,) for row in rows)))


class LineTextComparison(FieldComparison):
    """A multi-line text field, compared line by line with whitespace normalised."""

    lines = staticmethod(text_lines)

    def has_changed(self):
        return self.lines(self.val_a) != self.lines(self.val_b)

    def htmldiff(self):
        return line_diff(self.lines(self.val_a), self.lines(self.val_b))


class LineRichTextComparison(LineTextComparison):
    lines = staticmethod(rich_text_lines)


register_comparison_class(models.TextField, comparison_class=LineTextComparison)
register_comparison_class(RichTextField, comparison_class=LineRichTextComparison)
