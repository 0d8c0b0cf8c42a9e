"""A throwaway PostgreSQL server for tests and benchmarks, from Debian's server binaries (`apt-get install
postgresql`): a fresh cluster in a temporary folder, listening on 127.0.0.1 on a free port, trusting local logins
(as root, the server runs as the `postgres` user, since initdb refuses root).

    with PostgresServer() as server:
        server.url  # postgres://portal@127.0.0.1:PORT/portal
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class ServerError(RuntimeError):
    """PostgreSQL could not be found or started; the message says why."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(*command):
    """Run a PostgreSQL server binary as the `postgres` OS user when we are root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)


class PostgresServer:
    def __init__(self, database="portal", options=()):
        self.database = database
        self.options = list(options)
        self.workdir = None
        self.url = None

    def start(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries:
            raise ServerError("PostgreSQL server binaries not installed (apt-get install postgresql)")
        self.bindir = Path(binaries[-1]).parent
        self.workdir = tempfile.mkdtemp(prefix="portal-pg-")
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres", "postgres")
        self.datadir, port = f"{self.workdir}/data", free_port()
        init = as_postgres(str(self.bindir / "initdb"), "-D", self.datadir, "-U", "portal", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        if init.returncode:
            self.stop()
            raise ServerError(f"initdb failed: {init.stderr}")
        settings = " ".join([f"-p {port}", f"-k {self.workdir}", "-c listen_addresses=127.0.0.1", *self.options])
        start = as_postgres(str(self.bindir / "pg_ctl"), "-D", self.datadir, "-w", "-l", f"{self.workdir}/log", "-o", settings, "start")
        if start.returncode:
            self.stop()
            raise ServerError(f"PostgreSQL did not start: {start.stderr}")
        created = as_postgres(str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "portal", self.database)
        if created.returncode:
            self.stop()
            raise ServerError(f"createdb failed: {created.stderr}")
        self.url = f"postgres://portal@127.0.0.1:{port}/{self.database}"
        return self

    def stop(self):
        if self.workdir and Path(self.datadir, "postmaster.pid").exists():
            as_postgres(str(self.bindir / "pg_ctl"), "-D", self.datadir, "-m", "fast", "stop")
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
