import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from pages.demo import feature_menu_pages
from pages.models import NewsPage
from portal import demo
from portal.sites import ensure_portals

# Each app's demo module has load(homes, users); order matters where content links content of an earlier app.
APP_DEMOS = [
    "pages.demo", "faq.demo", "forms.demo", "pages.procedure_demo", "manuals.demo", "helpdesk.demo", "quality.demo",
    "translations.demo",
]


class Command(BaseCommand):
    help = "両ポータルのデモコンテンツと役割ごとのデモユーザーのうち、無いものだけを作成します（既存の内容は変更しません）。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="コンテンツが既にあれば何もしない")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and NewsPage.objects.exists():
            self.stdout.write("コンテンツが既にあるため、デモデータの読み込みを省略しました。")
            return
        # The demo walks pages through their approval workflows and escalates inquiries: those notifications would
        # mail every demo address (or fill the development console), so they are kept in memory and dropped.
        with transaction.atomic(), override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            homes = ensure_portals()
            users = demo.load(homes)
            for module_name in APP_DEMOS:
                module = importlib.import_module(module_name)
                module.load(homes, users)
            feature_menu_pages(homes)
        self.stdout.write(self.style.SUCCESS(f"デモデータを読み込みました（ユーザーのパスワード: {demo.DEMO_PASSWORD}）。"))
