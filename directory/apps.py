from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "ディレクトリ連携"
    default_auto_field = "django.db.models.BigAutoField"
