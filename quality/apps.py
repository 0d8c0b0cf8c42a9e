from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = "品質管理台帳"
