from django.core.management.base import BaseCommand
from django.utils import timezone

from helpdesk.models import Escalation
from helpdesk.notifications import overdue_reminder
from portal.portals import command_portal


class Command(BaseCommand):
    help = "回答期限を過ぎた所管課への照会を、所管課の承認者と担当の対応者にメールで督促します（cron から開庁日の朝に実行）。"

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="intranet または education（省略時は両方）")
        parser.add_argument("--dry-run", action="store_true", help="対象を表示するだけでメールを送らない")

    def handle(self, *args, portal=None, dry_run=False, **options):
        today = timezone.localdate()
        overdue = Escalation.objects.overdue(today).select_related("inquiry", "section", "inquiry__assignee", "asked_by")
        if portal:
            overdue = overdue.filter(inquiry__portal=command_portal(portal))
        overdue = list(overdue)
        for escalation in overdue:
            self.stdout.write(f"{escalation.inquiry.reference} {escalation.section} 回答期限 {escalation.due_date:%Y-%m-%d}")
        if dry_run:
            self.stdout.write(f"期限超過の照会 {len(overdue)}件（--dry-run のため送信していません）")
            return
        sent = overdue_reminder(overdue, today)
        Escalation.objects.filter(pk__in=[e.pk for e in overdue]).update(reminded_at=timezone.now())
        self.stdout.write(self.style.SUCCESS(f"期限超過の照会 {len(overdue)}件、督促メール {sent}通を送信しました。"))
