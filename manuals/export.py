"""The set of work manuals the contract requires every September: a PDF per published manual plus an index.

Only the live (latest published) version of each manual goes in; drafts and changes under approval never do.
PDFs embed IPAexGothic (IPA Font License, shipped on PyPI by matplotlib-fontja): reportlab's built-in CID fonts are
not embedded, so the submitted set would look different, or fail to show, on a PC without the same Japanese fonts.
"""

import io
import re
import zipfile
from collections import Counter
from importlib.metadata import distribution
from xml.sax.saxutils import escape

from django.utils import timezone
from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pages.models import home_of, portal_home
from portal.dates import wareki
from portal.portals import PORTALS_BY_KEY
from portal.spreadsheets import formula_safe

from .models import ManualPage

# Located through the package's metadata: importing matplotlib_fontja would load matplotlib and restyle it.
FONT_FILE = str(distribution("matplotlib-fontja").locate_file("matplotlib_fontja/fonts/ipaexg.ttf"))
FONT = "IPAexGothic"
pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, spaceAfter=4 * mm, wordWrap="CJK")
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=17, spaceBefore=5 * mm, spaceAfter=2 * mm)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=16, wordWrap="CJK")
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=13)
TABLE_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)
UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|]')
INDEX_COLUMNS = ["ポータル", "マニュアル名", "所管課", "業務分類", "最終改定日", "版数", "ファイル"]


def published_manuals(portal_key=None):
    """The live manuals, of one portal or both, in tree order."""
    manuals = ManualPage.objects.live().select_related("section", "category").order_by("path")
    if portal_key:
        manuals = manuals.descendant_of(portal_home(portal_key))
    return manuals


def _paragraph(text, style=BODY):
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(header, rows, widths):
    data = [[_paragraph(cell, CELL) for cell in header]]
    data += [[_paragraph(str(cell), CELL) for cell in row] for row in rows]
    table = Table(data, colWidths=[width * mm for width in widths], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _part_flowables(part):
    if part.kind == "list":
        return [_paragraph(f"・{item}") for item in part.value]
    if part.kind == "roles":
        return [_table(["事務", "担当", "備考"], part.value, [80, 40, 50])]
    if part.kind == "flow":
        rows = [(number, actor, action, note) for number, (actor, action, note) in enumerate(part.value, start=1)]
        return [_table(["手順", "実施者", "処理内容", "留意事項"], rows, [12, 30, 78, 50])]
    return [_paragraph(part.value)]


def manual_pdf(manual, history):
    """One manual as an A4 PDF: its parts under their headings, then the 改定履歴."""
    buffer = io.BytesIO()
    centre = PORTALS_BY_KEY[home_of(manual).portal_key].centre
    printed = wareki(timezone.localdate())

    def footer(canvas, doc):
        canvas.setFont(FONT, 8)
        canvas.drawString(20 * mm, 10 * mm, f"{centre} 業務マニュアル「{manual.title}」 {printed}出力")
        canvas.drawRightString(190 * mm, 10 * mm, f"{doc.page}")

    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
        title=manual.title, author=centre, initialFontName=FONT,
    )
    meta = [("所管課", str(manual.section)), ("業務分類", str(manual.category or "")), ("版数", f"第{len(history)}版")]
    if history:
        meta.append(("最終改定日", wareki(history[-1].date)))
    story = [_paragraph(manual.title, TITLE), _table(["項目", "内容"], meta, [35, 135]), Spacer(0, 2 * mm)]
    for part in manual.manual_sections():
        story.append(_paragraph(part.heading, HEADING))
        story.extend(_part_flowables(part))
    story.append(_paragraph("改定履歴", HEADING))
    story.append(
        _table(
            ["版", "改定日", "改定理由", "改定者"],
            [(f"第{entry.number}版", wareki(entry.date), entry.reason, entry.author) for entry in history],
            [15, 35, 90, 30],
        )
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _file_name(number, title):
    return f"{number:02d}_{UNSAFE_IN_FILE_NAMES.sub('_', title)}.pdf"


def index_xlsx(rows):
    """The index of the set, one row per manual, as an Excel workbook the centres can hand over as is."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "マニュアル一覧"
    sheet.append(INDEX_COLUMNS)
    for row in rows:
        sheet.append([formula_safe(value) for value in row])
    for column, width in zip("ABCDEFG", [24, 30, 14, 18, 18, 8, 40]):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_set(target, manuals):
    """Write the ZIP of `manuals` to `target` (a path or a binary file); returns how many manuals it holds."""
    rows = []
    numbers = Counter()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for manual in manuals:
            portal = PORTALS_BY_KEY[home_of(manual).portal_key]
            history = manual.revision_history()
            numbers[portal.key] += 1
            name = f"{portal.centre}/{_file_name(numbers[portal.key], manual.title)}"
            archive.writestr(name, manual_pdf(manual, history))
            latest = wareki(history[-1].date) if history else ""
            rows.append([portal.title, manual.title, str(manual.section), str(manual.category or ""), latest, len(history), name])
        archive.writestr("マニュアル一覧.xlsx", index_xlsx(rows))
    return len(rows)
