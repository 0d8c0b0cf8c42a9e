"""The reports a centre sends the city: 日次報告, 週次報告, 月次業務報告書 and the 年度 summary, each a Report of
tables (reports.sections) and charts (reports.charts)."""

import datetime

from portal.dates import wareki
from portal.portals import PORTALS_BY_KEY

from . import charts, kpis
from .measures import COUNTED
from .periods import Period
from .sections import Sections, month_label, peak_days
from .tables import Cell, Report

TITLES = {"day": "日次報告", "week": "週次報告", "month": "月次業務報告書", "fiscal_year": "年度報告"}
TREND_MONTHS = 12


def _report(kind, sections):
    return Report(TITLES[kind], PORTALS_BY_KEY[sections.portal].centre, sections.period.label)


def daily(portal_key, period, today=None):
    sections = Sections(portal_key, period, today)
    report = _report("day", sections)
    report.tables = [
        sections.counts("問い合わせ", "問い合わせ", ["received", "answered_on_day", "escalated_on_day"]),
        sections.by_channel(),
        sections.by_category(),
        sections.counts(
            "処理案件", "処理案件", ["items_received", "items_started", "items_completed", "items_delivered", "errors_found"]
        ),
        sections.counts("事故・苦情・トラブル", "事故等", ["incidents", "security_incidents", "complaints"]),
        sections.kpi_table(),
    ]
    for table_key, backlog_key in [("問い合わせ", "carried_over"), ("処理案件", "items_carried_over")]:
        backlog = COUNTED[backlog_key]
        report.table(table_key).rows.append([Cell(backlog.label), sections.backlog_at_end(backlog)])
    return report


def _period_report(kind, portal_key, period, today):
    """週次 and 月次: KPIs against the previous period, the days, categories, top questions and the register."""
    sections = Sections(portal_key, period, today)
    report = _report(kind, sections)
    days = sections.daily_figures()
    previous = period.previous()
    report.tables = [
        sections.kpi_table(previous=previous),
        sections.daily_table(days),
        sections.by_category(previous=previous),
        sections.top_questions(),
        sections.by_channel(),
        sections.counts(
            "FAQ化・自己解決・照会",
            "FAQ化と自己解決",
            ["faqs_made", "deflections", "escalated_on_day", "overdue_escalations", "complaints"],
        ),
        sections.overdue_escalations(),
        sections.counts(
            "処理案件と事故・改善提案",
            "処理案件と事故等",
            ["items_received", "items_completed", "items_delivered", "errors_found", "incidents", "security_incidents",
             "proposals"],
        ),
    ]
    labels = [f"{day['date'].month}/{day['date'].day}" for day in days]
    volumes = [day["received"] for day in days]
    report.charts.append(charts.volume_chart("日別の受付件数", labels, volumes, peak_days(volumes)))
    category = report.table("業務分類別")
    report.charts.append(
        charts.breakdown_chart("業務分類別の受付件数", [row[0].text for row in category.rows], [row[1].value for row in category.rows])
    )
    return report, sections


def weekly(portal_key, period, today=None):
    return _period_report("week", portal_key, period, today)[0]


def monthly(portal_key, period, today=None):
    report, sections = _period_report("month", portal_key, period, today)
    first = period.first
    for _ in range(TREND_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    report.charts += trend_charts(sections, sections.kpi_by_month(Period("range", first, period.last)))
    return report


def fiscal_year(portal_key, period, today=None):
    sections = Sections(portal_key, period, today)
    report = _report("fiscal_year", sections)
    report.tables = [sections.monthly_kpi_table(), sections.monthly_volume_table(), sections.by_category()]
    volume = report.table("月別件数")
    months = volume.rows[:-1]
    report.charts.append(
        charts.volume_chart("月別の受付件数", [row[0].text for row in months], [row[1].value for row in months],
                            peak_days([row[1].value for row in months], top=2))
    )
    report.charts += trend_charts(sections, sections.kpi_by_month(period))
    return report


def trend_charts(sections, monthly):
    """One chart per ratio or mean KPI: its monthly value against the target line."""
    labels = [month_label(m.first).split("年")[-1] for m, _ in monthly]
    made = []
    for index, kpi in enumerate(kpis.KPIS):
        if kpi.kind == "count":
            continue
        values = [float(results[index].value) if results[index].value is not None else None for _, results in monthly]
        target = getattr(sections.targets, kpi.target_field)
        made.append(charts.trend_chart(f"{kpi.label}の推移", labels, values, target, kpi.unit))
    return made


BUILDERS = {"day": daily, "week": weekly, "month": monthly, "fiscal_year": fiscal_year}


def build(kind, portal_key, period, today=None):
    return BUILDERS[kind](portal_key, period, today)


def cover_lines(report, made_on):
    """The heading lines of a submitted workbook."""
    return [
        f"{report.centre} {report.title}",
        f"対象期間：{report.period_label}",
        f"作成日：{wareki(made_on)}",
    ]

