"""The tables reports are made of, each computed with a few grouped queries (reports.tally) and linked, figure by
figure, to the records it counts."""

from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from portal.dates import wareki
from portal.models import Category

from . import kpis
from .measures import BACKLOGS, COUNTED
from .periods import Period, month
from .tables import Cell, Table
from .tally import backlog_by_day, tally, totals

UNCATEGORISED = "（未分類）"
TOP_QUESTIONS = 10


class Sections:
    """The tables of one centre's report over one period."""

    def __init__(self, portal_key, period, today=None):
        self.portal = portal_key
        self.period = period
        self.today = today or timezone.localdate()
        self.targets = kpis.KpiTargets.for_portal(portal_key)
        self._month_tallies = {}

    def link(self, key, period=None, **dimensions):
        period = period or self.period
        query = {"from": period.first.isoformat(), "to": period.last.isoformat()}
        query.update({name: "none" if value is None else value for name, value in dimensions.items()})
        return f"{reverse('kpi_reports:records', args=[self.portal, key])}?{urlencode(query)}"

    def figure(self, key, value, period=None, **dimensions):
        return Cell(value, url=self.link(key, period, **dimensions))

    def counts(self, title, table_key, keys, figures=None):
        """One row per measure: its label and figure over the period."""
        figures = figures if figures is not None else totals(self.portal, self.period, keys, self.today)
        rows = [[Cell(COUNTED[key].label), self.figure(key, figures[key])] for key in keys]
        return Table(table_key, title, ["項目", "件数"], rows)

    def backlog_at_end(self, backlog):
        return Cell(backlog.records(self.portal, self.period).count(), url=self.link(backlog.key))

    # KPIs ---------------------------------------------------------------------------------------------------

    def kpi_results(self, period=None, figures=None):
        period = period or self.period
        figures = figures if figures is not None else totals(self.portal, period, kpis.KPI_MEASURES, self.today)
        whole_months = len(period.months()) if period.kind in ("month", "fiscal_year") else None
        return [kpi.evaluate(figures, self.targets, whole_months) for kpi in kpis.KPIS]

    def kpi_table(self, previous=None):
        """指標, 実績 (its numerator and denominator linked), 目標, 判定; with the previous period's value beside it."""
        headings = ["指標", "実績", "目標", "判定", "分子", "分母", "定義"]
        if previous is not None:
            headings.insert(4, "前期間")
            previous_results = {result.kpi.key: result for result in self.kpi_results(previous)}
        rows = []
        for result in self.kpi_results():
            kpi = result.kpi
            status = {True: "met", False: "missed", None: ""}[result.met]
            row = [
                Cell(kpi.label),
                Cell(float(result.value) if result.value is not None else "—", result.text, self.link(kpi.numerator)),
                Cell(result.target_text),
                Cell(result.judgement, status=status),
                self.figure(kpi.numerator, result.numerator),
                self.figure(kpi.denominator, result.denominator) if kpi.denominator else Cell("—"),
                Cell(kpi.definition),
            ]
            if previous is not None:
                before = previous_results[kpi.key]
                value = float(before.value) if before.value is not None else "—"
                row.insert(4, Cell(value, before.text, self.link(kpi.numerator, previous)))
            rows.append(row)
        return Table("KPI", "KPI（契約上の指標）", headings, rows, note="実績は小数第1位に四捨五入した値で判定しています。")

    def month_tally(self, period):
        """The monthly figures of every measure the monthly tables and KPIs use, counted once per period."""
        if period not in self._month_tallies:
            keys = sorted(set(kpis.KPI_MEASURES) | set(self.MONTHLY_KEYS))
            self._month_tallies[period] = tally(self.portal, period, keys, by="month", today=self.today)
        return self._month_tallies[period]

    def year_totals(self):
        """The period's figures as the sum of its months (the months partition it)."""
        return {key: sum(values.values()) for key, values in self.month_tally(self.period).items()}

    def kpi_by_month(self, period):
        """[(month Period, [KpiResult])] for each month `period` covers, from one grouped query per model."""
        by_month = self.month_tally(period)
        months = [month(first) for first in period.months()]
        return [(m, self.kpi_results(m, {key: by_month[key].get(m.first, 0) for key in by_month})) for m in months]

    def monthly_kpi_table(self):
        """A fiscal year's KPIs month by month, and the year as a whole."""
        monthly = self.kpi_by_month(self.period)
        year = self.kpi_results(figures=self.year_totals())
        rows = []
        for index, kpi in enumerate(kpis.KPIS):
            row = [Cell(kpi.label), Cell(year[index].target_text)]
            for one_month, results in monthly:
                row.append(_judged_cell(results[index], self.link(kpi.numerator, one_month)))
            row.append(_judged_cell(year[index], self.link(kpi.numerator)))
            rows.append(row)
        headings = ["指標", "目標"] + [f"{m.first.month}月" for m, _ in monthly] + ["年度計"]
        return Table("月別KPI", "月別KPI", headings, rows, note="「未達成」の月は色と太字で示します。")

    # Volumes ------------------------------------------------------------------------------------------------

    DAILY_KEYS = ["received", "answered_on_day", "escalated_on_day", "items_received", "items_completed",
                  "items_delivered", "errors_found", "incidents"]

    def daily_figures(self):
        """[{date, measure key: figure, backlog key: figure}] for each day of the period (also the JSON API)."""
        by_day = tally(self.portal, self.period, self.DAILY_KEYS, by="day", today=self.today)
        series = {
            backlog.key: backlog_by_day(
                self.portal, self.period, backlog, by_day[backlog.opened_measure], by_day[backlog.closed_measure]
            )
            for backlog in BACKLOGS
        }
        return [
            {"date": day, **{key: by_day[key].get(day, 0) for key in self.DAILY_KEYS}, **{k: s[day] for k, s in series.items()}}
            for day in self.period.days()
        ]

    def daily_table(self, days=None):
        days = days if days is not None else self.daily_figures()
        keys = ["received", "answered_on_day", "escalated_on_day", "carried_over", "items_received",
                "items_completed", "items_delivered", "items_carried_over", "errors_found", "incidents"]
        peaks = peak_days([day["received"] for day in days])
        rows = []
        for index, day in enumerate(days):
            period = Period("day", day["date"], day["date"])
            row = [Cell(wareki(day["date"], with_weekday=True))]
            for key in keys:
                cell = self.figure(key, day[key], period)
                if key == "received" and index in peaks:
                    cell.status = "peak"
                row.append(cell)
            rows.append(row)
        headings = ["日付"] + [COUNTED[key].label for key in keys]
        return Table("日別件数", "日別件数", headings, rows, note="受付件数の太字は件数の多い日（ピーク）です。")

    MONTHLY_KEYS = ["received", "answered", "first_tier", "completed_in_centre", "escalated_on_day", "complaints",
                    "deflections", "items_received", "items_completed", "items_delivered", "errors_found", "incidents",
                    "proposals"]

    def monthly_volume_table(self):
        keys = self.MONTHLY_KEYS
        by_month = self.month_tally(self.period)
        rows = []
        for first in self.period.months():
            rows.append(
                [Cell(month_label(first))] + [self.figure(key, by_month[key].get(first, 0), month(first)) for key in keys]
            )
        year = self.year_totals()
        rows.append([Cell("年度計")] + [self.figure(key, year[key]) for key in keys])
        return Table("月別件数", "月別件数", ["月"] + [COUNTED[key].label for key in keys], rows)

    def by_channel(self):
        Inquiry = apps.get_model("helpdesk.Inquiry")
        figures = tally(self.portal, self.period, ["received"], by="channel", today=self.today)["received"]
        rows = [
            [Cell(label), self.figure("received", figures.get(value, 0), channel=value)]
            for value, label in Inquiry.Channel.choices
        ]
        return Table("受付方法別", "受付方法別の受付件数", ["受付方法", "受付件数"], rows)

    def by_category(self, previous=None):
        """Inquiries received per 業務分類 (and, with `previous`, the previous period and the change)."""
        current = tally(self.portal, self.period, ["received"], by="category", today=self.today)["received"]
        before = tally(self.portal, previous, ["received"], by="category", today=self.today)["received"] if previous else {}
        names = dict(Category.objects.filter(pk__in=[pk for pk in {*current, *before} if pk]).values_list("pk", "name"))
        ordered = sorted({*current, *before}, key=lambda pk: (-current.get(pk, 0), names.get(pk, "")))
        rows = []
        for pk in ordered:
            row = [Cell(names.get(pk, UNCATEGORISED)), self.figure("received", current.get(pk, 0), category=pk)]
            if previous is not None:
                change = current.get(pk, 0) - before.get(pk, 0)
                row += [self.figure("received", before.get(pk, 0), previous, category=pk), Cell(change, f"{change:+,}")]
            rows.append(row)
        headings = ["業務分類", "受付件数"] + (["前期間", "増減"] if previous is not None else [])
        return Table("業務分類別", "業務分類別の受付件数", headings, rows)

    def top_questions(self):
        """The subcategories (小分類) asked about most."""
        figures = tally(self.portal, self.period, ["received"], by=("category", "subcategory"), today=self.today)
        ranked = sorted(figures["received"].items(), key=lambda item: -item[1])[:TOP_QUESTIONS]
        names = dict(Category.objects.values_list("pk", "name"))
        rows = [
            [
                Cell(rank),
                Cell(names.get(category, UNCATEGORISED)),
                Cell(subcategory or "（小分類なし）"),
                self.figure("received", count, category=category, subcategory=subcategory),
            ]
            for rank, ((category, subcategory), count) in enumerate(ranked, start=1)
        ]
        return Table("よくある問い合わせ", f"よくある問い合わせ（小分類の上位{TOP_QUESTIONS}）", ["順位", "業務分類", "小分類", "受付件数"], rows)

    def overdue_escalations(self):
        """Escalations due in the period that were answered late or not at all."""
        records = (
            COUNTED["overdue_escalations"]
            .records(self.portal, self.period)
            .select_related("inquiry", "section")
            .order_by("due_date", "pk")
        )
        rows = [
            [
                Cell(escalation.inquiry.reference),
                Cell(escalation.section.name),
                Cell(wareki(escalation.due_date)),
                Cell(wareki(timezone.localtime(escalation.replied_at)) if escalation.replied_at else "未回答"),
            ]
            for escalation in records
        ]
        return Table("期限超過の照会", "期限を過ぎたエスカレーション（回答期限が期間内のもの）", ["受付番号", "照会先", "回答期限", "所管課の回答日"], rows)


def month_label(first):
    return wareki(first).rsplit("1日", 1)[0]


def _judged_cell(result, url):
    value = float(result.value) if result.value is not None else "—"
    return Cell(value, result.text, url, {True: "met", False: "missed", None: ""}[result.met])


def peak_days(values, top=3):
    """Indexes of the busiest days: the `top` highest that are above the period's mean."""
    if not values:
        return set()
    mean = sum(values) / len(values)
    ranked = sorted(range(len(values)), key=lambda index: -values[index])[:top]
    return {index for index in ranked if values[index] > mean}

