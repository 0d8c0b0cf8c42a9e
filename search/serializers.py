"""The shapes of the search and answer APIs' answers, for the OpenAPI schema (portal.openapi): the views build their
JSON themselves (search.api, search.answer_api), these serializers only describe it."""

from rest_framework import serializers

from .best_answer import ANSWERING_TYPES
from .result_types import RESULT_TYPES

RESULT_TYPE_CHOICES = [(result_type.key, result_type.label) for result_type in RESULT_TYPES]
ANSWERING_TYPE_CHOICES = [choice for choice in RESULT_TYPE_CHOICES if choice[0] in ANSWERING_TYPES]


class FormLinkSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="様式番号")
    title = serializers.CharField()
    url = serializers.CharField(help_text="様式のページ（ポータル内のパス）")


class AnswerCardSerializer(serializers.Serializer):
    """The best answer: an FAQ's answer or a procedure guide's summary, with its 様式."""

    type = serializers.ChoiceField(choices=ANSWERING_TYPE_CHOICES)
    type_label = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    text = serializers.CharField(help_text="回答（プレーンテキスト、400字まで）")
    html = serializers.CharField(help_text="回答（HTML）")
    forms = FormLinkSerializer(many=True)
    confidence = serializers.FloatField(min_value=0, max_value=1, help_text="確信度（0〜1）")


class SearchResultSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=RESULT_TYPE_CHOICES)
    id = serializers.IntegerField()
    external_id = serializers.CharField(allow_blank=True, help_text="FAQ番号など（なければ空）")
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(allow_blank=True, help_text="検索語の周りの本文（HTML、検索語は <mark>）")
    score = serializers.FloatField()
    category = serializers.CharField(allow_null=True, allow_blank=True)
    audiences = serializers.ListField(child=serializers.CharField(), help_text="対象者（空なら全員）")
    relevant = serializers.BooleanField(help_text="false：関連するかもしれない結果（count の後に並ぶ）")


class FacetsSerializer(serializers.Serializer):
    type = serializers.DictField(child=serializers.IntegerField(), help_text="種類ごとの件数")
    category = serializers.DictField(child=serializers.IntegerField(), help_text="カテゴリごとの件数")
    audience = serializers.DictField(child=serializers.IntegerField(), help_text="対象者ごとの件数")


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="検索語に合う結果の数")
    related_count = serializers.IntegerField(help_text="関連するかもしれない結果の数（count の後に並ぶ）")
    best_answer = AnswerCardSerializer(allow_null=True, help_text="1件がはっきり最良のときの回答カード")
    results = SearchResultSerializer(many=True)
    facets = FacetsSerializer()
    notice = serializers.CharField(allow_null=True, help_text="検索語についての注意（長すぎる、語がない…）")
    suggestion = serializers.CharField(allow_null=True, help_text="もしかして（表記の近い検索語）")


class AnswerSerializer(serializers.Serializer):
    handoff = serializers.BooleanField(help_text="false：回答あり")
    answer = AnswerCardSerializer()


class HandoffSerializer(serializers.Serializer):
    handoff = serializers.BooleanField(help_text="true：確信できる回答がなく、問い合わせフォームへ")
    inquiry_url = serializers.URLField(help_text="質問を入力済みの問い合わせフォーム")
