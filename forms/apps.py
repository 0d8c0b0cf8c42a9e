from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"
    verbose_name = "様式・申請フォーム"
