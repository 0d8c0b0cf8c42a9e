"""Console suggestion latency (issue 10): the agent console's live suggestions beside the plain search API.

    .venv/bin/python bench/console_suggestions.py [--scale 1] [--backends database,elasticsearch] [--rounds 2]

For each backend, a child process builds a fresh SQLite database with `load_demo` (the demo content and a year of
demo inquiries, HELPDESK_DEMO_SCALE=--scale), serves the portal with a real WSGI server on a free loopback port, and,
signed in as each centre's helpdesk agent, sends every queries_*_dev.jsonl query (the callers' questions) of that
centre to GET /admin/inquiries/suggestions/ (what the console asks on each pause in typing: FAQs, procedures,
manuals, 様式, past answers, with the text to copy) and to GET /api/v2/search/, interleaved so both see the same
machine. It prints p50/p95/max of each round trip over HTTP, their ratio, and PASS/FAIL against the issue's floor
(console p95 under 300 ms, judged at --scale 1 only).
"""

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import DEFAULT_DATA, HOSTS, backend_environments, read_jsonl, run_child, setup_django

FLOOR_MS = 300
AGENTS = {"intranet": "somu-helpdesk", "education": "kyoiku-helpdesk"}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def summary(times):
    return {"n": len(times), "p50": percentile(times, 0.5), "p95": percentile(times, 0.95), "max": max(times, default=0.0)}


def serve():
    """The portal on a real WSGI server in a thread; returns (port, server)."""
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=WSGIServer, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port, server


def signed_in_session(username, host):
    import requests
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST=host)
    client.force_login(get_user_model().objects.get(username=username))
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    session.headers["Host"] = host
    return session


def timed(session, url, params):
    started = time.perf_counter()
    response = session.get(url, params=params, timeout=30)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, response.json()


def child(backend, data_dir, rounds, out):
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from django.core.management import call_command

        from helpdesk.models import Inquiry

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        load_s = time.perf_counter() - started
        port, server = serve()
        base = f"http://127.0.0.1:{port}"
        console, api, empty = [], [], 0
        for portal_key, host in HOSTS.items():
            session = signed_in_session(AGENTS[portal_key], host)
            queries = [row["query"] for row in read_jsonl(Path(data_dir) / f"queries_{portal_key}_dev.jsonl")]
            timed(session, f"{base}/admin/inquiries/suggestions/", {"q": queries[0], "portal": portal_key})
            for _ in range(rounds):
                for query in queries:
                    elapsed, data = timed(session, f"{base}/admin/inquiries/suggestions/", {"q": query, "portal": portal_key})
                    console.append(elapsed)
                    empty += not data["results"]
                    api.append(timed(session, f"{base}/api/v2/search/", {"q": query, "portal": portal_key})[0])
        server.shutdown()
        result = {
            "backend": backend,
            "load_s": load_s,
            "inquiries": Inquiry.objects.count(),
            "indexed_inquiries": Inquiry.get_indexed_objects().count(),
            "console": summary(console),
            "api": summary(api),
            "empty": empty,
        }
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the demo year (1 = the full demo)")
    parser.add_argument("--backends", default="database")
    parser.add_argument("--rounds", type=int, default=2, help="times each query is sent")
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--child")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.data, args.rounds, args.out)
    results = []
    with backend_environments() as environment:
        for backend in args.backends.split(","):
            extra = {"SEARCH_BACKEND": backend, "HELPDESK_DEMO_SCALE": str(args.scale), **environment(backend)}
            results.append(run_child(Path(__file__), backend, ["--rounds", str(args.rounds), "--data", args.data], extra))
    print(f"console suggestions vs search API, demo scale {args.scale:g}, {os.cpu_count()} CPUs (round trip over HTTP, ms)")
    print(f"{'backend':<14}{'inquiries':>10}{'indexed':>9}  {'':<8}{'n':>5}{'p50':>8}{'p95':>8}{'max':>8}")
    for result in results:
        for label in ("console", "api"):
            figures = result[label]
            print(
                f"{result['backend']:<14}{result['inquiries']:>10}{result['indexed_inquiries']:>9}  {label:<8}"
                f"{figures['n']:>5}{figures['p50']:>8.0f}{figures['p95']:>8.0f}{figures['max']:>8.0f}"
            )
        ratio = result["console"]["p95"] / (result["api"]["p95"] or 1)
        verdict = "PASS" if result["console"]["p95"] < FLOOR_MS else "FAIL"
        judged = verdict if args.scale >= 1 else f"{verdict} (not judged below scale 1)"
        print(
            f"{result['backend']}: console p95 / API p95 = {ratio:.2f}; console p95 under {FLOOR_MS} ms: {judged}; "
            f"queries without suggestions: {result['empty']}; demo load {result['load_s']:.0f} s"
        )


if __name__ == "__main__":
    sys.exit(main())
