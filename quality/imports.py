"""Import of 処理案件 from CSV or Excel: the whole file is checked first and, if any line is wrong, every problem is
listed by line number and nothing is changed. Rows are matched to existing records by 管理番号 within the centre.

CSV may be UTF-8 (with or without BOM) or Shift_JIS (cp932), as Excel on Japanese Windows writes it. Dates may be
written 2026-04-01, 2026/4/1, 2026年4月1日, 令和8年4月1日 or R8.4.1 (full-width digits too), or be Excel dates.
"""

import csv
import datetime
import io
import re
import unicodedata

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.business_days import BusinessCalendar
from portal.dates import ERAS
from portal.models import Category
from portal.spreadsheets import FORMULA_TRIGGERS

from .models import WorkItem

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Column heading → field; a heading may be written in either form.
COLUMNS = {
    "管理番号": "number",
    "件名": "title",
    "業務分類": "category",
    "受付日": "received_on",
    "処理期限（開庁日数）": "deadline_days",
    "処理期限": "deadline_days",
    "着手日": "started_on",
    "完了日": "completed_on",
    "納品日": "delivered_on",
    "誤り指摘日": "error_reported_on",
    "指摘された誤りの内容": "error_note",
    "備考": "note",
}
# The export's 処理期限日 is derived from 受付日 and 処理期限（開庁日数）: read back, it is ignored.
DERIVED_HEADING = "処理期限日"
REQUIRED = ["number", "title", "received_on"]
DATE_FIELDS = ["received_on", "started_on", "completed_on", "delivered_on", "error_reported_on"]
TEXT_FIELDS = ["number", "title", "error_note", "note"]
# The first heading of each field: the one used in messages and in the template file.
FIELD_LABELS = {}
for _heading, _field in COLUMNS.items():
    FIELD_LABELS.setdefault(_field, _heading)
HEADINGS = list(FIELD_LABELS.values())
ERA_START = {era: start.year for start, era in ERAS} | {"R": 2019, "H": 1989, "S": 1926}
DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"),
    re.compile(r"(?P<era>令和|平成|昭和|R|H|S)(?P<y>\d{1,2}|元)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?", re.I),
]


class ImportFileError(Exception):
    """The file cannot be imported; `problems` are the Japanese messages, each naming its line."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


def normalise(value):
    """Cell text after NFKC (full-width digits and letters to half-width) and trimming; '' for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_date(value):
    """A date from an Excel cell or text in one of the accepted notations; ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = normalise(value).replace(" ", "")
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            year = 1 if parts["y"] == "元" else int(parts["y"])
            if parts.get("era"):
                year += ERA_START[parts["era"].upper() if len(parts["era"]) == 1 else parts["era"]] - 1
            return datetime.date(year, int(parts["m"]), int(parts["d"]))
    raise ValueError(text)


def read_rows(uploaded):
    """[(line number, [cells])] of an uploaded .csv or .xlsx, header first."""
    name = uploaded.name.lower()
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError([f"ファイルが大きすぎます（{MAX_BYTES // 1024 // 1024}MBまで）。"])
    if name.endswith(".xlsx"):
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ImportFileError(["Excelファイル（.xlsx）として読み込めませんでした。"]) from None
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp932"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(["CSVの文字コードを判別できません。UTF-8 か Shift_JIS で保存してください。"])
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise ImportFileError(["CSV（.csv）か Excel（.xlsx）のファイルを選んでください。"])
    return [(number, row) for number, row in enumerate(rows, start=1) if any(normalise(cell) for cell in row)]


HEADING_LOOKUP = {normalise(heading): field for heading, field in COLUMNS.items()}


def header_fields(line, header):
    """The field of each column; unknown or missing headings are errors naming the accepted ones."""
    fields = []
    problems = []
    for cell in header:
        heading = normalise(cell)
        field = HEADING_LOOKUP.get(heading)
        if heading and field is None and heading != DERIVED_HEADING:
            problems.append(f"{line}行目：見出し「{heading}」は使えません（使える見出し：{'、'.join(HEADINGS)}）。")
        fields.append(field)
    for field in REQUIRED:
        if field not in fields:
            problems.append(f"{line}行目：見出し「{FIELD_LABELS[field]}」の列がありません。")
    if problems:
        raise ImportFileError(problems)
    return fields


def category_lookup():
    """{normalised name or slug: Category}."""
    lookup = {}
    for category in Category.objects.all():
        lookup[normalise(category.name)] = category
        lookup[normalise(category.slug)] = category
    return lookup


def row_values(line, fields, row, categories):
    """{field: value} of one data row, and the problems found in it."""
    values, problems = {}, []
    for field, cell in zip(fields, row):
        if field is None:
            continue
        label = FIELD_LABELS[field]
        text = normalise(cell)
        if field in DATE_FIELDS:
            if text:
                try:
                    values[field] = parse_date(cell)
                except ValueError:
                    problems.append(f"{line}行目：{label}「{text}」は日付として読めません（例：2026/4/1、令和8年4月1日）。")
            else:
                values[field] = None
        elif field == "deadline_days":
            if text and not text.isdigit():
                problems.append(f"{line}行目：{label}「{text}」は0以上の整数で書いてください。")
            else:
                values[field] = int(text) if text else None
        elif field == "category":
            values[field] = categories.get(text) if text else None
            if text and values[field] is None:
                problems.append(f"{line}行目：業務分類「{text}」は登録されていません。")
        else:
            # An exported cell that formula_safe() prefixed with 「'」 reads back as the text it was.
            values[field] = text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text
    for field in REQUIRED:
        if not values.get(field):
            label = FIELD_LABELS[field]
            if not any(p.startswith(f"{line}行目：{label}") for p in problems):
                problems.append(f"{line}行目：{label}が空欄です。")
    return values, problems


def validation_messages(line, error):
    messages = []
    for field, field_errors in error.message_dict.items():
        label = WorkItem._meta.get_field(field).verbose_name if field != "__all__" else ""
        for message in field_errors:
            messages.append(f"{line}行目：{label + '：' if label else ''}{message}")
    return messages


def check(uploaded, portal_key):
    """Read and check the whole file; ([WorkItem to save], number of rows updating an existing record).
    Raises ImportFileError listing every problem when any line is wrong."""
    rows = read_rows(uploaded)
    if not rows:
        raise ImportFileError(["ファイルに見出しの行がありません。"])
    if len(rows) > MAX_ROWS + 1:
        raise ImportFileError([f"一度に取り込めるのは{MAX_ROWS:,}行までです（{len(rows) - 1:,}行あります）。"])
    (header_line, header), data = rows[0], rows[1:]
    fields = header_fields(header_line, header)
    categories = category_lookup()
    existing = {item.number: item for item in WorkItem.objects.filter(portal=portal_key)}
    calendar = BusinessCalendar(portal_key)
    items, problems, seen = [], [], {}
    for line, row in data:
        values, row_problems = row_values(line, fields, row, categories)
        number = values.get("number")
        if number and number in seen:
            row_problems.append(f"{line}行目：管理番号「{number}」は{seen[number]}行目と重複しています。")
        seen.setdefault(number, line)
        if row_problems:
            problems += row_problems
            continue
        item = existing.get(number) or WorkItem(portal=portal_key)
        for field, value in values.items():
            setattr(item, field, value)
        try:
            item.full_clean(exclude=["portal", "number"] if item.pk else None, validate_unique=False)
        except ValidationError as error:
            problems += validation_messages(line, error)
            continue
        item.due_date = item.compute_due_date(calendar)
        items.append(item)
    if problems:
        raise ImportFileError(problems)
    if not items:
        raise ImportFileError(["見出しの下に取り込む行がありません。"])
    return items, sum(1 for item in items if item.pk)


@transaction.atomic
def save(items):
    """Write checked items in one transaction: all of them or, on any database error, none."""
    now = timezone.now()
    for item in items:
        item.updated_at = now
    new = [item for item in items if item.pk is None]
    changed = [item for item in items if item.pk is not None]
    WorkItem.objects.bulk_create(new, batch_size=1000)
    fields = [f.name for f in WorkItem._meta.concrete_fields if f.name not in ("id", "portal", "number")]
    WorkItem.objects.bulk_update(changed, fields, batch_size=500)
    return len(new), len(changed)
