"""A report as data: titled tables of cells. The page, the workbook and the CSV are all written from the same
cells, so what is downloaded is what was on the screen."""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass
class Cell:
    value: object  # what a spreadsheet gets: a number, or text
    text: str = ""  # what the page shows (the value, formatted, when empty)
    url: str = ""  # the drill-down to the records this figure counts
    status: str = ""  # "met" / "missed" for KPI judgements, "peak" for a peak day

    def __post_init__(self):
        if not self.text:
            self.text = f"{self.value:,}" if isinstance(self.value, int) and not isinstance(self.value, bool) else str(self.value)

    @property
    def is_number(self):
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)


@dataclass
class Table:
    key: str  # also the worksheet name
    title: str
    headings: list
    rows: list = field(default_factory=list)  # lists of Cell
    note: str = ""

    def as_html(self):
        """The table's markup, written here rather than by the template engine: a month's report has a thousand
        cells, and rendering each through template tags took longer than counting them."""
        parts = [f'<section class="report-table" data-table="{escape(self.key)}"><h3>{escape(self.title)}</h3>',
                 '<div class="report-scroll"><table class="listing"><thead><tr>']
        parts += [f'<th scope="col">{escape(heading)}</th>' for heading in self.headings]
        parts.append("</tr></thead><tbody>")
        for cells in self.rows:
            parts.append(f'<tr><th scope="row">{escape(cells[0].text)}</th>')
            for cell in cells[1:]:
                classes = " ".join(name for name in ("number" if cell.is_number else "", cell.status) if name)
                text = escape(cell.text)
                content = f'<a href="{escape(cell.url)}">{text}</a>' if cell.url else text
                parts.append(f'<td class="{classes}">{content}</td>' if classes else f"<td>{content}</td>")
            parts.append("</tr>")
        if not self.rows:
            parts.append(f'<tr><td colspan="{len(self.headings)}">該当なし</td></tr>')
        parts.append("</tbody></table></div>")
        if self.note:
            parts.append(f'<p class="help-block">{escape(self.note)}</p>')
        parts.append("</section>")
        return mark_safe("".join(parts))


@dataclass
class Report:
    title: str
    centre: str
    period_label: str
    tables: list = field(default_factory=list)
    charts: list = field(default_factory=list)  # SVG markup, shown between the first table and the rest

    def table(self, key):
        return next(table for table in self.tables if table.key == key)
