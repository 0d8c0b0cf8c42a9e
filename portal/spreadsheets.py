"""Cells of every CSV and XLSX the portals export.

A cell that starts with = + - @ (or a tab or carriage return before them) is run as a formula by Excel and
LibreOffice: a question typed by a caller, a search query or an FAQ title could then open =HYPERLINK(…) on a
manager's PC. Such text is written with a leading apostrophe, which spreadsheets show as plain text.

Every export of Wagtail's admin (reports, listings, form submissions, site history, search terms, redirects, and any
view built later on SpreadsheetExportMixin) goes through `protect_wagtail_exports`, applied once at start-up; files
the project writes itself (e.g. manuals.export) call `formula_safe` on each cell.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """`value` for a spreadsheet cell: text that would start a formula is prefixed with 「'」; numbers, dates and
    other text are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def protect_wagtail_exports():
    """Make Wagtail's SpreadsheetExportMixin write every cell and heading through formula_safe.

    Wagtail has no setting for this and builds its CSV and XLSX rows from these two hooks only, so they are wrapped
    once, for every view that uses the mixin, Wagtail's own included; a view that overrides either hook must call
    super() (tests.test_spreadsheets checks that every export view in the project still goes through them).
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "formula_safe", False):
        return
    preprocess_field_value = SpreadsheetExportMixin.preprocess_field_value
    get_heading = SpreadsheetExportMixin.get_heading

    def safe_value(self, field, value, export_format):
        return formula_safe(preprocess_field_value(self, field, value, export_format))

    def safe_heading(self, queryset, field):
        return formula_safe(get_heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = safe_value
    SpreadsheetExportMixin.get_heading = safe_heading
    SpreadsheetExportMixin.formula_safe = True
