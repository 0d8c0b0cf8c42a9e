from django.apps import AppConfig


class ThemeConfig(AppConfig):
    """Templates, styles and template tags shared by both portals."""

    name = "theme"
    verbose_name = "デザイン"
