"""Load test (issue #9): signed-in employees at once against the portal as a city server runs it, on SQLite (database
search) and on PostgreSQL with Elasticsearch, side by side in one run.

    .venv/bin/python bench/load.py [--users 20] [--duration 60] [--faq-duration 15] [--databases sqlite,postgresql]

For each database, a fresh one gets the schema, the demo content and `--users` readers of the 総務 portal; then
gunicorn (gunicorn.conf.py) serves the production profile on a free loopback port, static files collected into a
temporary folder and served by WhiteNoise, behind a pretend TLS proxy (X-Forwarded-Proto: https). PostgreSQL is a
throwaway server (portal.pgnode) and Elasticsearch a throwaway node (search.esnode).

All users sign in at once (the login row), then each opens, one request after the other without pause, the home
page, one of ten FAQ pages (a day's most read), the procedure list and a search API query, for --duration seconds; then
all of them open those FAQ pages only for --faq-duration seconds (the cached FAQ page's capacity). A warm-up before
has every worker render these pages once for its page cache. Printed per URL: requests/s, p50/p95 in ms and
errors (anything but 200 or a refused connection), and PASS/FAIL against the floors: no errors; search API p95 under
300 ms on SQLite, under 150 ms on PostgreSQL with Elasticsearch; FAQ pages alone at least 200 requests/s. The load
generator runs on the same machine, so figures are for the server and its client together.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.parse
from contextlib import ExitStack, contextmanager
from pathlib import Path

from common import BASE_DIR

from portal.pgnode import PostgresServer, free_port
from search.esnode import Node

HOST = "intranet.localhost"
PASSWORD = "bench-pass-2026"
FLOOR_ERRORS = 0
FLOOR_SEARCH_P95_MS = {"sqlite": 300, "postgresql": 150}
FLOOR_FAQ_RPS = 200
# The FAQ pages the users open: a day's most read ones, rendered once per worker during the warm-up.
HOT_FAQS = 10
LABELS = {"sqlite": "SQLite（データベース検索）", "postgresql": "PostgreSQL + Elasticsearch"}
ROWS = [
    ("login", "ログイン POST /login/"),
    ("home", "トップ /"),
    ("faq", "FAQ /faq/…/"),
    ("procedures", "手続き一覧 /procedures/"),
    ("search", "検索API /api/v2/search/?q=…"),
    ("faq_alone", "FAQ のみ（キャッシュ）"),
]

# Run inside the portal (manage.py shell): readers for the bench and what they will open, as JSON on the last line.
SETUP = """
import json
from django.contrib.auth.models import Group, User
from faq.models import FAQPage
from pages.models import ProcedureIndexPage, portal_home
from portal.portals import PORTALS_BY_KEY
from portal.roles import READER, group_name
home = portal_home("intranet")
readers = Group.objects.get(name=group_name(READER, PORTALS_BY_KEY["intranet"]))
for number in range({users}):
    user, _ = User.objects.get_or_create(username=f"bench-reader-{{number:02d}}", defaults={{"last_name": f"利用者{{number}}"}})
    user.set_password("{password}")
    user.save()
    user.groups.add(readers)
faqs = list(FAQPage.objects.live().descendant_of(home))
words = sorted({{tag.name for faq in faqs for tag in faq.tags.all()}} | {{faq.category.name for faq in faqs}})
print(json.dumps({{
    "faqs": [faq.get_url_parts()[2] for faq in faqs][:{hot_faqs}],
    "procedures": ProcedureIndexPage.objects.live().descendant_of(home).first().get_url_parts()[2],
    "queries": words,
}}, ensure_ascii=False))
"""


def production_environment(tmp, database_url, search_env):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "intranet.localhost,edu.localhost",
        "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "WARNING",
        **search_env,
    }


def manage(env, *args):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.stdout


@contextmanager
def gunicorn(env, port, log_path):
    """gunicorn with gunicorn.conf.py on 127.0.0.1:`port`, until the block ends (SIGTERM: a graceful stop)."""
    log = open(log_path, "w")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn"))],
        cwd=BASE_DIR,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if Client(port).get("/login/")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {Path(log_path).read_text()[-3000:]}")
            time.sleep(0.5)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class Client:
    """One user's browser: a keep-alive connection, its cookies, and HTTPS as seen behind the proxy."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            reused = self.connection is not None
            if not reused:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=self._headers(headers))
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection before this request: send it again on a new one.
                self.connection.close()
                self.connection = None
                if reused and attempt == 0:
                    continue
                raise
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie = value.split(";", 1)[0]
                    key, _, content = cookie.partition("=")
                    self.cookies[key.strip()] = content
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, data

    def _headers(self, extra):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        headers.update(extra or {})
        return headers

    def get(self, path):
        return self.request("GET", path)

    def sign_in(self, username):
        status, page = self.get("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/login/",
        }
        return self.request("POST", "/login/", body=body, headers=headers)


class Recorder:
    """Latencies and errors per URL name, from all user threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {}
        self.errors = {}
        self.samples = {}

    def timed(self, name, call, ok_status=200):
        started = time.perf_counter()
        try:
            status, _ = call()
            error = None if status == ok_status else f"HTTP {status}"
        except OSError as exc:
            error = type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies.setdefault(name, []).append(elapsed)
            if error:
                self.errors[name] = self.errors.get(name, 0) + 1
                self.samples.setdefault(name, error)

    def row(self, name, seconds):
        latencies = sorted(self.latencies.get(name, []))
        if not latencies:
            return None
        cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
        return {
            "requests": len(latencies),
            "rps": len(latencies) / seconds,
            "p50": cuts[49],
            "p95": cuts[94],
            "errors": self.errors.get(name, 0),
            "first_error": self.samples.get(name),
        }


def run_users(clients, seconds, step):
    """Every client runs `step(client, rng)` at least once and again and again for `seconds`; returns the wall time."""
    stop = time.monotonic() + seconds
    started = time.monotonic()

    def loop(index, client):
        rng = random.Random(index)
        step(client, rng)
        while time.monotonic() < stop:
            step(client, rng)

    threads = [threading.Thread(target=loop, args=(index, client)) for index, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def measure(port, targets, users, duration, faq_duration):
    recorder = Recorder()
    clients = [Client(port) for _ in range(users)]
    sign_ins = [
        threading.Thread(target=recorder.timed, args=("login", lambda c=c, n=n: c.sign_in(f"bench-reader-{n:02d}"), 302))
        for n, c in enumerate(clients)
    ]
    login_started = time.monotonic()
    for thread in sign_ins:
        thread.start()
    for thread in sign_ins:
        thread.join()
    login_seconds = time.monotonic() - login_started

    faqs, queries = targets["faqs"], targets["queries"]

    def search_path(rng):
        return "/api/v2/search/?" + urllib.parse.urlencode({"q": rng.choice(queries)})

    # Warm-up, not measured: every page a few times per user, so each worker process has rendered them for its cache.
    def warm_up(client, rng):
        for path in ["/", targets["procedures"], *faqs] * 2:
            client.get(path)

    run_users(clients, 0, warm_up)

    def mixed(client, rng):
        recorder.timed("home", lambda: client.get("/"))
        recorder.timed("faq", lambda: client.get(rng.choice(faqs)))
        recorder.timed("procedures", lambda: client.get(targets["procedures"]))
        recorder.timed("search", lambda: client.get(search_path(rng)))

    mixed_seconds = run_users(clients, duration, mixed)
    faq_seconds = run_users(clients, faq_duration, lambda client, rng: recorder.timed("faq_alone", lambda: client.get(rng.choice(faqs))))
    seconds = {"login": login_seconds, "faq_alone": faq_seconds}
    return {name: recorder.row(name, seconds.get(name, mixed_seconds)) for name, _ in ROWS}


def bench_database(database, tmp, args):
    """Build, serve and measure one database; returns {row name: figures}."""
    with ExitStack() as stack:
        if database == "sqlite":
            url, search_env = f"sqlite:///{tmp / 'db.sqlite3'}", {"SEARCH_BACKEND": "database"}
        else:
            url = stack.enter_context(PostgresServer(options=["-c max_connections=200"])).url
            # A busy machine can take minutes to start the node; the figures are what matters here.
            node = Node(heap="1g", start_timeout=900).start()
            stack.callback(node.stop)
            search_env = {"SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": node.url, "ELASTICSEARCH_INDEX_PREFIX": "bench_"}
        env = production_environment(tmp.parent, url, search_env)
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "-v0")
        setup = SETUP.format(users=args.users, password=PASSWORD, hot_faqs=HOT_FAQS)
        targets = json.loads(manage(env, "shell", "-c", setup).splitlines()[-1])
        print(f"  {LABELS[database]}: データベースを準備しました（{time.monotonic() - started:.0f} 秒）", flush=True)
        port = free_port()
        with gunicorn(env, port, tmp / "gunicorn.log"):
            figures = measure(port, targets, args.users, args.duration, args.faq_duration)
        print(f"  {LABELS[database]}: 計測しました", flush=True)
        return figures


def verdicts(database, figures):
    """(floor, PASS/FAIL) pairs for one database."""
    checks = []
    errors = sum(row["errors"] for row in figures.values() if row)
    checks.append((f"エラー {FLOOR_ERRORS} 件", errors <= FLOOR_ERRORS))
    search = figures.get("search")
    checks.append((f"検索API p95 < {FLOOR_SEARCH_P95_MS[database]} ms", bool(search) and search["p95"] < FLOOR_SEARCH_P95_MS[database]))
    faq = figures.get("faq_alone")
    checks.append((f"FAQ のみ ≥ {FLOOR_FAQ_RPS} 件/秒", bool(faq) and faq["rps"] >= FLOOR_FAQ_RPS))
    return checks


def pad(text, width):
    """`text` padded to `width` terminal columns (full-width characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def report(results, args):
    databases = list(results)
    print()
    print(f"同時ログインユーザー {args.users} 人、混在 {args.duration:g} 秒 + FAQ のみ {args.faq_duration:g} 秒（gunicorn、本番設定、ループバック）")
    print(pad("", 32) + "".join(f"| {pad(LABELS[db], 38)}" for db in databases))
    print(pad("URL", 32) + "".join(f"| {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}    " for _ in databases))
    for name, label in ROWS:
        cells = []
        for db in databases:
            row = results[db].get(name)
            cells.append(f"| {row['rps']:>8.1f} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['errors']:>7}    " if row else f"| {'—':>38}")
        print(pad(label, 32) + "".join(cells))
    print()
    failed = False
    for db in databases:
        for floor, ok in verdicts(db, results[db]):
            failed |= not ok
            print(f"{'PASS' if ok else 'FAIL'}  {LABELS[db]}: {floor}")
        for name, label in ROWS:
            row = results[db].get(name)
            if row and row["errors"]:
                print(f"      {label}: 最初のエラー {row['first_error']}")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds of the mixed load")
    parser.add_argument("--faq-duration", type=float, default=15, help="seconds of FAQ pages alone")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="portal-load-"))
    try:
        env = production_environment(root, f"sqlite:///{root / 'collect.sqlite3'}", {})
        manage(env, "collectstatic", "--noinput", "-v0")
        results = {}
        for database in args.databases.split(","):
            tmp = root / database
            tmp.mkdir()
            print(f"{LABELS[database]} を準備しています…", flush=True)
            results[database] = bench_database(database, tmp, args)
            print(f"  {json.dumps({database: results[database]}, ensure_ascii=False)}", flush=True)
        return report(results, args)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
