"""Search relevance benchmark: SR@1, SR@5 and MRR@10 of the search API, overall and per query style, per backend.

    .venv/bin/python bench/search_relevance.py [--backends database,elasticsearch] [--data /work/shared/data]

For each backend, a child process builds a fresh SQLite database with both portals, imports faq_*.jsonl with
`manage.py import_faqs`, rebuilds the search index and sends every queries_*_dev.jsonl query to GET /api/v2/search/
as a reader of the portal of the query's first relevant FAQ. Elasticsearch runs on a throwaway node (search.esnode)
unless ELASTICSEARCH_URL is set. A query counts as answered at rank k when any relevant FAQ is at rank k.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from common import DEFAULT_DATA, HOSTS, backend_environments, create_portals, read_jsonl, run_child, setup_django

STYLES = ("keyword", "natural", "colloquial", "variant")


def metrics(ranks):
    """SR@1, SR@5, MRR@10 of a list of ranks (None when no relevant result in the top 10)."""
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "SR@1": sum(1 for r in ranks if r == 1) / n,
        "SR@5": sum(1 for r in ranks if r and r <= 5) / n,
        "MRR@10": sum(1 / r for r in ranks if r and r <= 10) / n,
    }


def build_site(data_dir):
    """Fresh schema, both portals, one reader per portal, the FAQ files imported and the index rebuilt."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from portal.portals import PORTALS
    from portal.roles import READER, group_name

    create_portals()
    readers = {}
    for portal in PORTALS:
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{portal.key}")
        user.groups.add(Group.objects.get(name=group_name(READER, portal)))
        readers[portal.key] = user
    started = time.perf_counter()
    for path in sorted(Path(data_dir).glob("faq_*.jsonl")):
        call_command("import_faqs", str(path), verbosity=0)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    return readers, {"import_s": imported, "index_s": time.perf_counter() - started}


def run_queries(data_dir, readers):
    from django.test import Client

    from faq.models import FAQPage

    portal_of = {
        external_id: home_key
        for external_id, home_key in (
            (page.external_id, page.get_parent().get_parent().specific.portal_key)
            for page in FAQPage.objects.all()
        )
    }
    rows, timings = [], []
    for path in sorted(Path(data_dir).glob("queries_*_dev.jsonl")):
        for query in read_jsonl(path):
            portal_key = portal_of.get(query["relevant"][0])
            client = Client(HTTP_HOST=HOSTS[portal_key])
            client.force_login(readers[portal_key])
            started = time.perf_counter()
            response = client.get("/api/v2/search/", {"q": query["query"], "portal": portal_key, "limit": 10})
            timings.append(time.perf_counter() - started)
            found = [row["external_id"] for row in response.json()["results"]] if response.status_code == 200 else []
            rank = next((i for i, external_id in enumerate(found, 1) if external_id in query["relevant"]), None)
            rows.append({**query, "rank": rank, "top": found[:3], "status": response.status_code})
    return rows, timings


def child(backend, data_dir, out_path):
    """Run one backend in this process (settings are read once, so each backend gets its own process)."""
    os.environ["SEARCH_BACKEND"] = backend
    with tempfile.TemporaryDirectory() as work:
        setup_django(Path(work) / "bench.sqlite3")
        from search.analysis import ANALYSIS_NAME, ANALYSIS_VERSION

        readers, build = build_site(data_dir)
        rows, timings = run_queries(data_dir, readers)
    by_style = defaultdict(list)
    for row in rows:
        by_style[row["style"]].append(row["rank"])
    timings.sort()
    result = {
        "backend": backend,
        "analysis": f"{ANALYSIS_NAME} (v{ANALYSIS_VERSION})",
        "overall": metrics([row["rank"] for row in rows]),
        "styles": {style: metrics(by_style[style]) for style in STYLES if style in by_style},
        "build": build,
        "latency_ms": {"p50": timings[len(timings) // 2] * 1000, "p95": timings[int(len(timings) * 0.95)] * 1000},
        "misses": [row for row in rows if row["rank"] != 1],
    }
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def print_table(results):
    names = [result["backend"] for result in results]
    print("\n検索の適合性（dev セット）")
    for result in results:
        print(f"  {result['backend']}: analysis = {result['analysis']}")
    print(f"{'':<16}" + "".join(f"{name:>26}" for name in names))
    print(f"{'':<16}" + "".join(f"{'SR@1':>10}{'SR@5':>8}{'MRR@10':>8}" for _ in names))
    groups = [("overall", [r["overall"] for r in results])] + [
        (style, [r["styles"].get(style) for r in results]) for style in STYLES
    ]
    for label, values in groups:
        cells = "".join(
            f"{v['SR@1']:>10.3f}{v['SR@5']:>8.3f}{v['MRR@10']:>8.3f}" if v else f"{'-':>26}" for v in values
        )
        n = next((v["n"] for v in values if v), 0)
        print(f"{label + f' ({n})':<16}{cells}")
    for result in results:
        build = result["build"]
        print(
            f"  {result['backend']}: import {build['import_s']:.1f}s, reindex {build['index_s']:.1f}s, "
            f"API p50 {result['latency_ms']['p50']:.1f}ms p95 {result['latency_ms']['p95']:.1f}ms"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="database,elasticsearch")
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--misses", action="store_true", help="list the queries not answered at rank 1")
    parser.add_argument("--child")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.out)
        return 0
    with backend_environments() as environment:
        results = [
            run_child(__file__, backend, ["--data", str(args.data)], environment(backend))
            for backend in args.backends.split(",")
        ]
    print_table(results)
    if args.misses:
        print_misses(results)
    return 0


def print_misses(results):
    """Each backend's queries not answered at rank 1, under that backend's heading (none: no heading)."""
    for result in results:
        if result["misses"]:
            lines = [f"\n[{result['backend']}] rank != 1:"] + [
                f"  {row['id']} {row['style']:<10} rank={row['rank']} {row['query']}  want={row['relevant']} got={row['top']}"
                for row in result["misses"]
            ]
            print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
