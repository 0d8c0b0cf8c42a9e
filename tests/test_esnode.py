"""`python -m search.esnode run` (`make es`) stops the Elasticsearch node it started when it is itself stopped, by
Ctrl-C (SIGINT) or as systemd, a CI runner or `kill` stop it (SIGTERM): no node is left running."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from search.esnode import free_port

from .servers import unavailable

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.elasticsearch, pytest.mark.slow]


def node_pids(url):
    """The process ids of the node's JVM, as the node itself reports them."""
    with urllib.request.urlopen(f"{url}/_nodes/_local/process", timeout=5) as response:
        nodes = json.load(response)["nodes"]
    return [node["process"]["id"] for node in nodes.values()]


def running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_runner_stops_its_node(signum):
    port = free_port()
    runner = subprocess.Popen(
        [sys.executable, "-m", "search.esnode", "run", "--port", str(port), "--start-timeout", "600"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = runner.stdout.readline()
        if "起動しました" not in started:
            runner.wait(timeout=60)
            unavailable(f"{started}{runner.stdout.read()}")
        pids = node_pids(f"http://127.0.0.1:{port}")
        assert pids and all(running(pid) for pid in pids)

        runner.send_signal(signum)
        assert runner.wait(timeout=60) == 0
        deadline = time.monotonic() + 30
        while any(running(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not any(running(pid) for pid in pids), "Elasticsearch is still running"
        assert "停止します" in runner.stdout.read()
    finally:
        if runner.poll() is None:
            runner.terminate()
            runner.wait(timeout=60)
