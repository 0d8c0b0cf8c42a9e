"""The OpenAPI 3 schema (drf-spectacular) of the API that machine clients read — search, answer, pages, 様式 and
documents — served at /api/schema/, and the pieces the API views describe themselves with.

The schema is read like the API it describes: by signed-in users and by any API token (of any scope), anonymous
callers get the API's Japanese 401. It names no data, but the intranet API is not advertised to whoever reaches the
host. The staff's helpdesk and reports APIs are left out: they are for the centres' own screens and kintone, not for
the channels the tokens open.

Wagtail's endpoints describe themselves by hand (portal.api_schema). Their 400 and 404 answer `{"message": …}` as
Wagtail's API does; authentication, permission and rate-limit refusals answer `{"detail": …}` as DRF does, everywhere.
"""

import re

from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers

from apitokens.models import Scope

# The paths in the schema: the endpoints API tokens open, and the documents that signed-in clients read.
DESCRIBED_PATHS = re.compile(r"^/api/v2/(search|answer|pages|documents|forms)/")


def described_endpoints(endpoints):
    """drf-spectacular preprocessing hook: only the API for machine clients (see the module docstring)."""
    return [endpoint for endpoint in endpoints if DESCRIBED_PATHS.match(endpoint[0])]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="日本語のエラーメッセージ")


class WagtailErrorSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="日本語のエラーメッセージ")


REFUSALS = {
    401: "ログインしていない、またはAPIトークンが正しくない・失効・期限切れ",
    403: "このポータルやこのAPIを使う権限（APIトークンのスコープ）がない",
    429: "APIトークンの利用回数の上限を超えた（しばらく待ってから再試行）",
}


def error_responses(*, bad_request="パラメーターの指定が正しくない", not_found=None, wagtail=False):
    """The error answers of an operation: 401/403/429 `{"detail"}`, and its 400 (and 404) in the endpoint's shape."""
    serializer = WagtailErrorSerializer if wagtail else ErrorSerializer
    responses = {status: OpenApiResponse(ErrorSerializer, description=text) for status, text in REFUSALS.items()}
    responses[400] = OpenApiResponse(serializer, description=bad_request)
    if not_found:
        responses[404] = OpenApiResponse(serializer, description=not_found)
    return dict(sorted(responses.items()))


def integer(name, description, minimum=None, maximum=None, **kwargs):
    """A query parameter taking an integer, its range in the schema."""
    schema = {"type": "integer", **({"minimum": minimum} if minimum is not None else {})}
    schema |= {"maximum": maximum} if maximum is not None else {}
    return OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=description, **kwargs)


def text(name, description, **kwargs):
    return OpenApiParameter(name, str, OpenApiParameter.QUERY, description=description, **kwargs)


class SchemaView(SpectacularAPIView):
    """GET /api/schema/: the schema as JSON (?format=yaml for YAML), for signed-in users and any API token."""

    token_scopes = tuple(Scope.values)
    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]
