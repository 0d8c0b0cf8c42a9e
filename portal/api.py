"""Headless access through the Wagtail API (pages, documents, 様式), for signed-in users only.

Wagtail's endpoints answer bad requests in English; here every 400 and 404 answers in Japanese. Full-text search is
/api/v2/search/ (Japanese analysis, permissions, query log), so the stock endpoints' `search` parameter is turned
off (WAGTAILAPI_SEARCH_ENABLED) and its error points there.
"""

import re

from django.http import Http404
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from forms.api import FormTemplatesAPIViewSet

from .views import API_NOT_FOUND

# Wagtail's English messages (wagtail.api.v2) and what a Japanese client is told instead; {0}, {1} are the groups.
ERROR_MESSAGES = [
    (r"search is disabled", "全文検索は /api/v2/search/?q= をお使いください。"),
    (r"limit must be a positive integer", "limit は正の整数で指定してください。"),
    (r"limit cannot be higher than (\d+)", "limit は {0} 以下で指定してください。"),
    (r"offset must be a positive integer", "offset は 0 以上の整数で指定してください。"),
    (r"type doesn't exist", "type に指定されたページの種類はありません。"),
    (r"unknown fields: (.*)", "fields に指定できない項目があります：{0}"),
    (r"'(.*)' does not support nested fields", "{0} には入れ子の fields を指定できません。"),
    (r"query parameter is not an operation or a recognised field: (.*)", "使えないパラメーターがあります：{0}"),
    (r"cannot order by '(.*)' \(\w+ field\)", "order に指定できない項目です：{0}"),
    (r"random ordering .*", "order=random は他の並び順や offset と組み合わせられません。"),
    (r"field filter error\. '(.*)' is not a valid value for (\w+).*", "{1} に「{0}」は指定できません。"),
    (r"field filter error\. null characters are not allowed for (\w+)", "{0} に制御文字は使えません。"),
    (r"(\w+) must be a positive integer", "{0} は正の整数で指定してください。"),
    (r".*page doesn't exist", "指定されたページはありません。"),
    (r"filtering by (\w+) with (\w+) is not supported", "{0} と {1} は同時に指定できません。"),
]
COMPILED_MESSAGES = [(re.compile(pattern, re.DOTALL), message) for pattern, message in ERROR_MESSAGES]


def japanese_message(english):
    for pattern, message in COMPILED_MESSAGES:
        match = pattern.fullmatch(english)
        if match:
            return message.format(*match.groups())
    return f"リクエストの指定が正しくありません（{english}）。"


class JapaneseErrorsMixin:
    """400s and 404s of a Wagtail API endpoint with a Japanese `message`."""

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": API_NOT_FOUND}, status=404)
        if isinstance(exc, BadRequestError):
            return Response({"message": japanese_message(str(exc))}, status=400)
        return super().handle_exception(exc)


class PortalPagesAPIViewSet(JapaneseErrorsMixin, PagesAPIViewSet):
    pass


class PortalDocumentsAPIViewSet(JapaneseErrorsMixin, DocumentsAPIViewSet):
    pass


class PortalFormTemplatesAPIViewSet(JapaneseErrorsMixin, FormTemplatesAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
api_router.register_endpoint("forms", PortalFormTemplatesAPIViewSet)
