"""Report speed benchmark (issue #11): every report page of both centres with a year of inquiries and a filled
quality register.

    .venv/bin/python bench/reports_speed.py [--scale 1.0] [--repeat 3]

Builds a fresh SQLite database with both portals, about 25,000 inquiries per centre over the last year
(helpdesk.generate), and the demo register (quality.demo: a year of work items, incidents and proposals), then opens
every report page, download, drill-down and the JSON API of both centres as their 管理者 and prints, per page, the
median time, the number of SQL queries (which must not grow with the number of rows) and the time as a multiple of
the plain admin inquiry list measured in the same run. The floor is 1 s per page at full scale; --scale 0.1 makes
a quick run.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import HOSTS, create_portals, setup_django

INQUIRIES_PER_CENTRE = 25_000
FLOOR_S = 1.0
ADMINS = {"intranet": "somu-admin", "education": "kyoiku-admin"}


def pages(portal_key, today):
    """(label, URL) of every page to time for one centre."""
    from reports import periods

    month = periods.month(today).previous()
    base = f"/admin/kpi-reports/{portal_key}"
    records = f"{base}/records/received/?from={month.first}&to={month.last}"
    return [
        ("日次報告", f"{base}/daily/"),
        ("週次報告", f"{base}/weekly/"),
        ("月次業務報告書", f"{base}/monthly/?month={month.param}"),
        ("年度報告", f"{base}/fiscal-year/"),
        ("月次 .xlsx", f"{base}/monthly/?month={month.param}&export=xlsx"),
        ("月次 CSV", f"{base}/monthly/?month={month.param}&export=csv"),
        ("年度 .xlsx", f"{base}/fiscal-year/?export=xlsx"),
        ("内訳（受付件数・1か月）", records),
        ("日別API（1年）", f"/api/v2/reports/daily/?portal={portal_key}&from={today.replace(year=today.year - 1)}&to={today}"),
    ]


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, the calendar's holidays
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from django.conf import settings
        from django.test import Client
        from django.utils import timezone

        from helpdesk.generate import generate_inquiries
        from quality import demo as register_demo
        from quality.models import WorkItem

        settings.ALLOWED_HOSTS = ["*"]
        users = create_portals()
        count = int(INQUIRIES_PER_CENTRE * args.scale)
        started = time.perf_counter()
        for seed, portal_key in enumerate(HOSTS):
            generate_inquiries(count, portal_key, seed=seed)
        register_demo.load(dict.fromkeys(HOSTS), users)
        print(f"data: {count:,} inquiries and {WorkItem.objects.count() // 2:,} work items per centre "
              f"({time.perf_counter() - started:.0f} s to build)")
        today = timezone.localdate()
        slowest = 0.0
        for portal_key, host in HOSTS.items():
            client = Client(HTTP_HOST=host)
            client.force_login(users[ADMINS[portal_key]])
            baseline, baseline_queries = timed(client, "/admin/inquiries/", args.repeat)
            print(f"\n{portal_key}: baseline admin inquiry list {baseline * 1000:.0f} ms, {baseline_queries} queries")
            print(f"{'page':<24}{'ms':>8}{'queries':>9}{'× list':>8}")
            for label, url in pages(portal_key, today):
                seconds, queries = timed(client, url, args.repeat)
                slowest = max(slowest, seconds)
                flag = "" if seconds < FLOOR_S else "  > 1 s"
                print(f"{label:<24}{seconds * 1000:>8.0f}{queries:>9}{seconds / baseline:>8.1f}{flag}")
        print(f"\nslowest page {slowest * 1000:.0f} ms (floor {FLOOR_S * 1000:.0f} ms at scale 1.0; this run: {args.scale})")
        return 0 if slowest < FLOOR_S or args.scale != 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
