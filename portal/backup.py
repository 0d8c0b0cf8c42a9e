"""One archive holding everything needed to bring the portals back: every row of every model (pages and their
revisions, users and groups, inquiries, search synonyms, logs…), the uploaded files under MEDIA_ROOT, and a manifest.

The rows are Django's own serialization (dumpdata as JSON Lines, microseconds kept: portal/backup_format.py, with
their primary keys, content types and permissions included), so an archive of an SQLite portal restores into PostgreSQL and back. Left out, because they are derived:
sessions (users sign in again) and the search index (rebuilt by `update_index` after a restore, Elasticsearch
included).
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from wagtail.models import Page

FORMAT = 1
MANIFEST = "manifest.json"
# loaddata reads a file by its extension: the format of portal/backup_format.py.
DATA = "data.backup"
MEDIA = "media"
EXCLUDED = ["sessions", "wagtailsearch"]
# A restore empties every table but this one: the archive's content types and permissions replace migrate's (the
# migrations are the same, so they describe the same models).
KEPT_TABLES = {"django_migrations"}


def applied_migrations():
    """{app label: sorted migration names} applied to the database."""
    applied = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


def model_counts():
    """{model label: rows} of every model the archive holds."""
    excluded = set(EXCLUDED)
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in excluded and model._meta.label_lower not in excluded and model._meta.managed and not model._meta.proxy
    }


def media_files(root=None):
    root = Path(root or settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def write_archive(path):
    """Write the archive (a .tar.gz) to `path`; returns the manifest."""
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / DATA
        with transaction.atomic():
            # One transaction: rows and counts are one consistent snapshot (PostgreSQL; SQLite holds its lock).
            call_command("dumpdata", *[f"--exclude={label}" for label in EXCLUDED], format="backup", output=str(data), verbosity=0)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": applied_migrations(),
                "models": model_counts(),
            }
        files = media_files()
        manifest["media_files"] = len(files)
        with tarfile.open(path, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            archive.add(data, arcname=DATA)
            for file in files:
                archive.add(file, arcname=f"{MEDIA}/{file.relative_to(settings.MEDIA_ROOT).as_posix()}")
    return manifest


def _add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise CommandError(f"バックアップファイルではありません（{MANIFEST} がありません）: {error}") from error
    if manifest.get("format") != FORMAT:
        raise CommandError(f"このバージョンでは読めない形式のバックアップです（形式 {manifest.get('format')}）。")
    return manifest


def database_contents():
    """What a restore would overwrite, or "" for a database holding no accounts and no pages beyond the portals'
    skeleton (a freshly migrated one)."""
    users = get_user_model().objects.count()
    pages = Page.objects.filter(depth__gt=2).count()
    if not users and not pages:
        return ""
    return f"ユーザー {users} 人、ページ {pages} 件"


def _empty_database():
    """Delete every row but the migration records."""
    tables = [table for table in connection.introspection.django_table_names(only_existing=True) if table not in KEPT_TABLES]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True):
            cursor.execute(statement)


def restore_archive(path, *, replace=False, stdout=None):
    """Load the archive at `path` into this database (migrated first) and MEDIA_ROOT; returns the manifest."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        call_command("migrate", interactive=False, verbosity=0)
        mismatch = _migration_mismatch(manifest["migrations"], applied_migrations())
        if mismatch:
            raise CommandError(
                "バックアップを作成したときとデータベースの構成（マイグレーション）が違うため復元できません: "
                f"{mismatch}。バックアップを作成したバージョンのプログラムで復元してから更新してください。"
            )
        contents = database_contents()
        if contents and not replace:
            raise CommandError(
                f"データベースが空ではありません（{contents}）。既存のデータをすべて消して復元する場合は --replace を指定してください。"
            )
        with tempfile.TemporaryDirectory() as work:
            archive.extract(DATA, work, filter="data")
            with transaction.atomic():
                _empty_database()
                call_command("loaddata", str(Path(work) / DATA), verbosity=0)
        media = [member for member in archive.getmembers() if member.isfile() and member.name.startswith(f"{MEDIA}/")]
        with tempfile.TemporaryDirectory() as work:
            archive.extractall(work, members=media, filter="data")
            _copy_tree(Path(work) / MEDIA, Path(settings.MEDIA_ROOT))
    call_command("update_index", verbosity=0, stdout=stdout or io.StringIO())
    return manifest


def _copy_tree(source, target):
    if not source.exists():
        return
    for file in source.rglob("*"):
        if file.is_file():
            destination = target / file.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(file.read_bytes())


def _migration_mismatch(archived, current):
    """A short description of how the archive's migrations differ from the database's, or ""."""
    differences = []
    for app_label in sorted(set(archived) | set(current)):
        missing = sorted(set(archived.get(app_label, [])) - set(current.get(app_label, [])))
        extra = sorted(set(current.get(app_label, [])) - set(archived.get(app_label, [])))
        if missing:
            differences.append(f"{app_label} にないマイグレーション {', '.join(missing)}")
        if extra:
            differences.append(f"{app_label} の新しいマイグレーション {', '.join(extra)}")
    return "、".join(differences[:5])
