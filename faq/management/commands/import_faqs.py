from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faq.jsonl import FAQFileError, import_records, parse


def read_lines(path):
    """The lines of a UTF-8 file (a BOM from spreadsheet tools is accepted), or a CommandError in Japanese."""
    try:
        return Path(path).read_text(encoding="utf-8-sig").split("\n")
    except FileNotFoundError:
        raise CommandError(f"ファイル「{path}」が見つかりません。") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"ファイル「{path}」をUTF-8として読めません（{error.start}バイト目）。") from None
    except OSError as error:
        raise CommandError(f"ファイル「{path}」を読めません（{error.strerror}）。") from None


class Command(BaseCommand):
    help = "FAQをJSON Lines形式のファイルから取り込みます（external_idが同じFAQは更新）。1行でも誤りがあれば何も変更しません。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="取り込むファイル（1行に1件のFAQ）")
        parser.add_argument(
            "--bulk", action="store_true", help="新規のFAQを版履歴なしで一括作成する（数千件の初期投入・ベンチマーク用）"
        )

    def handle(self, *args, path, bulk=False, **options):
        try:
            records = parse(read_lines(path))
        except FAQFileError as error:
            raise CommandError(f"取り込みを中止しました（何も変更していません）。{len(error.problems)}件の誤りがあります。\n{error}") from None
        result = import_records(records, bulk=bulk)
        for external_id in result.held:
            self.stderr.write(
                f"保留: external_id「{external_id}」は編集中の下書きと内容が異なるため変更していません。"
                "管理画面で下書きを確認・公開してから取り込み直してください。"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(records)}件のFAQを取り込みました（新規 {result.created}件、更新 {result.updated}件、"
                f"公開 {result.published}件、変更なし {result.unchanged}件、保留 {len(result.held)}件）。"
            )
        )
