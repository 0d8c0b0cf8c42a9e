"""A report as data: titled tables of cells. The page, the workbook and the CSV are all written from the same
cells, so what is downloaded is what was on the screen."""

from dataclasses import dataclass, field


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


@dataclass
class Report:
    title: str
    centre: str
    period_label: str
    tables: list = field(default_factory=list)
    charts: list = field(default_factory=list)  # SVG markup, shown between the first table and the rest

    def table(self, key):
        return next(table for table in self.tables if table.key == key)
