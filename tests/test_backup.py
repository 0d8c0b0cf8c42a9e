"""`manage.py backup` and `manage.py restore`: the demo portals written to one archive and loaded into an empty
database (SQLite, and PostgreSQL from the same archive) come back with every row of every model and every uploaded
file; a database with data is refused in Japanese unless --replace is given."""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from portal.backup import EXCLUDED, MANIFEST
from portal.pgnode import PostgresServer, ServerError

from .servers import unavailable

ROOT = Path(__file__).resolve().parent.parent
# The db marker runs these with the other database tests, before any transactional test empties the shared database.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]
DUMP = [sys.executable, "manage.py", "dumpdata", "--format", "jsonl", *[f"--exclude={label}" for label in EXCLUDED]]


def rows(jsonl):
    """{(model, pk): fields} of a dumpdata JSON Lines text; StreamField values (JSON text) compared as data, since
    PostgreSQL's jsonb keeps their keys in its own order."""
    objects = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    return {(item["model"], json.dumps(item.get("pk"))): {name: as_data(value) for name, value in item["fields"].items()} for item in objects}


def as_data(value):
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value


def file_digests(root):
    root = Path(root)
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in root.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory, django_db_setup, django_db_blocker):
    """The demo portals' backup, with the rows and files it was made from."""
    path = tmp_path_factory.mktemp("backup") / "portal.tar.gz"
    with django_db_blocker.unblock():
        call_command("backup", output=str(path), stdout=StringIO())
        dump = StringIO()
        call_command("dumpdata", format="jsonl", exclude=EXCLUDED, stdout=dump)
    return path, rows(dump.getvalue()), file_digests(settings.MEDIA_ROOT)


def manage(database_url, media_root, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SEARCH_EMBEDDING_MODEL": "none",  # as the test profile the archive was made with
    }
    return subprocess.run(args[0] if isinstance(args[0], list) else [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def assert_round_trip(archive, database_url, media_root):
    path, original_rows, original_files = archive
    restored = manage(database_url, media_root, "restore", str(path))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "復元しました" in restored.stdout

    dumped = manage(database_url, media_root, DUMP)
    assert dumped.returncode == 0, dumped.stderr
    restored_rows = rows(dumped.stdout)
    assert {key[0] for key in restored_rows} == {key[0] for key in original_rows}
    for model in sorted({key[0] for key in original_rows}):
        same_model = {key: fields for key, fields in original_rows.items() if key[0] == model}
        assert {key: fields for key, fields in restored_rows.items() if key[0] == model} == same_model, model
    assert original_files and file_digests(media_root) == original_files

    again = manage(database_url, media_root, "restore", str(path))
    assert again.returncode != 0
    assert "データベースが空ではありません" in again.stderr and "--replace" in again.stderr


def test_archive_holds_data_files_and_counts(archive):
    path, original_rows, original_files = archive
    with tarfile.open(path) as bundle:
        manifest = json.load(bundle.extractfile(MANIFEST))
        names = bundle.getnames()
    assert sum(manifest["models"].values()) == len(original_rows)
    assert manifest["models"]["search.synonym"] > 0
    assert manifest["media_files"] == len(original_files)
    assert all(f"media/{name}" in names for name in original_files)


def test_restore_into_an_empty_sqlite_database_brings_back_every_row_and_file(archive, tmp_path):
    assert_round_trip(archive, f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "media")


@pytest.mark.postgres
def test_restore_into_an_empty_postgresql_database_brings_back_every_row_and_file(archive, tmp_path):
    server = PostgresServer()
    try:
        server.start()
    except ServerError as error:
        unavailable(str(error))
    try:
        assert_round_trip(archive, server.url, tmp_path / "media")
    finally:
        server.stop()
