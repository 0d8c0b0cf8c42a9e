from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "apitokens"
    verbose_name = "APIトークン"

    def ready(self):
        from . import openapi  # noqa: F401  (registers the token's security scheme with drf-spectacular)
