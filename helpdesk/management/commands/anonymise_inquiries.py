from django.core.management.base import BaseCommand
from django.utils import timezone

from helpdesk.models import HelpdeskPolicy
from helpdesk.retention import anonymise_expired, retention_limit
from portal.portals import PORTALS, command_portal


class Command(BaseCommand):
    help = (
        "保管年限（ヘルプデスクの設定）を過ぎた問い合わせの氏名・連絡先・本文をマスクした形に置き換えます。"
        "件数・分類・日時は残ります。cron から毎日実行できます。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="intranet または education（省略時は両方）")
        parser.add_argument("--dry-run", action="store_true", help="対象の件数を表示するだけで変更しない")

    def handle(self, *args, portal=None, dry_run=False, **options):
        portals = [command_portal(portal)] if portal else [spec.key for spec in PORTALS]
        today = timezone.localdate()
        for key in portals:
            count = anonymise_expired(key, today, dry_run=dry_run)
            years = HelpdeskPolicy.for_portal(key).retention_years
            limit = retention_limit(key, today)
            verb = "対象" if dry_run else "匿名化"
            self.stdout.write(f"{key}: 保管年限{years}年（{limit:%Y-%m-%d}より前の受付）— {verb} {count}件")
