"""Helpers the benchmarks share: a fresh Django site per backend in a child process, and the Elasticsearch node.

Settings are read once per process, so each backend runs in its own child process on its own SQLite file; the parent
starts a throwaway Elasticsearch node (search.esnode) for them unless ELASTICSEARCH_URL is set.
"""

import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

DEFAULT_DATA = Path("/work/shared/data")
HOSTS = {"intranet": "intranet.localhost", "education": "edu.localhost"}


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def setup_django(database_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()


def create_portals():
    """Fresh schema, both portals, vocabularies and the demo users; returns {username: user}."""
    from django.core.management import call_command

    from portal import demo
    from portal.sites import ensure_portals

    call_command("migrate", verbosity=0)
    return demo.load(ensure_portals())


def run_child(script, backend, args, env_extra):
    """Run `script --child BACKEND ARGS --out FILE` in a fresh interpreter and return the JSON it wrote to FILE."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    env = {**os.environ, **env_extra}
    command = [sys.executable, str(script), "--child", backend, *args, "--out", out_path]
    subprocess.run(command, env=env, check=True)
    return json.loads(Path(out_path).read_text(encoding="utf-8"))


@contextmanager
def backend_environments(heap="512m"):
    """A function giving the extra environment of a child for one backend; an Elasticsearch node is started on
    first need (unless ELASTICSEARCH_URL is set) and stopped when the block ends."""
    node = None

    def environment(backend):
        nonlocal node
        if backend != "elasticsearch" or os.environ.get("ELASTICSEARCH_URL"):
            return {}
        from search.esnode import Node

        node = node or Node(heap=heap).start()
        return {"ELASTICSEARCH_URL": node.url}

    try:
        yield environment
    finally:
        if node:
            node.stop()
