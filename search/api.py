"""GET /api/v2/search/?q=&type=&category=&audience=&portal=&locale=&limit=&offset= for signed-in users: the portal search as
JSON, best first: the `count` relevant results, then the `related_count` that may be related (each row says which,
`relevant`), and the `best_answer` card when one result is clearly best. Bad parameters get a 400 with a Japanese
message; every search is recorded in the query log."""

import re
import unicodedata

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.models import Audience, Category
from portal.openapi import error_responses, integer, text
from portal.portals import PORTALS_BY_KEY
from portal.roles import user_roles
from portal.sites import portal_for_request

from . import engine, querylog
from .analysis import CONTROL_CHARS, typed_query
from .serializers import SearchResponseSerializer

MAX_LIMIT = 50
MAX_OFFSET = 10_000
DIGITS = re.compile(r"[0-9]{1,9}")
RESULT_FIELDS = ("type", "id", "external_id", "title", "url", "snippet", "score", "category", "audiences", "relevant")


def _bad_request(message):
    return Response({"detail": message}, status=400)


def _int_param(value, default, minimum, maximum, name):
    """The parameter as an int in range (full-width digits welcome), or a Japanese error message."""
    if value in (None, ""):
        return default, None
    value = unicodedata.normalize("NFKC", value).strip()
    if not DIGITS.fullmatch(value) or not minimum <= int(value) <= maximum:
        return None, f"{name}は{minimum}から{maximum}までの整数で指定してください。"
    return int(value), None


def _vocabulary_error(model, value, name):
    """A Japanese error when `value` names no entry of the vocabulary `model` (a misspelt filter would else look
    like a search with no results)."""
    if value and CONTROL_CHARS.search(value):
        return f"{name} に制御文字は使えません。"
    if value and not model.objects.filter(name=value).exists():
        return f"{name}「{value}」は{model._meta.verbose_name}に登録されていません。"
    return None


PORTAL_PARAMETER = OpenApiParameter(
    "portal", str, OpenApiParameter.QUERY, enum=list(PORTALS_BY_KEY), description="ポータル（既定：リクエストのホストのポータル）"
)
LANGUAGE_PARAMETER = OpenApiParameter(
    "locale", str, OpenApiParameter.QUERY, enum=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES],
    description="言語（既定：ja）",
)


def requested_language(request):
    """(language code, None) for the `locale` parameter (default Japanese; like the pages API's `locale`), or (None,
    a Japanese 400) for a language the portals are not written in."""
    code = typed_query(request.query_params.get("locale", "")).lower() or settings.LANGUAGE_CODE
    codes = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    if code not in codes:
        return None, _bad_request(f"locale には {'、'.join(codes)} のいずれかを指定してください。")
    return code, None


def requested_portal(request):
    """(portal key, None) for the `portal` parameter (default: the portal of the request's host), or (None, a
    Japanese 400 or 403 response) when it names no portal or one the user does not belong to."""
    portal_key = request.query_params.get("portal") or None
    if portal_key is None:
        spec, _home = portal_for_request(request)
        portal_key = spec.key if spec else None
    if portal_key not in PORTALS_BY_KEY:
        choices = "、".join(PORTALS_BY_KEY)
        return None, _bad_request(f"portal には {choices} のいずれかを指定してください。")
    if not user_roles(request.user, portal_key):
        return None, Response({"detail": "このポータルを検索する権限がありません。"}, status=403)
    return portal_key, None


class SearchAPIView(APIView):
    """The search API. Results are only those the user could open in the requested portal."""

    token_scopes = ("search",)

    @extend_schema(
        operation_id="search",
        summary="ポータルの検索",
        description="結果は検索語に合う順（count 件）、続いて関連するかもしれない結果（related_count 件）。",
        tags=["検索"],
        parameters=[
            text("q", "検索語（空なら0件）"),
            text("type", f"種類（カンマ区切りで複数）：{'、'.join(engine.RESULT_TYPES_BY_KEY)}"),
            text("category", "カテゴリ名"),
            text("audience", "対象者（正規職員、会計年度任用職員、教職員、管理職…）"),
            PORTAL_PARAMETER,
            LANGUAGE_PARAMETER,
            integer("limit", f"件数（既定 10、最大 {MAX_LIMIT}）", 1, MAX_LIMIT),
            integer("offset", "先頭から飛ばす件数", 0, MAX_OFFSET),
        ],
        responses={200: SearchResponseSerializer, **error_responses()},
    )
    def get(self, request):
        params = request.query_params
        portal_key, refusal = requested_portal(request)
        language, refusal = (None, refusal) if refusal else requested_language(request)
        if refusal:
            return refusal
        types = [t for t in params.get("type", "").split(",") if t]
        unknown = [t for t in types if t not in engine.RESULT_TYPES_BY_KEY]
        if unknown:
            known = "、".join(engine.RESULT_TYPES_BY_KEY)
            return _bad_request(f"type「{'、'.join(unknown)}」は指定できません。指定できる値：{known}")
        limit, error = _int_param(params.get("limit"), 10, 1, MAX_LIMIT, "limit")
        if error:
            return _bad_request(error)
        offset, error = _int_param(params.get("offset"), 0, 0, MAX_OFFSET, "offset")
        if error:
            return _bad_request(error)
        category, audience = params.get("category") or None, params.get("audience") or None
        error = _vocabulary_error(Category, category, "category") or _vocabulary_error(Audience, audience, "audience")
        if error:
            return _bad_request(error)
        # Control characters carry no words, and PostgreSQL cannot store a NUL in the query log.
        query = typed_query(params.get("q", ""))
        response = engine.search(
            query,
            user=request.user,
            portal_key=portal_key,
            types=types,
            category=category,
            audience=audience,
            limit=limit,
            offset=offset,
            request=request,
            related=True,
            language=language,
        )
        if query:
            querylog.log_search(query, user=request.user, portal_key=portal_key, result_count=response.count, source="api")
        return Response(
            {
                "count": response.count,
                "related_count": response.related_count,
                "best_answer": response.best_answer,
                "results": [{key: row[key] for key in RESULT_FIELDS} for row in response.results],
                "facets": response.facets,
                "notice": response.notice,
                "suggestion": response.suggestion,
            }
        )
