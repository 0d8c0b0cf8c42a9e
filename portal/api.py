"""Headless access through the Wagtail API (pages, documents, 様式), for signed-in users only.

Wagtail's endpoints answer bad requests in English; here every 400 and 404 answers in Japanese. Full-text search is
/api/v2/search/ (Japanese analysis, permissions, query log), so the stock endpoints' `search` parameter is turned
off (WAGTAILAPI_SEARCH_ENABLED) and its error points there. Numbers beyond what the database can hold (an offset or
an id filter of 9223372036854775808) are refused as bad requests before they reach it, where they would be a 500;
so are an ?id= of the find view that is no number, and an unknown ?locale= or ?site= (Wagtail's 404). Each endpoint
describes itself in the OpenAPI schema (portal.api_schema).
"""

import re

from django.db import models
from django.http import Http404
from rest_framework.response import Response
from wagtail.api.v2.filters import FieldsFilter, LocaleFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.models import Locale

from apitokens.models import APIToken
from faq.models import FAQIndexPage, FAQPage
from forms.api import FormTemplatesAPIViewSet
from pages.models import ProcedureIndexPage, ProcedurePage

from .api_schema import (
    PAGE_PARAMETERS,
    DocumentSerializer,
    FormTemplateSerializer,
    PageSerializer,
    WagtailEndpointSchema,
)
from .openapi import text
from .views import API_NOT_FOUND

# Wagtail's English messages (wagtail.api.v2) and what a Japanese client is told instead; {0}, {1} are the groups.
ERROR_MESSAGES = [
    (r"search is disabled", "全文検索は /api/v2/search/?q= をお使いください。"),
    (r"limit must be a positive integer", "limit は正の整数で指定してください。"),
    (r"limit cannot be higher than (\d+)", "limit は {0} 以下で指定してください。"),
    (r"offset must be a positive integer", "offset は 0 以上の整数で指定してください。"),
    (r"offset cannot be higher than (\d+)", "offset は {0} 以下で指定してください。"),
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
    (r"locale doesn't exist", "locale に指定された言語はありません。"),
    (r"site doesn't exist", "site に指定されたサイトはありません。"),
]
COMPILED_MESSAGES = [(re.compile(pattern, re.DOTALL), message) for pattern, message in ERROR_MESSAGES]


def japanese_message(english):
    for pattern, message in COMPILED_MESSAGES:
        match = pattern.fullmatch(english)
        if match:
            return message.format(*match.groups())
    return f"リクエストの指定が正しくありません（{english}）。"


# The pages an API token's scopes open in the pages API.
TOKEN_PAGE_TYPES = {"faq": (FAQIndexPage, FAQPage), "procedures": (ProcedureIndexPage, ProcedurePage)}

# Offsets up to the 32-bit range: far beyond any listing, and within every database's integer type.
MAX_OFFSET = 2**31 - 1
# Filter values must fit the 64-bit integers that ids and foreign keys are stored as.
INTEGER_RANGE = range(-(2**63), 2**63)


def _as_integer(value):
    try:
        return int(value)
    except ValueError:
        return None


class BoundedPagination(WagtailPagination):
    """Wagtail's offset/limit pagination with the offset bounded."""

    max_offset = MAX_OFFSET

    def paginate_queryset(self, queryset, request, view=None):
        offset = _as_integer(request.GET.get("offset", "0"))
        if offset is not None and offset > self.max_offset:
            raise BadRequestError(f"offset cannot be higher than {self.max_offset}")
        return super().paginate_queryset(queryset, request, view)


class BoundedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (?id=, ?category=…) with integer values outside the database's range refused."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields:
                continue
            field = queryset.model._meta.get_field(name)
            number = _as_integer(value)
            is_integer = isinstance(field, (models.IntegerField, models.AutoField, models.ForeignKey))
            if is_integer and number is not None and number not in INTEGER_RANGE:
                raise BadRequestError(f"field filter error. '{value}' is not a valid value for {name} (out of range)")
        return super().filter_queryset(request, queryset, view)


class KnownLocaleFilter(LocaleFilter):
    """Wagtail's ?locale= filter, with an unknown language a bad request (Wagtail answers it with a 404)."""

    def filter_queryset(self, request, queryset, view):
        if "locale" in request.GET and not Locale.objects.filter(language_code=request.GET["locale"]).exists():
            raise BadRequestError("locale doesn't exist")
        return super().filter_queryset(request, queryset, view)


# Wagtail's filters and the project's in their place.
BOUNDED_FILTERS = {FieldsFilter: BoundedFieldsFilter, LocaleFilter: KnownLocaleFilter}


class JapaneseErrorsMixin:
    """400s and 404s of a Wagtail API endpoint with a Japanese `message`; numbers bounded as above, ?id= of the find
    view too."""

    pagination_class = BoundedPagination

    @classmethod
    def bounded(cls, filter_backends):
        return [BOUNDED_FILTERS.get(backend, backend) for backend in filter_backends]

    def find_object(self, queryset, request):
        number = _as_integer(request.GET.get("id", "0"))
        if number is None or number not in INTEGER_RANGE:
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": API_NOT_FOUND}, status=404)
        if isinstance(exc, BadRequestError):
            return Response({"message": japanese_message(str(exc))}, status=400)
        return super().handle_exception(exc)


class PortalPagesAPIViewSet(JapaneseErrorsMixin, PagesAPIViewSet):
    """The pages API; an API token (apitokens) lists only the kinds of page its scopes name."""

    schema = WagtailEndpointSchema(
        "pages", PageSerializer, tag="ページ", listing_parameters=PAGE_PARAMETERS,
        find_parameters=[text("html_path", "ページのパス（例：/faq/commuting/）")],
        description="読める公開ページ（APIトークンではスコープの種類のページだけ）。",
    )

    filter_backends = JapaneseErrorsMixin.bounded(PagesAPIViewSet.filter_backends)
    token_scopes = tuple(TOKEN_PAGE_TYPES)

    def get_base_queryset(self):
        try:
            queryset = super().get_base_queryset()
        except Http404 as e:  # ?site= names no site: a bad request, not a missing page
            raise BadRequestError("site doesn't exist") from e
        token = getattr(self.request, "auth", None)
        if isinstance(token, APIToken):
            queryset = queryset.type(*[model for scope in token.scopes for model in TOKEN_PAGE_TYPES.get(scope, ())])
        return queryset


class PortalDocumentsAPIViewSet(JapaneseErrorsMixin, DocumentsAPIViewSet):
    schema = WagtailEndpointSchema(
        "documents", DocumentSerializer, tag="文書", description="読めるコレクションの文書（ログインした利用者のみ）。"
    )
    filter_backends = JapaneseErrorsMixin.bounded(DocumentsAPIViewSet.filter_backends)


class PortalFormTemplatesAPIViewSet(JapaneseErrorsMixin, FormTemplatesAPIViewSet):
    schema = WagtailEndpointSchema(
        "forms", FormTemplateSerializer, tag="様式", description="読めるポータルの公開中の様式と今日有効な版。"
    )
    filter_backends = JapaneseErrorsMixin.bounded(FormTemplatesAPIViewSet.filter_backends)
    token_scopes = ("forms",)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
api_router.register_endpoint("forms", PortalFormTemplatesAPIViewSet)
