from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "検索"

    def ready(self):
        from portal.apps import run_after_migrate

        from . import signal_handlers
        from .picks import adopt_search_promotions

        run_after_migrate(self, adopt_search_promotions)
        signal_handlers.register()
