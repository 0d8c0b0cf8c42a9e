from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.backup import write_archive


class Command(BaseCommand):
    help = "データベースの全データ、アップロードされたファイル（MEDIA_ROOT）と検索の同義語などを 1 つのバックアップファイル（.tar.gz）に書き出します。"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="書き出すファイル（既定: portal-backup-日時.tar.gz）")

    def handle(self, *args, output=None, **options):
        path = Path(output or f"portal-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        manifest = write_archive(path)
        rows = sum(manifest["models"].values())
        self.stdout.write(
            self.style.SUCCESS(f"バックアップを書き出しました: {path}（{len(manifest['models'])} 種類 {rows} 件、ファイル {manifest['media_files']} 個）")
        )
