"""A throwaway single-node Elasticsearch for tests, benchmarks and development (`make es`).

The distribution comes from Maven Central (the integ-test zip, no bundled JDK) into the git-ignored .cache/es/, and
runs on a Java 21+ found in ES_JAVA_HOME or /usr/lib/jvm. Security is off and it listens on 127.0.0.1 only.

    python -m search.esnode fetch            # download and unpack only
    python -m search.esnode run [--port N]   # start a node and keep it running until Ctrl-C
"""

import argparse
import fcntl
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ES_VERSION = "9.2.0"
ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
ARTIFACT_PATH = Path("org/elasticsearch/distribution/integ-test-zip/elasticsearch") / ES_VERSION
BASE_DIR = Path(__file__).resolve().parent.parent
CACHE_DIR = BASE_DIR / ".cache" / "es"
HOME_DIR = CACHE_DIR / f"elasticsearch-{ES_VERSION}"
MIN_JAVA = 21
START_TIMEOUT = 120


class NodeError(RuntimeError):
    """Elasticsearch could not be obtained or started; the message says why."""


def java_major(java_home):
    """The major version of the JDK at `java_home`, or 0 if it is not a JDK."""
    release = Path(java_home) / "release"
    if release.exists():
        match = re.search(r'JAVA_VERSION="(\d+)', release.read_text())
        if match:
            return int(match.group(1))
    return 0


def find_java_home():
    """ES_JAVA_HOME if set, else the newest JDK >= 21 under /usr/lib/jvm."""
    configured = os.environ.get("ES_JAVA_HOME")
    if configured:
        if java_major(configured) < MIN_JAVA:
            raise NodeError(f"ES_JAVA_HOME={configured} is not a Java {MIN_JAVA}+ JDK")
        return configured
    candidates = [(java_major(path), str(path)) for path in Path("/usr/lib/jvm").glob("*") if path.is_dir()]
    usable = sorted(candidate for candidate in candidates if candidate[0] >= MIN_JAVA)
    if not usable:
        raise NodeError(f"no Java {MIN_JAVA}+ JDK found under /usr/lib/jvm; set ES_JAVA_HOME")
    return usable[-1][1]


def fetch():
    """Download (Maven) and unpack the distribution once; returns its directory. Safe to call from several
    processes at once (test workers, a benchmark, `make es`): the first one fetches, the others wait for it."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (HOME_DIR / "bin" / "elasticsearch").exists():
            _unpack(_download())
    return HOME_DIR


def _download():
    """The distribution zip, fetched by Maven (the mirror here serves no checksums, so the zip itself is checked); a
    broken copy is fetched once more."""
    archive = CACHE_DIR / f"elasticsearch-{ES_VERSION}.zip"
    for attempt in range(2):
        if zipfile.is_zipfile(archive):
            return archive
        archive.unlink(missing_ok=True)
        if attempt:
            # The copy in the local Maven repository is the broken one: make Maven fetch it again.
            shutil.rmtree(Path.home() / ".m2" / "repository" / ARTIFACT_PATH, ignore_errors=True)
        if shutil.which("mvn") is None:
            raise NodeError("Maven (mvn) is needed to download Elasticsearch")
        with tempfile.TemporaryDirectory(dir=CACHE_DIR) as target:
            command = ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={ARTIFACT}", f"-DoutputDirectory={target}"]
            done = subprocess.run(command, capture_output=True, text=True)
            downloaded = Path(target) / archive.name
            if done.returncode != 0 or not downloaded.exists():
                raise NodeError(f"downloading {ARTIFACT} failed: {(done.stdout + done.stderr)[-2000:]}")
            downloaded.rename(archive)
    if not zipfile.is_zipfile(archive):
        raise NodeError(f"{archive} is not a zip archive even after downloading it again ({archive.stat().st_size} bytes)")
    return archive


def _unpack(archive):
    unpack_dir = Path(tempfile.mkdtemp(dir=CACHE_DIR))
    try:
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(unpack_dir)
        for script in (unpack_dir / HOME_DIR.name / "bin").iterdir():
            script.chmod(0o755)
        (unpack_dir / HOME_DIR.name).rename(HOME_DIR)
    finally:
        shutil.rmtree(unpack_dir, ignore_errors=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Node:
    """One running node; `url` is its HTTP address. Stop it with stop() (also on garbage collection of the test)."""

    def __init__(self, port=None, heap="512m", start_timeout=START_TIMEOUT):
        self.port = port or free_port()
        self.start_timeout = start_timeout
        self.url = f"http://127.0.0.1:{self.port}"
        self.heap = heap
        self.process = None
        self.work_dir = None

    def start(self):
        home = fetch()
        java_home = find_java_home()
        self.work_dir = Path(tempfile.mkdtemp(prefix="es-node-"))
        settings = {
            "cluster.name": f"portal-test-{self.port}",
            "discovery.type": "single-node",
            "network.host": "127.0.0.1",
            "http.port": str(self.port),
            "transport.port": str(free_port()),
            "path.data": str(self.work_dir / "data"),
            "path.logs": str(self.work_dir / "logs"),
            "xpack.security.enabled": "false",
            "cluster.routing.allocation.disk.threshold_enabled": "false",
            "action.destructive_requires_name": "false",
        }
        env = {
            **os.environ,
            "ES_JAVA_HOME": java_home,
            "ES_JAVA_OPTS": f"-Xms{self.heap} -Xmx{self.heap}",
            "ES_PATH_CONF": str(self._config_dir(home)),
        }
        env.pop("JAVA_HOME", None)
        command = [str(home / "bin" / "elasticsearch")] + [f"-E{key}={value}" for key, value in settings.items()]
        self.log = open(self.work_dir / "stdout.log", "w")
        user = self._unprivileged_user(env)
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True, user=user, group=user and pwd.getpwnam(user).pw_gid
        )
        self._wait_until_ready()
        return self

    def _unprivileged_user(self, env):
        """Elasticsearch refuses to run as root: as root, run it as ES_RUN_AS_USER (default nobody)."""
        if os.geteuid() != 0:
            return None
        user = os.environ.get("ES_RUN_AS_USER", "nobody")
        account = pwd.getpwnam(user)
        env["HOME"] = str(self.work_dir)
        for path in [self.work_dir, *self.work_dir.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
        return user

    def _config_dir(self, home):
        """A private copy of the config folder (the node writes keystores into it)."""
        config = self.work_dir / "config"
        shutil.copytree(home / "config", config)
        return config

    def _wait_until_ready(self):
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NodeError(f"Elasticsearch exited with {self.process.returncode}: {self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=3):
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise NodeError(f"Elasticsearch did not answer within {self.start_timeout}s: {self.tail()}")

    def tail(self, chars=3000):
        path = self.work_dir / "stdout.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def stop(self):
        """Stop the node's whole process group (the launcher and the JVM it starts), even if the launcher is gone."""
        if self.process:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=30)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.work_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)
        self.process = None


def _interrupt(signum, frame):
    """SIGTERM (systemd, a CI runner, `kill`) stops the node like Ctrl-C does."""
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(description="Elasticsearch node for development, tests and benchmarks")
    parser.add_argument("action", choices=["fetch", "run"])
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--start-timeout", type=int, default=START_TIMEOUT, help="seconds to wait for the node")
    args = parser.parse_args(argv)
    if args.action == "fetch":
        try:
            print(fetch())
        except NodeError as error:
            print(f"Elasticsearch を取得できません: {error}", file=sys.stderr)
            return 1
        return 0
    # The node runs in its own session (a Ctrl-C in the terminal does not reach it), so this process stops it, on
    # SIGINT or SIGTERM, even while it is still starting.
    node = Node(port=args.port, start_timeout=args.start_timeout)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        node.start()
        print(f"Elasticsearch {ES_VERSION} を起動しました: {node.url}  (SEARCH_BACKEND=elasticsearch ELASTICSEARCH_URL={node.url})", flush=True)
        print("Ctrl-C で停止します。", flush=True)
        node.process.wait()
        print(f"Elasticsearch が終了しました（終了コード {node.process.returncode}）: {node.tail()}", file=sys.stderr)
        return 1
    except NodeError as error:
        print(f"Elasticsearch を起動できません: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Elasticsearch を停止します。", flush=True)
        return 0
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)
        node.stop()


if __name__ == "__main__":
    sys.exit(main())
