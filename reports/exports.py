"""Reports as downloads: an .xlsx workbook (a cover sheet, then one sheet per table, ready to print on A4) and a
CSV of the same tables. Every cell is written through portal.spreadsheets.formula_safe."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from portal.spreadsheets import formula_safe

from .documents import cover_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetml.sheet"
MISSED = PatternFill("solid", fgColor="F8D7DA")
BOLD = Font(bold=True)
INVALID_SHEET_CHARACTERS = str.maketrans({c: "・" for c in "[]:*?/\\"})


def _value(cell):
    return formula_safe(cell.value if cell.is_number else cell.text)


def _write_table(sheet, table, start_row=1):
    sheet.cell(start_row, 1, formula_safe(table.title)).font = Font(bold=True, size=12)
    row = start_row + 1
    for column, heading in enumerate(table.headings, start=1):
        sheet.cell(row, column, formula_safe(heading)).font = BOLD
    for cells in table.rows:
        row += 1
        for column, cell in enumerate(cells, start=1):
            written = sheet.cell(row, column, _value(cell))
            if cell.is_number and isinstance(cell.value, float):
                written.number_format = "0.0"
            if cell.status == "missed":
                written.fill, written.font = MISSED, BOLD
            elif cell.status == "peak":
                written.font = BOLD
    if table.note:
        sheet.cell(row + 1, 1, formula_safe(table.note)).alignment = Alignment(wrap_text=False)
    return row + 2


def _fit(sheet):
    for column in range(1, sheet.max_column + 1):
        longest = max((len(str(cell.value or "")) for cell in sheet[get_column_letter(column)]), default=4)
        sheet.column_dimensions[get_column_letter(column)].width = min(max(8, longest * 2 + 2), 60)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def workbook(report, made_on):
    """The report as one workbook: 表紙 (title, period, date in 和暦, and the first table), then a sheet per table."""
    book = Workbook()
    cover = book.active
    cover.title = "表紙"
    for row, line in enumerate(cover_lines(report, made_on), start=1):
        cover.cell(row, 1, formula_safe(line)).font = Font(bold=True, size=14 if row == 1 else 11)
    _write_table(cover, report.tables[0], start_row=5)
    _fit(cover)
    for table in report.tables:
        sheet = book.create_sheet(table.key.translate(INVALID_SHEET_CHARACTERS)[:31])
        _write_table(sheet, table)
        _fit(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(report, made_on):
    """The report's tables one after another, each under its title, separated by an empty line (UTF-8 with BOM, so
    that Excel opens it in Japanese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in cover_lines(report, made_on):
        writer.writerow([formula_safe(line)])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([formula_safe(table.title)])
        writer.writerow([formula_safe(heading) for heading in table.headings])
        for cells in table.rows:
            writer.writerow([_value(cell) for cell in cells])
    return "\ufeff" + buffer.getvalue()
