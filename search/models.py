"""Search vocabulary edited by administrators (synonyms) and our own long-lived query log for analytics."""

import re

from django.core.cache import cache
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.snippets.models import register_snippet

from portal.models import PORTAL_CHOICES

VARIANT_SEPARATORS = re.compile(r"[,、，\n\r]+")
SYNONYM_CACHE_KEY = "search:synonym-groups"


@register_snippet
class Synonym(RevisionMixin, models.Model):
    """One government term and the words employees use for it, e.g. 交通費・通勤費 → 通勤手当.

    A query containing a variant also searches for the term; editing takes effect without reindexing.
    """

    term = models.CharField("正式な用語", max_length=100, unique=True, help_text="例：通勤手当")
    variants = models.TextField(
        "言い換え・略語", help_text="読点（、）・カンマ・改行で区切ります。例：交通費、通勤費"
    )
    note = models.CharField("メモ", max_length=255, blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    panels = [FieldPanel("term"), FieldPanel("variants"), FieldPanel("note")]

    class Meta:
        ordering = ["term"]
        verbose_name = "検索の同義語"
        verbose_name_plural = "検索の同義語"

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(SYNONYM_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(SYNONYM_CACHE_KEY)
        return result

    @classmethod
    def groups(cls):
        """Every synonym as a group of equivalent words (term first), cached until a synonym is saved or deleted."""
        groups = cache.get(SYNONYM_CACHE_KEY)
        if groups is None:
            groups = [[synonym.term, *synonym.variant_list()] for synonym in cls.objects.all()]
            cache.set(SYNONYM_CACHE_KEY, groups, 300)
        return groups

    def variant_list(self):
        """The variants as a clean list, without blanks, duplicates or the term itself."""
        seen = []
        for variant in VARIANT_SEPARATORS.split(self.variants):
            variant = variant.strip()
            if variant and variant != self.term and variant not in seen:
                seen.append(variant)
        return seen


class QueryLog(models.Model):
    """One search as typed, kept beyond Wagtail's 7-day hit log; no user id, only the searcher's role."""

    class Source(models.TextChoices):
        PAGE = "page", "検索画面"
        API = "api", "検索API（ヘルプデスク画面など）"

    # Only the search page sends result links through /search/click/; an API search can never count as clicked.
    CLICK_TRACKED_SOURCES = [Source.PAGE]

    query = models.CharField("検索語", max_length=1000)
    normalized_query = models.CharField("正規化した検索語", max_length=1000, db_index=True)
    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    role = models.CharField("利用者の役割", max_length=40, blank=True)
    source = models.CharField("検索元", max_length=20, choices=Source.choices, default=Source.PAGE)
    result_count = models.PositiveIntegerField("件数", default=0)
    clicked_url = models.CharField("クリックされた結果", max_length=500, blank=True)
    clicked_at = models.DateTimeField("クリック日時", null=True, blank=True)
    created_at = models.DateTimeField("検索日時", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "検索ログ"
        verbose_name_plural = "検索ログ"

    def __str__(self):
        return f"{self.query}（{self.result_count}件）"


class PassageVector(models.Model):
    """One passage of a searchable item as the semantic leg sees it: its embedding by `model`, quantised to int8
    (one scale per row), beside the rows it describes. `text_hash` tells whether the passage changed since."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, verbose_name="種類")
    object_id = models.PositiveBigIntegerField("対象ID")
    chunk = models.PositiveSmallIntegerField("区分番号", default=0)
    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES)
    model = models.CharField("埋め込みモデル", max_length=100)
    text_hash = models.CharField("本文のハッシュ", max_length=32)
    vector = models.BinaryField("ベクトル")
    scale = models.FloatField("スケール")
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "検索用ベクトル"
        verbose_name_plural = "検索用ベクトル"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "chunk"], name="search_one_vector_per_chunk")
        ]
        indexes = [models.Index(fields=["content_type", "portal", "model"], name="search_vectors_of_portal")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}#{self.chunk}"
