"""Cells of every CSV and XLSX the portals export.

A cell that starts with = + - @ (or a tab or carriage return before them) is run as a formula by Excel and
LibreOffice: a question typed by a caller, a search query or an FAQ title could then open =HYPERLINK(…) on a
manager's PC. Such text is written with a leading apostrophe, which spreadsheets show as plain text.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """`value` for a spreadsheet cell: text that would start a formula is prefixed with 「'」; numbers, dates and
    other text are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
