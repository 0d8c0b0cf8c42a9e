"""How the OpenAPI schema (portal.openapi) describes an API token: HTTP bearer authentication. drf-spectacular finds
this extension by its target class once the module is imported (ApiTokensConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object

from .authentication import KEYWORD


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apitokens.authentication.BearerTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            **build_bearer_security_scheme_object(header_name="Authorization", token_prefix=KEYWORD),
            "description": "ポータルの管理者が発行するAPIトークン（1つのポータル、読み取りスコープ、有効期限つき）。",
        }
