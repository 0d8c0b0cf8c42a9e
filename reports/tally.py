"""Counting measures over a period in as few queries as possible: one grouped query per model and date field,
whatever the number of measures, days or months asked for."""

import datetime
from collections import defaultdict

from django.db.models import Count, DateField, F, Func, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from .measures import MEASURES_BY_KEY

TOTAL = None  # the bucket of an ungrouped figure


class LocalDate(Func):
    """The local (current time zone) date or first of the month of a date or timestamp field. Django's TruncDate and
    TruncMonth are used, except on SQLite, where they call a Python function for every row: there SQLite's own
    strftime() shifts by the zone's offset (exact for zones without summer time, such as Asia/Tokyo)."""

    output_field = DateField()

    def __init__(self, expression, *, month=False, dated_by_datetime=True):
        self.month, self.dated_by_datetime = month, dated_by_datetime
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        field = self.source_expressions[0]
        if not self.month and not self.dated_by_datetime:
            return compiler.compile(field)
        truncate = TruncMonth if self.month else TruncDate
        return compiler.compile(truncate(field, output_field=DateField()))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        pattern = "%%Y-%%m-01" if self.month else "%%Y-%%m-%%d"
        shift = ""
        if self.dated_by_datetime:
            minutes = int(timezone.get_current_timezone().utcoffset(datetime.datetime.now()).total_seconds() // 60)
            shift = f", '{minutes:+d} minutes'"
        return f"strftime('{pattern}', {sql}{shift})", params


def _bucket(measure, by):
    """The expression grouping `measure`'s records: by local day or month, or by a field (channel...)."""
    if by in ("day", "month"):
        return LocalDate(measure.date_field, month=by == "month", dated_by_datetime=measure.dated_by_datetime)
    return F(by)


def _aggregate(measure, today):
    condition = measure.q(today)
    if measure.sum_field:
        return Sum(measure.sum_field, filter=condition)
    return Count("pk", filter=condition, distinct=measure.distinct)


def tally(portal_key, period, keys, by=None, today=None):
    """{key: {bucket: figure}} for the measures `keys` of one centre in `period`; the buckets are dates (by="day"),
    first days of months (by="month"), the values of a field (e.g. by="channel"), tuples of the values of several
    fields (by=("category", "subcategory")), or TOTAL (by=None). Buckets
    without records are absent (read them with .get(bucket, 0))."""
    groups = defaultdict(list)
    for key in keys:
        measure = MEASURES_BY_KEY[key]
        groups[(measure.model_label, measure.date_field, measure.portal_field)].append(measure)
    figures = {key: {} for key in keys}
    for measures in groups.values():
        first = measures[0]
        records = first.model.objects.filter(Q(**{first.portal_field: portal_key}), first.in_period(period))
        aggregates = {measure.key: _aggregate(measure, today) for measure in measures}
        if by is None:
            rows = [{"bucket": TOTAL, **records.aggregate(**aggregates)}]
        elif isinstance(by, tuple):
            rows = records.values(*by).annotate(**aggregates).order_by()
            rows = [{**row, "bucket": tuple(row[name] for name in by)} for row in rows]
        else:
            rows = records.annotate(bucket=_bucket(first, by)).values("bucket").annotate(**aggregates).order_by()
        for row in rows:
            bucket = row["bucket"]
            for measure in measures:
                figures[measure.key][bucket] = row[measure.key] or 0
    return figures


def totals(portal_key, period, keys, today=None):
    """{key: figure} over the whole period."""
    return {key: values.get(TOTAL, 0) for key, values in tally(portal_key, period, keys, today=today).items()}


def backlog_by_day(portal_key, period, backlog, opened, closed):
    """{day: open at the end of that day} for a Backlog, from the day-grouped tallies of its two measures."""
    open_count = backlog.open_before(portal_key, period.first).count()
    series = {}
    for day in period.days():
        open_count += opened.get(day, 0) - closed.get(day, 0)
        series[day] = open_count
    return series
