"""Reports and KPIs: each KPI's arithmetic on hand-built records (in 2015, far from the demo data), the downloads
against the page, the drill-down, the JSON API and who may open what."""

import csv
import datetime
import io
import itertools
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from helpdesk import states
from helpdesk.models import Escalation, Inquiry
from portal.models import Category, Section
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, SECTION_REVIEWER
from quality.models import ImprovementProposal, Incident, KpiTargets, WorkItem
from reports import documents, periods
from reports.sections import Sections

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
HOSTS = {"intranet": "intranet.localhost", "education": "edu.localhost"}
JUNE = periods.month(datetime.date(2015, 6, 1))
numbers = itertools.count(1)


def at(day, hour=10, minute=0):
    return datetime.datetime(2015, 6, day, hour, minute, tzinfo=TOKYO)


def inquiry(portal="intranet", received=None, answered_after=None, first_tier=False, completed=False, **fields):
    """A hand-built inquiry with its derived fields set as the helpdesk would have derived them."""
    received = received or at(10)
    answered = received + datetime.timedelta(minutes=answered_after) if answered_after is not None else None
    return Inquiry(
        reference=f"試-2015-{next(numbers):05d}",
        portal=portal,
        received_at=received,
        question="テスト",
        answered_at=answered,
        handling_minutes=answered_after,
        answered_first_tier=first_tier,
        completed_in_centre=completed,
        **fields,
    )


def results(period=JUNE, portal="intranet", today=datetime.date(2016, 1, 4)):
    return {result.kpi.key: result for result in Sections(portal, period, today).kpi_results()}


def test_a_month_without_inquiries_judges_no_inquiry_kpi():
    kpi = results()
    for key in ("first_tier_rate", "average_handling", "completion_rate", "deadline_rate", "error_rate"):
        assert (kpi[key].text, kpi[key].judgement) == ("—", "—")
    assert (kpi["security_incidents"].text, kpi["security_incidents"].judgement) == ("0件", "達成")
    assert (kpi["proposals"].text, kpi["proposals"].judgement) == ("0件", "未達成")


def test_inquiry_kpis_on_hand_built_records():
    Inquiry.objects.bulk_create(
        [inquiry(answered_after=4, first_tier=True, completed=True) for _ in range(6)]
        + [inquiry(answered_after=10, first_tier=True)]
        + [inquiry(answered_after=30)]
        + [inquiry(), inquiry()]
        + [inquiry(portal="education", answered_after=1, first_tier=True, completed=True)]
    )
    kpi = results()
    assert (kpi["first_tier_rate"].numerator, kpi["first_tier_rate"].denominator) == (7, 8)
    assert (kpi["first_tier_rate"].text, kpi["first_tier_rate"].judgement) == ("87.5%", "未達成")
    assert kpi["average_handling"].text == "8.0分"  # (6×4 + 10 + 30) / 8
    assert kpi["average_handling"].judgement == "達成"
    assert (kpi["completion_rate"].text, kpi["completion_rate"].judgement) == ("60.0%", "未達成")


def test_targets_are_the_centres_settings():
    Inquiry.objects.bulk_create([inquiry(answered_after=3, first_tier=True) for _ in range(7)] + [inquiry(answered_after=3)])
    targets = KpiTargets.for_portal("intranet")
    targets.first_tier_rate = 85
    targets.save()
    assert results()["first_tier_rate"].judgement == "達成"
    assert results()["first_tier_rate"].target_text == "85%以上"


def test_all_escalated():
    made = Inquiry.objects.bulk_create([inquiry(answered_after=200) for _ in range(4)])
    section = Section.objects.first()
    Escalation.objects.bulk_create(
        [Escalation(inquiry=i, section=section, question="照会", due_date=datetime.date(2015, 6, 12), asked_at=at(10, 11))
         for i in made]
    )
    kpi = results()
    assert (kpi["first_tier_rate"].text, kpi["completion_rate"].text) == ("0.0%", "0.0%")
    day = Sections("intranet", periods.day(datetime.date(2015, 6, 10))).daily_figures()[0]
    assert (day["received"], day["escalated_on_day"]) == (4, 4)
    overdue = Sections("intranet", JUNE, datetime.date(2015, 7, 1))
    assert overdue.overdue_escalations().rows and len(overdue.overdue_escalations().rows) == 4


@pytest.fixture
def clock(monkeypatch):
    """Set the time the helpdesk's state machine records changes at."""

    def set_time(moment):
        monkeypatch.setattr(states.timezone, "now", lambda: moment)

    return set_time


def answer_through_the_helpdesk(user, received, answered, clock, channel="phone"):
    clock(received)
    item = states.receive(Inquiry(portal="intranet", channel=channel, received_at=received, question="質問"), user)
    clock(answered)
    item.answer = "回答"
    states.transition(item, Inquiry.Status.ANSWERED, user)
    return item


def test_an_answer_after_midnight_at_the_month_end_stays_with_the_day_received(role_user, clock):
    agent = role_user(HELPDESK, "intranet")
    received = datetime.datetime(2015, 6, 30, 23, 50, tzinfo=TOKYO)
    answer_through_the_helpdesk(agent, received, received + datetime.timedelta(minutes=20), clock)
    june = results()
    assert (june["first_tier_rate"].denominator, june["average_handling"].text) == (1, "20.0分")
    assert results(periods.month(datetime.date(2015, 7, 1)))["first_tier_rate"].denominator == 0
    days = Sections("intranet", periods.date_range(datetime.date(2015, 6, 30), datetime.date(2015, 7, 1))).daily_figures()
    assert [(d["received"], d["answered_on_day"], d["carried_over"]) for d in days] == [(1, 0, 1), (0, 1, 0)]


def test_a_reopened_inquiry_counts_once_with_its_first_answer(role_user, clock):
    agent = role_user(HELPDESK, "intranet")
    item = answer_through_the_helpdesk(agent, at(3, 9), at(3, 9, 5), clock)
    clock(at(3, 9, 6))
    states.transition(item, Inquiry.Status.CLOSED, agent)
    clock(at(8, 14))
    states.transition(item, Inquiry.Status.IN_PROGRESS, agent, "再開")
    clock(at(8, 14, 30))
    states.transition(item, Inquiry.Status.ANSWERED, agent)
    kpi = results()
    assert (kpi["first_tier_rate"].numerator, kpi["first_tier_rate"].denominator) == (1, 1)
    assert kpi["average_handling"].text == "5.0分"
    assert Sections("intranet", JUNE).kpi_table().rows  # renders


def work_item(number, received, deadline=None, **dates):
    return WorkItem.objects.create(
        portal="intranet", number=f"K-{number}", title="処理", received_on=received, deadline_days=deadline, **dates
    )


def test_deadline_and_error_kpis_on_hand_built_work_items():
    june = datetime.date(2015, 6, 1)  # a Monday
    work_item(1, june, 2, completed_on=datetime.date(2015, 6, 3), delivered_on=datetime.date(2015, 6, 4))  # on time
    work_item(2, june, 2, completed_on=datetime.date(2015, 6, 4), delivered_on=datetime.date(2015, 6, 5),
              error_reported_on=datetime.date(2015, 6, 10))  # late, then flagged
    work_item(3, june, 2)  # never completed, past due: missed
    work_item(4, datetime.date(2015, 6, 29), 5)  # due in July: not counted in June
    work_item(5, june)  # no deadline
    kpi = results()
    assert (kpi["deadline_rate"].numerator, kpi["deadline_rate"].denominator) == (1, 3)
    assert (kpi["deadline_rate"].text, kpi["deadline_rate"].judgement) == ("33.3%", "未達成")
    assert (kpi["error_rate"].text, kpi["error_rate"].judgement) == ("50.0%", "未達成")


def test_an_error_rate_of_exactly_the_target_is_not_below_it():
    for number in range(50):
        work_item(100 + number, datetime.date(2015, 6, 1), completed_on=datetime.date(2015, 6, 2), delivered_on=datetime.date(2015, 6, 3),
                  error_reported_on=datetime.date(2015, 6, 5) if number == 0 else None)
    kpi = results()
    assert (kpi["error_rate"].text, kpi["error_rate"].judgement) == ("2.0%", "未達成")


def test_incidents_and_proposals_are_counted_by_their_dates():
    Incident.objects.create(portal="intranet", kind="accident", is_security_incident=True, title="紛失", description="x", occurred_at=at(5))
    Incident.objects.create(portal="intranet", kind="trouble", title="障害", description="x", occurred_at=at(6))
    for day in range(1, 6):
        ImprovementProposal.objects.create(portal="intranet", title="改善", description="x", proposed_on=datetime.date(2015, 6, day))
    kpi = results()
    assert (kpi["security_incidents"].text, kpi["security_incidents"].judgement) == ("1件", "未達成")
    assert (kpi["proposals"].text, kpi["proposals"].judgement) == ("5件", "達成")
    week = {r.kpi.key: r for r in Sections("intranet", periods.week(datetime.date(2015, 6, 1))).kpi_results()}
    assert week["proposals"].judgement == "—"


class Tables(HTMLParser):
    """{data-table key: [[cell text]]} of a report page."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.cell = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-table" in attrs:
            self.current = self.tables.setdefault(attrs["data-table"], [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.current[-1].append(self.cell.strip())
            self.cell = None
        elif tag == "section":
            self.current = None


def report_with_records():
    Inquiry.objects.bulk_create([inquiry(answered_after=5, first_tier=True, completed=True, channel="phone") for _ in range(3)]
                                + [inquiry(received=at(12), answered_after=12, channel="email")])
    work_item(1, datetime.date(2015, 6, 1), 3, completed_on=datetime.date(2015, 6, 2), delivered_on=datetime.date(2015, 6, 3))


def test_the_workbook_and_csv_hold_the_figures_of_the_page(client, role_user):
    report_with_records()
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    url = reverse("kpi_reports:report", args=["intranet", "monthly"])
    page = client.get(url, {"month": "2015-06"}, HTTP_HOST=HOSTS["intranet"])
    assert page.status_code == 200
    parser = Tables()
    parser.feed(page.content.decode())
    book = load_workbook(io.BytesIO(client.get(url, {"month": "2015-06", "export": "xlsx"}, HTTP_HOST=HOSTS["intranet"]).content))
    assert book.sheetnames[0] == "表紙" and "月次業務報告書" in book["表紙"]["A1"].value and "令和" not in book["表紙"]["A2"].value
    assert "平成27年6月" in book["表紙"]["A2"].value
    for key, rows in parser.tables.items():
        sheet = list(book[key].iter_rows(values_only=True))
        assert [h for h in sheet[1] if h is not None] == rows[0], key
        for screen_row, sheet_row in zip(rows[1:], sheet[2:]):
            written = [value for value in sheet_row if value is not None]
            if screen_row == ["該当なし"]:
                continue
            assert len(written) == len(screen_row), key
            for text, value in zip(screen_row, written):
                if isinstance(value, (int, float)):
                    assert float(text.rstrip("%分件").replace(",", "")) == value, key
                else:
                    assert text == value, key
    assert parser.tables["KPI"][1][1] == "75.0%"
    rows = list(csv.reader(io.StringIO(client.get(url, {"month": "2015-06", "export": "csv"}, HTTP_HOST=HOSTS["intranet"]).content.decode("utf-8-sig"))))
    assert ["初回応答率", "75.0", "90%以上", "未達成"] == rows[rows.index(parser.tables["KPI"][0]) + 1][:4]


def test_csv_cells_that_would_be_formulas_are_neutralised(client, role_user):
    category = Category.objects.create(name="=HYPERLINK(1)", slug="formula-test")
    Inquiry.objects.bulk_create([inquiry(category=category)])
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    url = reverse("kpi_reports:report", args=["intranet", "monthly"])
    text = client.get(url, {"month": "2015-06", "export": "csv"}, HTTP_HOST=HOSTS["intranet"]).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text
    book = load_workbook(io.BytesIO(client.get(url, {"month": "2015-06", "export": "xlsx"}, HTTP_HOST=HOSTS["intranet"]).content))
    assert any(cell == "'=HYPERLINK(1)" for row in book["業務分類別"].iter_rows(values_only=True) for cell in row)


def test_every_figure_links_to_the_records_it_counts(client, role_user):
    report_with_records()
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    report = documents.build("month", "intranet", JUNE, datetime.date(2016, 1, 4))
    for table in report.tables:
        for row in table.rows:
            for cell in row:
                if cell.is_number and cell.url and table.key in ("日別件数", "受付方法別", "業務分類別"):
                    response = client.get(cell.url, HTTP_HOST=HOSTS["intranet"])
                    assert response.context["page"].paginator.count == cell.value, (table.key, cell.url)
    phone = next(row for row in report.table("受付方法別").rows if row[0].text == "電話")[1]
    listed = client.get(phone.url, HTTP_HOST=HOSTS["intranet"])
    assert phone.value == 3 and listed.context["page"].paginator.count == 3


@pytest.mark.parametrize("role, portal", [(ADMINISTRATOR, "education"), (SECTION_REVIEWER, "intranet"), (READER, "intranet")])
def test_another_centres_reports_records_and_api_are_404(client, role_user, role, portal):
    client.force_login(role_user(role, portal))
    host = HOSTS[portal]
    for url in [
        reverse("kpi_reports:report", args=["intranet", "monthly"]),
        reverse("kpi_reports:records", args=["intranet", "received"]) + "?from=2015-06-01&to=2015-06-30",
    ]:
        assert client.get(url, HTTP_HOST=host).status_code == (403 if role == READER else 404)
    api = client.get("/api/v2/reports/daily/", {"portal": "intranet", "from": "2015-06-01"}, HTTP_HOST=host)
    assert api.status_code == 404 and "権限" in api.json()["detail"]


def test_the_api_gives_the_daily_reports_figures(client, role_user):
    report_with_records()
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    data = client.get("/api/v2/reports/daily/", {"portal": "intranet", "from": "2015-06-10", "to": "2015-06-12"},
                      HTTP_HOST=HOSTS["intranet"]).json()
    assert [day["date"] for day in data["days"]] == ["2015-06-10", "2015-06-11", "2015-06-12"]
    assert data["days"][0]["wareki"] == "平成27年6月10日"
    daily = documents.build("day", "intranet", periods.day(datetime.date(2015, 6, 10)))
    assert data["days"][0]["received"] == daily.table("問い合わせ").rows[0][1].value == 3
    assert data["days"][2]["received"] == 1 and data["fields"]["received"] == "受付件数"


@pytest.mark.parametrize("params, message", [
    ({"portal": "nowhere", "from": "2015-06-01"}, "portal は"),
    ({"portal": "intranet", "from": "2015/06/01"}, "from は 2026-04-01 の形"),
    ({"portal": "intranet", "from": "2015-06-10", "to": "2015-06-01"}, "to は from 以降"),
    ({"portal": "intranet", "from": "2014-01-01", "to": "2015-06-01"}, "366日まで"),
])
def test_bad_api_parameters_get_a_japanese_400(client, role_user, params, message):
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    response = client.get("/api/v2/reports/daily/", params, HTTP_HOST=HOSTS["intranet"])
    assert response.status_code == 400 and message in response.json()["detail"]


def test_the_api_needs_a_signed_in_user(client):
    assert client.get("/api/v2/reports/daily/", {"portal": "intranet"}, HTTP_HOST=HOSTS["intranet"]).status_code == 401


def test_a_bad_period_gets_a_japanese_400(client, role_user):
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    response = client.get(reverse("kpi_reports:report", args=["intranet", "monthly"]), {"month": "2015-13"}, HTTP_HOST=HOSTS["intranet"])
    assert response.status_code == 400 and "2026-04 の形" in response.content.decode()


@pytest.mark.parametrize("slug, params", [("daily", {}), ("weekly", {"week": "2015-06-10"}), ("monthly", {"month": "2015-06"}),
                                          ("fiscal-year", {"year": "2015"})])
def test_every_report_page_opens_from_the_menu_with_its_charts(client, role_user, slug, params):
    report_with_records()
    client.force_login(role_user(HELPDESK, "intranet"))
    first = client.get(reverse("kpi_reports:first", args=[slug]), HTTP_HOST=HOSTS["intranet"])
    assert first.status_code == 302 and "/intranet/" in first.url
    page = client.get(reverse("kpi_reports:report", args=["intranet", slug]), params, HTTP_HOST=HOSTS["intranet"])
    html = page.content.decode()
    assert page.status_code == 200 and "初回応答率" in html
    if slug != "daily":
        assert "<svg" in html and "<title>" in html
