"""Search speed benchmark (issues #4, #12): bulk indexing and embedding of past inquiries, search API latency with BM25
alone and with the semantic leg, query embedding time and a web worker's memory, per backend.

    .venv/bin/python bench/search_speed.py [--scale 1.0] [--backends elasticsearch,database] [--data /work/shared/data]
                                           [--embed-sample 3000]

For each backend, a child process builds a fresh SQLite database with both portals, imports 5,000 FAQs (the shared
FAQs recombined into numbered variants), creates 2,000 work manuals (indexed once at the end) and bulk-creates
100,000 answered inquiries, then times indexing the inquiries the way `update_index` does (the backend's add_bulk,
1,000 rows at a time) and, once Elasticsearch has merged the bulk load, sends a few hundred queries (the dev queries
and FAQ questions) to GET /api/v2/search/ as centre staff, so manuals and inquiries are searched too: once with the
embedding model turned off (BM25 alone) and once with both legs. Elasticsearch runs on a throwaway node
(search.esnode, 1 GB heap) unless ELASTICSEARCH_URL is set. --scale multiplies every data size (e.g. 0.1 for a quick
run); the floors of the issue are judged at full scale only.

FAQs and manuals are embedded as they are imported (timed with the import). The inquiries are embedded after the bulk
index the way `manage.py embed_passages` does, with the throughput printed; embedding all 100,000 takes the better
part of an hour on one core, so by default only --embed-sample of them are embedded (and timed) and the others get a
copy of the vector of a sampled inquiry of the same topic, which is enough to time the search over 100,000 vectors
(--embed-sample 0 embeds them all). Memory: a fresh process on the built database, like a web worker, serves the
same searches with the model loaded and prints its resident size.
"""

import argparse
import gc
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEFAULT_DATA, HOSTS, backend_environments, create_portals, read_jsonl, run_child, setup_django

FAQS, MANUALS, INQUIRIES = 5_000, 2_000, 100_000
WARM_UP = 20
INDEX_CHUNK = 1_000
FLOOR_P95_MS = {"elasticsearch": 60, "database": 150}
FLOOR_INDEX_S = 120
FLOOR_RSS_MB = 400
CENTRE_STAFF = {"intranet": "somu-center", "education": "kyoiku-center"}


def faq_records(data_dir, count, seed=0):
    """`count` FAQ records: each shared FAQ in numbered variants, its answer followed by a sentence of another FAQ of
    the same portal, so that texts vary but stay realistic."""
    from faq.jsonl import FAQRecord

    rng = random.Random(seed)
    base = [record for path in sorted(Path(data_dir).glob("faq_*.jsonl")) for record in read_jsonl(path)]
    by_portal = {}
    for record in base:
        by_portal.setdefault(record["portal"], []).append(record)
    records = []
    for number in range(count):
        record = base[number % len(base)]
        variant, other = number // len(base), rng.choice(by_portal[record["portal"]])
        records.append(
            FAQRecord(
                external_id=f"{record['external_id']}-{variant:03d}",
                portal=record["portal"],
                category=record["category"],
                subcategory=record.get("subcategory", ""),
                audience=record.get("audience", []),
                question=f"{record['question']}（{other['subcategory'] or other['category']}・{variant}）"[:255],
                answer=f"{record['answer']}\n{other['answer'].split('。')[0]}。",
                tags=list(dict.fromkeys(record.get("tags", []) + other.get("tags", [])[:1])),
            )
        )
    return records


def create_manuals(records, count, users):
    """`count` published manuals, half per portal, written from FAQ records; saved without revisions and indexed
    once at the end (faq.jsonl.indexing_deferred)."""
    from django.utils import timezone

    from faq.jsonl import indexing_deferred
    from manuals.models import ManualIndexPage, ManualPage
    from pages.demo import ensure_page
    from pages.models import portal_homes
    from portal.models import Category, Section

    categories = {category.name: category for category in Category.objects.all()}
    sections = list(Section.objects.all())
    now = timezone.now()
    with indexing_deferred(ManualPage) as saved:
        for home in portal_homes():
            index = ensure_page(home, ManualIndexPage, "manuals", title="業務マニュアル")
            own = [record for record in records if record.portal == home.portal_key]
            for number in range(count // 2):
                record = own[number % len(own)]
                manual = ManualPage(
                    title=f"{record.subcategory or record.category}事務 その{number}",
                    slug=f"manual-{number}",
                    section=sections[number % len(sections)],
                    category=categories.get(record.category),
                    summary=record.answer,
                    inputs="\n".join(record.tags),
                    review_points=record.question,
                    deadline_text="届出の受付日から",
                    deadline_working_days=10,
                    revision_reason="制定",
                    owner=users[CENTRE_STAFF[home.portal_key]],
                    first_published_at=now,
                    last_published_at=now,
                )
                index.add_child(instance=manual)
                saved.append(manual)


def generate_inquiries(count):
    from helpdesk.generate import generate_inquiries

    for seed, portal_key in enumerate(HOSTS):
        generate_inquiries(count // 2, portal_key, seed=seed)


def index_inquiries(backend):
    """Add every searchable inquiry to `backend` as `update_index` does: add_bulk of 1,000 rows at a time."""
    from helpdesk.models import Inquiry

    queryset = Inquiry.get_indexed_objects().order_by("pk")
    last_pk = 0
    while chunk := list(queryset.filter(pk__gt=last_pk)[:INDEX_CHUNK]):
        backend.add_bulk(Inquiry, chunk)
        last_pk = chunk[-1].pk
    if hasattr(backend, "es"):
        backend.get_index_for_model(Inquiry).refresh()


def settle(backend, timeout=300):
    """Wait until Elasticsearch has merged the segments of the bulk load, so that searches are timed as in steady use
    rather than competing with the merges for the CPU; returns the seconds waited."""
    started = time.perf_counter()
    while hasattr(backend, "es") and time.perf_counter() - started < timeout:
        if not backend.es.indices.stats(metric="merge")["_all"]["total"]["merges"]["current"]:
            break
        time.sleep(1)
    return time.perf_counter() - started


def queries(data_dir, records):
    """(portal, text) of every dev query and of every shared FAQ's question (its first variant, without suffix)."""
    found = []
    for portal_key in HOSTS:
        found += [(portal_key, row["query"]) for row in read_jsonl(Path(data_dir) / f"queries_{portal_key}_dev.jsonl")]
    found += [(record.portal, record.question.rsplit("（", 1)[0]) for record in records if record.external_id.endswith("-000")]
    return found


def time_searches(pairs, users):
    """Milliseconds of each search API request, after WARM_UP unmeasured ones."""
    from django.test import Client

    clients = {}
    for portal_key, host in HOSTS.items():
        clients[portal_key] = Client(HTTP_HOST=host)
        clients[portal_key].force_login(users[CENTRE_STAFF[portal_key]])
    timings = []
    for number, (portal_key, text) in enumerate(pairs[:WARM_UP] + pairs):
        started = time.perf_counter()
        response = clients[portal_key].get("/api/v2/search/", {"q": text, "portal": portal_key, "limit": 10})
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"search API answered {response.status_code} for {text!r}")
        if number >= WARM_UP:
            timings.append(elapsed)
    return timings


def embed_inquiries(sample):
    """Embed the inquiries as `embed_passages` does (pushing vectors to Elasticsearch); returns (embedded, seconds).
    With a `sample`, only that many are embedded and the rest copy a sampled vector of the same topic."""
    from django.contrib.contenttypes.models import ContentType

    from helpdesk.models import Inquiry
    from search import vectors
    from search.models import PassageVector
    from search.vector_push import push_to_elasticsearch

    queryset = Inquiry.get_indexed_objects().order_by("pk")
    if not sample:
        started = time.perf_counter()
        embedded = vectors.embed_all([Inquiry], on_chunk=push_to_elasticsearch)
        return embedded, time.perf_counter() - started
    chosen = list(queryset.order_by("?")[:sample])
    started = time.perf_counter()
    embedded = 0
    for start in range(0, len(chosen), vectors.CHUNK):
        chunk = chosen[start : start + vectors.CHUNK]
        embedded += vectors.update(Inquiry, chunk)
        push_to_elasticsearch(Inquiry, chunk)
    seconds = time.perf_counter() - started
    content_type = ContentType.objects.get_for_model(Inquiry)
    done = {row.object_id: row for row in PassageVector.objects.filter(content_type=content_type)}
    by_topic = {}
    for inquiry in chosen:
        by_topic.setdefault(_topic(inquiry), done[inquiry.pk])
    last_pk = 0
    while rest := list(queryset.filter(pk__gt=last_pk).exclude(pk__in=list(done))[: vectors.CHUNK]):
        copies = []
        for inquiry in rest:
            model = by_topic.get(_topic(inquiry)) or next(iter(by_topic.values()))
            copies.append(PassageVector(
                content_type=content_type, object_id=inquiry.pk, chunk=0, portal=inquiry.portal, model=model.model,
                text_hash=model.text_hash, vector=model.vector, scale=model.scale,
            ))
        PassageVector.objects.bulk_create(copies)
        push_to_elasticsearch(Inquiry, rest)
        last_pk = rest[-1].pk
    vectors.changed(content_type.pk)
    return embedded, seconds


def _topic(inquiry):
    return inquiry.question.split("（", 1)[0]


def query_embedding_ms(pairs):
    """Milliseconds to embed each query text (the semantic leg's own cost)."""
    from search import embedding

    model = embedding.embedder()
    timings = []
    for _portal, text in pairs:
        started = time.perf_counter()
        model.queries([text])
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def worker_memory(database, data_dir, backend_name, scale, env):
    """Resident size of a fresh process on the built database after serving the searches (model and matrices
    loaded), as a web worker would be."""
    out = Path(database).with_suffix(".worker.json")
    command = [sys.executable, __file__, "--worker", str(database), "--child", backend_name, "--data", str(data_dir),
               "--scale", str(scale), "--out", str(out)]
    subprocess.run(command, check=True, env={**os.environ, **env})
    return json.loads(out.read_text())


def worker(database, backend_name, data_dir, scale, out_path):
    os.environ["SEARCH_BACKEND"] = backend_name
    setup_django(database)
    from django.contrib.auth import get_user_model

    from search import vectors

    users = {user.username: user for user in get_user_model().objects.filter(username__in=CENTRE_STAFF.values())}
    pairs = queries(data_dir, faq_records(data_dir, round(FAQS * scale)))
    time_searches(pairs[:200], users)
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    result = {
        "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
        "peak_mb": int(status["VmHWM"].split()[0]) / 1024,
        "matrices_mb": vectors.loaded_bytes() / 2**20,
    }
    Path(out_path).write_text(json.dumps(result))


def percentile(values, share):
    return values[math.ceil(len(values) * share) - 1]


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def describe_backend(backend):
    from search import backend as es_backend
    from search.analysis import ANALYSIS_NAME, ANALYSIS_VERSION

    analysis = f"{ANALYSIS_NAME} (v{ANALYSIS_VERSION})"
    if hasattr(backend, "es"):
        # The node's root endpoint (GET /) is not served by the test distribution; the nodes API is.
        version = next(iter(backend.es.nodes.info()["nodes"].values()))["version"]
        return f"Elasticsearch {version}, analyser '{es_backend.ANALYZER}' over the Python tokens: {analysis}"
    return f"{type(backend).__name__} (SQLite FTS5) over the Python tokens: {analysis}"


def child(backend_name, data_dir, scale, out_path, sample):
    """Build one backend's site in this process and measure it."""
    os.environ["SEARCH_BACKEND"] = backend_name
    sizes = {"faqs": round(FAQS * scale), "manuals": round(MANUALS * scale), "inquiries": round(INQUIRIES * scale)}
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / "bench.sqlite3"
        setup_django(database)
        from django.core.management import call_command
        from django.test import override_settings
        from wagtail.search.backends import get_search_backend

        from faq.jsonl import import_records
        from helpdesk.models import Inquiry
        from search import embedding

        users = create_portals()
        call_command("update_index", schema_only=True, verbosity=0)
        backend = get_search_backend()
        records = faq_records(data_dir, sizes["faqs"])
        seconds = {}
        _, seconds["faq_import"] = timed(import_records, records, True)
        _, seconds["manuals"] = timed(create_manuals, records, sizes["manuals"], users)
        _, seconds["inquiry_generate"] = timed(generate_inquiries, sizes["inquiries"])
        _, seconds["inquiry_index"] = timed(index_inquiries, backend)
        (embedded, seconds["inquiry_embed"]) = embed_inquiries(sample if sample < sizes["inquiries"] else 0)
        seconds["settle"] = settle(backend)
        pairs = queries(data_dir, records)
        # A server does not hold the bulk load's objects: keep the collector from walking them between searches.
        gc.collect()
        gc.freeze()
        latency = {}
        with override_settings(SEARCH_EMBEDDING_MODEL="none"):
            latency["bm25"] = sorted(time_searches(pairs, users))
        latency["bm25+semantic"] = sorted(time_searches(pairs, users))
        embedding_ms = query_embedding_ms(pairs)
        memory = worker_memory(database, data_dir, backend_name, scale, {})
        result = {
            "backend": backend_name,
            "description": describe_backend(backend),
            "model": embedding.model_name(),
            "sizes": {**sizes, "indexed_inquiries": Inquiry.get_indexed_objects().count()},
            "seconds": seconds,
            "embedded": {"inquiries": embedded, "per_second": embedded / seconds["inquiry_embed"] if seconds["inquiry_embed"] else 0},
            "queries": len(pairs),
            "latency_ms": {
                mode: {"p50": found[len(found) // 2], "p95": percentile(found, 0.95), "max": found[-1]}
                for mode, found in latency.items()
            },
            "query_embedding_ms": {"p50": embedding_ms[len(embedding_ms) // 2], "p95": percentile(embedding_ms, 0.95)},
            "memory": memory,
        }
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


ROWS = [
    ("FAQ import (bulk, embedded)", "seconds", "faq_import", "s"),
    ("manuals create + index", "seconds", "manuals", "s"),
    ("inquiries generate", "seconds", "inquiry_generate", "s"),
    ("inquiries bulk index", "seconds", "inquiry_index", "s"),
    ("inquiries embed (sample)", "seconds", "inquiry_embed", "s"),
    ("merges settled after", "seconds", "settle", "s"),
]
LATENCY = [("p50", "p50"), ("p95", "p95"), ("max", "max")]


def print_report(results, scale):
    first = results[0]
    sizes = first["sizes"]
    print(f"\n検索の速度: FAQ {sizes['faqs']:,}件, マニュアル {sizes['manuals']:,}件, 問い合わせ {sizes['inquiries']:,}件"
          f" (索引対象 {sizes['indexed_inquiries']:,}件), {first['queries']} queries as centre staff, scale {scale:g}")
    for result in results:
        print(f"  {result['backend']}: {result['description']}; embedding model {result['model'] or '(none)'}")
    names = [result["backend"] for result in results]
    print(f"{'':<30}" + "".join(f"{name:>16}" for name in names))
    for label, group, key, unit in ROWS:
        print(f"{label:<30}" + "".join(f"{result[group][key]:>14.1f}{unit:<2}" for result in results))
    for mode in ("bm25", "bm25+semantic"):
        for label, key in LATENCY:
            cells = "".join(f"{result['latency_ms'][mode][key]:>14.1f}ms" for result in results)
            print(f"{'search API ' + label + ' ' + mode:<30}{cells}")
    print(f"{'query embedding p50':<30}" + "".join(f"{r['query_embedding_ms']['p50']:>14.1f}ms" for r in results))
    print(f"{'query embedding p95':<30}" + "".join(f"{r['query_embedding_ms']['p95']:>14.1f}ms" for r in results))
    print(f"{'inquiries embedded per second':<30}" + "".join(f"{r['embedded']['per_second']:>14.1f}/s" for r in results))
    print(f"{'worker RSS (model loaded)':<30}" + "".join(f"{r['memory']['rss_mb']:>14.0f}MB" for r in results))
    print(f"{'  of which vector matrices':<30}" + "".join(f"{r['memory']['matrices_mb']:>14.0f}MB" for r in results))
    for result in results:
        name = result["backend"]
        checks = [
            (f"search API p95 with both legs < {FLOOR_P95_MS[name]} ms", result["latency_ms"]["bm25+semantic"]["p95"] < FLOOR_P95_MS[name]),
            (f"worker RSS < {FLOOR_RSS_MB} MB", result["memory"]["rss_mb"] < FLOOR_RSS_MB),
        ]
        if name == "elasticsearch":
            checks.append((f"bulk indexing of the inquiries < {FLOOR_INDEX_S} s", result["seconds"]["inquiry_index"] < FLOOR_INDEX_S))
        for label, passed in checks:
            verdict = ("PASS" if passed else "FAIL") if scale == 1 else "(not judged below scale 1)"
            print(f"  floor, {name}: {label}: {verdict}")
        hours = result["sizes"]["indexed_inquiries"] / result["embedded"]["per_second"] / 3600 if result["embedded"]["per_second"] else 0
        print(f"  {name}: embedding every indexed inquiry at this rate takes {hours:.1f} h (manage.py embed_passages)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="elasticsearch,database")
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every data size, e.g. 0.1")
    parser.add_argument("--embed-sample", type=int, default=3000, help="inquiries embedded for real (0: all)")
    parser.add_argument("--child")
    parser.add_argument("--worker")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.child, args.data, args.scale, args.out)
        return 0
    if args.child:
        child(args.child, args.data, args.scale, args.out, args.embed_sample)
        return 0
    with backend_environments(heap="1g") as environment:
        results = [
            run_child(
                __file__, backend,
                ["--data", str(args.data), "--scale", str(args.scale), "--embed-sample", str(args.embed_sample)],
                environment(backend),
            )
            for backend in args.backends.split(",")
        ]
    print_report(results, args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
