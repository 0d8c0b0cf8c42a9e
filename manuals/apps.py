from django.apps import AppConfig


class ManualsConfig(AppConfig):
    name = "manuals"
    verbose_name = "業務マニュアル"

    def ready(self):
        from .notifications import register

        register()
