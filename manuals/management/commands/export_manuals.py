import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from manuals.export import published_manuals, write_set
from portal.portals import command_portal


class Command(BaseCommand):
    help = (
        "公開中の業務マニュアル（最新版）を、マニュアルごとのPDFと一覧（Excel）にまとめたZIPに書き出します。"
        "毎年9月の業務マニュアル一式の提出に使います。下書き・承認待ちの変更は含みません。"
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="書き出すZIPファイルのパス（省略時は manuals-YYYYMMDD.zip）")
        parser.add_argument("--portal", help="一方のポータルだけを書き出す（intranet または education）")

    def handle(self, *args, output=None, portal=None, **options):
        command_portal(portal)
        path = Path(output or f"manuals-{timezone.localdate():%Y%m%d}.zip").expanduser().resolve()
        if path.is_dir():
            raise CommandError(f"「{path}」はフォルダです。ZIPファイルのパスを指定してください。")
        if not path.parent.is_dir():
            raise CommandError(f"書き出し先のフォルダ「{path.parent}」がありません。")
        manuals = list(published_manuals(portal))
        if not manuals:
            raise CommandError("公開中の業務マニュアルがありません。ZIPは作成していません。")
        # Write beside the target and rename at the end, so a failure never leaves a half-written or lost file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export_manuals-", suffix=".zip")
        try:
            with os.fdopen(handle, "wb") as target:
                count = write_set(target, manuals)
            os.replace(temporary, path)
        except OSError as error:
            raise CommandError(f"ZIPを書き出せませんでした：{error.strerror or error}") from error
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)
        self.stdout.write(self.style.SUCCESS(f"業務マニュアル {count} 件を {path} に書き出しました。"))
