"""Search relevance benchmark: SR@1, SR@5 and MRR@10 of the search API, overall and per query style, per backend,
with BM25 alone and with the semantic leg, side by side.

    .venv/bin/python bench/search_relevance.py [--backends database,elasticsearch] [--data /work/shared/data]
                                               [--misses] [--tune]

For each backend, a child process builds a fresh SQLite database with both portals, imports faq_*.jsonl with
`manage.py import_faqs`, rebuilds the search index (both legs) and sends every queries_*_dev.jsonl query, and every
situation-style query of bench/queries_situations.jsonl (written for this bench, in the employees' words, never used by
the index or the synonyms), to GET /api/v2/search/ as a reader of the portal of the query's first relevant FAQ: once
with the embedding model turned off (BM25 alone) and once with it. Elasticsearch runs on a throwaway node
(search.esnode) unless ELASTICSEARCH_URL is set. A query counts as answered at rank k when any relevant FAQ is at rank
k. Also printed: how many results a query counts (search.fusion's cut) and how often the answer card appears and
shows a relevant FAQ.

--tune (database backend) retrieves both legs of every query once and scores a grid of search.fusion.Weights on them,
printing the best settings by the mean MRR@10 of the dev set and the situation set: the evaluation beside the tuning.
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
SITUATIONS = Path(__file__).resolve().parent / "queries_situations.jsonl"
MODES = ("bm25", "bm25+semantic")


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


def query_sets(data_dir):
    """The dev queries (by style) and the situation-style queries of this bench."""
    queries = [query for path in sorted(Path(data_dir).glob("queries_*_dev.jsonl")) for query in read_jsonl(path)]
    return queries + read_jsonl(SITUATIONS)


def portals_of_faqs():
    from faq.models import FAQPage

    return {page.external_id: page.get_parent().get_parent().specific.portal_key for page in FAQPage.objects.all()}


def run_queries(queries, readers):
    """Every query through the search API; per query its rank, top 3, the result count and the answer card."""
    from django.test import Client

    portal_of = portals_of_faqs()
    clients = {}
    for portal_key, user in readers.items():
        clients[portal_key] = Client(HTTP_HOST=HOSTS[portal_key])
        clients[portal_key].force_login(user)
    rows, timings = [], []
    for query in queries:
        portal_key = portal_of.get(query["relevant"][0])
        started = time.perf_counter()
        response = clients[portal_key].get("/api/v2/search/", {"q": query["query"], "portal": portal_key, "limit": 10})
        timings.append(time.perf_counter() - started)
        body = response.json() if response.status_code == 200 else {}
        found = [row["external_id"] for row in body.get("results", [])]
        rank = next((i for i, external_id in enumerate(found, 1) if external_id in query["relevant"]), None)
        card = body.get("best_answer")
        card_id = card and next((row["external_id"] for row in body["results"] if row["id"] == card["id"] and row["type"] == card["type"]), None)
        rows.append(
            {
                **query, "rank": rank, "top": found[:3], "status": response.status_code, "count": body.get("count", 0),
                "card": bool(card), "card_right": bool(card) and card_id in query["relevant"],
            }
        )
    return rows, timings


def summary(rows, timings):
    by_style = defaultdict(list)
    for row in rows:
        by_style[row["style"]].append(row["rank"])
    dev = [row["rank"] for row in rows if row["style"] != "situation"]
    timings = sorted(timings)
    cards = [row for row in rows if row["card"]]
    return {
        "overall": metrics(dev),
        "styles": {style: metrics(ranks) for style, ranks in by_style.items()},
        "latency_ms": {"p50": timings[len(timings) // 2] * 1000, "p95": timings[int(len(timings) * 0.95)] * 1000},
        "counts": sorted(row["count"] for row in rows),
        "cards": {"shown": len(cards) / (len(rows) or 1), "right": sum(row["card_right"] for row in cards) / (len(cards) or 1)},
        "misses": [row for row in rows if row["rank"] != 1],
    }


def child(backend, data_dir, out_path, tune=False):
    """Run one backend in this process (settings are read once, so each backend gets its own process)."""
    os.environ["SEARCH_BACKEND"] = backend
    with tempfile.TemporaryDirectory() as work:
        setup_django(Path(work) / "bench.sqlite3")
        from django.test import override_settings

        from search import embedding
        from search.analysis import ANALYSIS_NAME, ANALYSIS_VERSION

        readers, build = build_site(data_dir)
        queries = query_sets(data_dir)
        modes = {}
        with override_settings(SEARCH_EMBEDDING_MODEL="none"):
            modes["bm25"] = summary(*run_queries(queries, readers))
        modes["bm25+semantic"] = summary(*run_queries(queries, readers))
        tuning = tune_weights(queries, readers) if tune else None
    result = {
        "backend": backend,
        "analysis": f"{ANALYSIS_NAME} (v{ANALYSIS_VERSION})",
        "model": embedding.model_name() or "(none: BM25 only)",
        "modes": modes,
        "build": build,
        "tuning": tuning,
    }
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def tune_weights(queries, readers):
    """Both legs of every query retrieved once; then each setting of a grid of search.fusion.Weights fused, permitted
    and ranked without touching the index again. Returns the settings, best first, with their figures."""
    import itertools
    from dataclasses import replace

    from pages.models import portal_home
    from search import fusion, permissions, retrieval
    from search.query import analyse
    from search.vocabulary import synonym_groups

    portal_of = portals_of_faqs()
    prepared = []
    for query in queries:
        portal_key = portal_of[query["relevant"][0]]
        user, home = readers[portal_key], portal_home(portal_key)
        analysed = analyse(query["query"], synonym_groups())
        allowed = permissions.visible_types(user, portal_key)
        found = retrieval.retrieve(analysed, allowed, portal_key, home)
        every = fusion.fuse(analysed, found, allowed)
        keep = {(hit.result_type.key, hit.pk) for hit in permissions.permitted(every, portal_key, home, user)}
        external = dict(_external_ids(every))
        prepared.append((query, analysed, found, allowed, keep, external))
    grid = {
        "semantic_for_keywords": [0.2, 0.3, 0.4, 0.5],
        "semantic_for_sentences": [0.5, 0.6, 0.7, 0.8, 0.9],
        "spread": [0.03, 0.04, 0.05, 0.06, 0.08],
        "floor": [0.8, 0.81, 0.82, 0.83],
    }
    results = []
    for values in itertools.product(*grid.values()):
        weights = replace(fusion.DEFAULT, **dict(zip(grid, values)))
        ranks = defaultdict(list)
        for query, analysed, found, allowed, keep, external in prepared:
            hits = [hit for hit in fusion.fuse(analysed, found, allowed, weights) if (hit.result_type.key, hit.pk) in keep]
            ids = [external.get((hit.result_type.key, hit.pk)) for hit in hits[:10]]
            rank = next((i for i, external_id in enumerate(ids, 1) if external_id in query["relevant"]), None)
            ranks["situation" if query["style"] == "situation" else "dev"].append(rank)
        figures = {name: metrics(found_ranks) for name, found_ranks in ranks.items()}
        objective = (figures["dev"]["MRR@10"] + figures["situation"]["MRR@10"]) / 2
        results.append({"weights": dict(zip(grid, values)), "objective": objective, **figures})
    results.sort(key=lambda item: -item["objective"])
    return results[:10]


def _external_ids(hits):
    from faq.models import FAQPage

    pks = [hit.pk for hit in hits if hit.result_type.key == "faq"]
    for pk, external_id in FAQPage.objects.filter(pk__in=pks).values_list("pk", "external_id"):
        yield ("faq", pk), external_id


def print_table(results):
    columns = [(result, mode) for result in results for mode in MODES]
    print("\n検索の適合性（dev セット + 状況を語る質問 bench/queries_situations.jsonl）")
    for result in results:
        print(f"  {result['backend']}: analysis = {result['analysis']}; embedding model = {result['model']}")
    print(f"{'':<16}" + "".join(f"{result['backend'] + ' ' + mode:>26}" for result, mode in columns))
    print(f"{'':<16}" + "".join(f"{'SR@1':>10}{'SR@5':>8}{'MRR@10':>8}" for _ in columns))
    groups = [("overall (dev)", [r["modes"][m]["overall"] for r, m in columns])] + [
        (style, [r["modes"][m]["styles"].get(style) for r, m in columns]) for style in STYLES + ("situation",)
    ]
    for label, values in groups:
        cells = "".join(
            f"{v['SR@1']:>10.3f}{v['SR@5']:>8.3f}{v['MRR@10']:>8.3f}" if v else f"{'-':>26}" for v in values
        )
        n = next((v["n"] for v in values if v), 0)
        print(f"{label + f' ({n})':<16}{cells}")
    for result in results:
        build = result["build"]
        print(f"  {result['backend']}: import {build['import_s']:.1f}s, reindex (both legs) {build['index_s']:.1f}s")
        for mode in MODES:
            figures = result["modes"][mode]
            counts = figures["counts"]
            print(
                f"    {mode:<14} API p50 {figures['latency_ms']['p50']:.1f}ms p95 {figures['latency_ms']['p95']:.1f}ms; "
                f"results counted: median {counts[len(counts) // 2]}, p90 {counts[int(len(counts) * 0.9)]}; "
                f"answer card on {figures['cards']['shown']:.0%} of queries, a relevant FAQ in {figures['cards']['right']:.0%} of them"
            )
    for result in results:
        if result.get("tuning"):
            print(f"\n[{result['backend']}] search.fusion.Weights by mean MRR@10 of dev and situation sets:")
            for item in result["tuning"]:
                dev, situation = item["dev"], item["situation"]
                print(
                    f"  {item['objective']:.3f}  dev SR@1 {dev['SR@1']:.3f} MRR {dev['MRR@10']:.3f}  situation SR@1 "
                    f"{situation['SR@1']:.3f} MRR {situation['MRR@10']:.3f}  {item['weights']}"
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="database,elasticsearch")
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--misses", action="store_true", help="list the queries not answered at rank 1")
    parser.add_argument("--tune", action="store_true", help="grid-search the fusion weights (database backend)")
    parser.add_argument("--child")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.out, args.tune)
        return 0
    with backend_environments() as environment:
        results = [
            run_child(__file__, backend, ["--data", str(args.data)] + (["--tune"] if args.tune and backend == "database" else []), environment(backend))
            for backend in args.backends.split(",")
        ]
    print_table(results)
    if args.misses:
        print_misses(results)
    return 0


def print_misses(results):
    """Each backend's queries not answered at rank 1 with both legs, under that backend's heading."""
    for result in results:
        misses = result["modes"]["bm25+semantic"]["misses"]
        if misses:
            lines = [f"\n[{result['backend']} bm25+semantic] rank != 1:"] + [
                f"  {row['id']} {row['style']:<10} rank={row['rank']} {row['query']}  want={row['relevant']} got={row['top']}"
                for row in misses
            ]
            print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
