from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import restore_archive


class Command(BaseCommand):
    help = (
        "`manage.py backup` のファイルを空のデータベースに復元します（先に migrate を実行し、最後に検索インデックスを作り直します）。"
        "データのあるデータベースには --replace を指定した場合だけ上書きします。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="バックアップファイル（.tar.gz）")
        parser.add_argument("--replace", action="store_true", help="データベースの既存のデータをすべて消してから復元する")

    def handle(self, *args, archive, replace=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"バックアップファイルが見つかりません: {path}")
        manifest = restore_archive(path, replace=replace, stdout=self.stdout)
        rows = sum(manifest["models"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{manifest['created_at'][:19]} のバックアップを復元しました（{rows} 件、ファイル {manifest['media_files']} 個）。"
            )
        )
