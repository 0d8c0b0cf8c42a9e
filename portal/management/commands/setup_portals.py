from django.core.management.base import BaseCommand

from portal.sites import ensure_portals


class Command(BaseCommand):
    help = "両ポータルのサイト・ルートページ・権限グループ・閲覧制限を作成または更新します（何度実行しても同じ結果）。"

    def handle(self, *args, **options):
        homes = ensure_portals()
        for key, home in homes.items():
            site = home.get_site()
            self.stdout.write(f"{home.title}: {site.root_url}/ ({key})")
