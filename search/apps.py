from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "検索"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
