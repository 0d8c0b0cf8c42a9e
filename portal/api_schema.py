"""How Wagtail's endpoints (portal.api: pages, documents, 様式) describe themselves in the OpenAPI schema
(portal.openapi). Their serializers are built per request from `?fields=`, so drf-spectacular cannot read them: each
viewset's `schema` is a WagtailEndpointSchema naming the serializer its items are described with. `?fields=` picks an
item's fields, so none of them is always there, and the fields it names come on top of those described here.
"""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from .openapi import error_responses, integer, text


class ItemMetaSerializer(serializers.Serializer):
    type = serializers.CharField(required=False, help_text="モデル（例：faq.FAQPage）")
    detail_url = serializers.URLField(required=False)


class PageMetaSerializer(ItemMetaSerializer):
    html_url = serializers.URLField(required=False, allow_null=True)
    slug = serializers.CharField(required=False)
    first_published_at = serializers.DateTimeField(required=False, allow_null=True)
    locale = serializers.CharField(required=False, help_text="言語（ja / en）")


class PageSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    meta = PageMetaSerializer(required=False)
    title = serializers.CharField(required=False)


class DocumentMetaSerializer(ItemMetaSerializer):
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    download_url = serializers.URLField(required=False)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    meta = DocumentMetaSerializer(required=False)
    title = serializers.CharField(required=False)


class FormVersionSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="版（例：令和7年4月版）")
    effective_date = serializers.DateField(help_text="施行日")
    download_url = serializers.URLField(help_text="様式ファイルのダウンロード先（様式のポータルのホスト）")


class FormTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    meta = ItemMetaSerializer(required=False)
    number = serializers.CharField(required=False, help_text="様式番号")
    title = serializers.CharField(required=False)
    portal = serializers.CharField(required=False, help_text="ポータル（intranet / education）")
    current_version = FormVersionSerializer(required=False, allow_null=True, help_text="今日有効な版（施行前は null）")


class ListingMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField(help_text="条件に合う件数（limit / offset によらない）")


def listing_of(item_serializer):
    name = item_serializer.__name__.removesuffix("Serializer")
    return inline_serializer(f"{name}Listing", {"meta": ListingMetaSerializer(), "items": item_serializer(many=True)})


LIMIT_MAX = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
LISTING_PARAMETERS = [
    integer("limit", f"件数（既定 20、最大 {LIMIT_MAX}）", 0, LIMIT_MAX),
    text("fields", "返す項目（カンマ区切り。* で全項目、_ で既定なし、-title で除外）"),
    text("order", "並び順の項目（-title で降順、random で無作為）"),
]
PAGE_ID_OR_ROOT = {"type": "string", "pattern": "^([0-9]+|root)$"}
PAGE_PARAMETERS = [
    text("type", "ページの種類（例：faq.FAQPage、pages.ProcedurePage。カンマ区切りで複数）"),
    OpenApiParameter("child_of", PAGE_ID_OR_ROOT, OpenApiParameter.QUERY, description="このページの子（root：トップ）"),
    OpenApiParameter("descendant_of", PAGE_ID_OR_ROOT, OpenApiParameter.QUERY, description="このページの子孫"),
    integer("ancestor_of", "このページの祖先", 1),
    integer("translation_of", "このページの翻訳", 1),
    OpenApiParameter(
        "locale", str, OpenApiParameter.QUERY, enum=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES],
        description="言語",
    ),
    text("site", "サイトのホスト名（既定：リクエストのホスト）"),
]
DETAIL_PARAMETERS = [text("fields", "返す項目（カンマ区切り。* で全項目、-title で除外）")]


class WagtailEndpointSchema(AutoSchema):
    """drf-spectacular's inspector for one Wagtail endpoint: its listing, detail and find actions (`listing_view`,
    `detail_view`, `find_view`) described from the serializer of its items, set as the viewset's `schema`."""

    NOT_FOUND = "指定されたものはない（他のポータルのもの、非公開のものを含む）"

    def __init__(self, name, item_serializer, *, tag, listing_parameters=(), find_parameters=(), description=""):
        super().__init__()
        self.name, self.item_serializer, self.tag, self.description = name, item_serializer, tag, description
        self.parameters = {
            "listing": LISTING_PARAMETERS + list(listing_parameters),
            "detail": DETAIL_PARAMETERS,
            "find": [integer("id", "ID", 1), *find_parameters],
        }

    @property
    def action(self):
        return self.view.action.removesuffix("_view")

    def get_operation_id(self):
        return f"{self.name}_{self.action}"

    def get_tags(self):
        return [self.tag]

    def get_summary(self):
        return {"listing": f"{self.tag}の一覧", "detail": f"{self.tag}の詳細", "find": f"{self.tag}を探して詳細へ転送"}[
            self.action
        ]

    def get_description(self):
        return self.description if self.action == "listing" else ""

    def get_override_parameters(self):
        if self.action != "listing":
            return self.parameters[self.action]
        offset = integer("offset", "先頭から飛ばす件数", 0, getattr(self.view.pagination_class, "max_offset", None))
        return [offset, *self.parameters["listing"]]

    def get_filter_backends(self):
        return []  # Wagtail's filters describe no parameters; LISTING_PARAMETERS and the endpoint's do.

    def get_request_serializer(self):
        return None

    def get_response_serializers(self):
        if self.action == "listing":
            return {200: listing_of(self.item_serializer), **error_responses(wagtail=True)}
        errors = error_responses(not_found=self.NOT_FOUND, wagtail=True)
        if self.action == "detail":
            return {200: self.item_serializer, **errors}
        return {302: OpenApiResponse(description="詳細（/{id}/）への転送"), **errors}
