import sys

from django.core.management.base import BaseCommand, CommandError

from faq.jsonl import dumps, export_records
from portal.portals import command_portal


class Command(BaseCommand):
    help = "公開中のFAQを取り込みと同じJSON Lines形式で書き出します。"

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="このポータルのFAQだけを書き出す（intranet または education）")
        parser.add_argument("-o", "--output", help="書き出し先ファイル（省略時は標準出力）")

    def handle(self, *args, portal=None, output=None, **options):
        lines = [dumps(record) + "\n" for record in export_records(command_portal(portal))]
        if output is None:
            sys.stdout.writelines(lines)
            return
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.writelines(lines)
        except OSError as error:
            raise CommandError(f"ファイル「{output}」に書き出せません（{error.strerror}）。") from None
        self.stderr.write(self.style.SUCCESS(f"{len(lines)}件のFAQを「{output}」に書き出しました。"))
