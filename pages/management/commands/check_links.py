import argparse

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from pages.links import check_links


def positive(convert, label):
    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{label}には正の数を指定してください（指定値: {text}）")
        return value

    return parse


class Command(BaseCommand):
    help = "公開中のページのリンク切れ（削除・非公開のページ、失われた文書、応答しない外部URL）を調べ、管理画面の「リンク切れ」に記録します。"

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=positive(float, "--timeout"), default=10.0, help="外部URL1件の待ち時間（秒）")
        parser.add_argument("--workers", type=positive(int, "--workers"), default=8, help="外部URLを同時に確認する数")
        parser.add_argument("--no-external", action="store_true", help="外部URLは確認しない（庁内のリンクだけ）")
        parser.add_argument("--under", type=positive(int, "--under"), help="このIDのページとその下だけを確認する")

    def handle(self, *args, timeout, workers, no_external, under=None, **options):
        root = None
        if under is not None:
            root = Page.objects.filter(pk=under).first()
            if root is None:
                raise CommandError(f"ID {under} のページはありません。")
        pages, urls, problems = check_links(timeout=timeout, workers=workers, external=not no_external, root=root)
        for problem in problems:
            self.stdout.write(f"{problem.page.title}［{problem.field}］ {problem.target}: {problem.reason}")
        summary = f"公開ページ{pages}件、外部URL{urls}件を確認しました。リンク切れは{len(problems)}件です。"
        self.stdout.write(self.style.WARNING(summary) if problems else self.style.SUCCESS(summary))
