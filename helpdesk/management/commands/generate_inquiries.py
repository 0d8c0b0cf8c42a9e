from django.core.management.base import BaseCommand, CommandError

from helpdesk.generate import generate_inquiries
from portal.portals import command_portal


class Command(BaseCommand):
    help = "負荷試験用に、回答済みの問い合わせを指定件数だけ生成します（索引は update_index で作成）。"

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--portal", default="intranet", help="intranet または education")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, count, portal, seed, **options):
        command_portal(portal)
        if count < 1:
            raise CommandError("件数は1以上を指定してください。")
        created = generate_inquiries(count, portal, seed)
        self.stdout.write(self.style.SUCCESS(f"問い合わせを{created}件生成しました。"))
