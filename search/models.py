"""Search vocabulary edited by administrators (synonyms), our own long-lived query log for analytics, and the
queries each portal's administrators keep out of the search page's 「よく検索されている言葉」."""

import re
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search.utils import normalise_query_string
from wagtail.snippets.models import register_snippet

from portal.masking import mask_personal_data
from portal.models import PORTAL_CHOICES
from portal.outside_links import validate_outside_link

from .analysis import normalize

QUERY_LENGTH = 1000

VARIANT_SEPARATORS = re.compile(r"[,、，\n\r]+")
SYNONYM_CACHE_KEY = "search:synonym-groups"


@register_snippet
class Synonym(RevisionMixin, models.Model):
    """One government term and the words employees use for it, e.g. 交通費・通勤費 → 通勤手当.

    A query containing a variant also searches for the term; editing takes effect without reindexing. Shared by
    both portals on purpose: the terms are the city's (通勤手当 and 年末調整 mean the same to teachers and to city
    staff), a synonym only widens what a query matches among what the reader may open in their own portal, and it
    carries no text or link that readers see. Both centres' 管理者 edit them, each change in the history of both.
    """

    shared_between_portals = True

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


def masked_query(query):
    """A query as logs and lists keep it: personal data masked (which also folds widths), cut to the column."""
    return mask_personal_data(query)[:QUERY_LENGTH]


def normalized_query(query):
    """The masked query in the normalized form the log groups by."""
    return normalize(masked_query(query))[:QUERY_LENGTH]


class QueryLog(models.Model):
    """One search, masked, kept beyond Wagtail's 7-day hit log; no user id, only the searcher's role and a pseudonym
    (`reader_key`) that tells searches of one user from those of others without saying who it is."""

    class Source(models.TextChoices):
        PAGE = "page", "検索画面"
        API = "api", "検索API（ヘルプデスク画面など）"
        CHATBOT = "chatbot", "チャットボット（回答API）"

    # Only the search page sends result links through /search/click/; an API search can never count as clicked.
    CLICK_TRACKED_SOURCES = [Source.PAGE]

    query = models.CharField("検索語", max_length=QUERY_LENGTH)
    normalized_query = models.CharField("正規化した検索語", max_length=QUERY_LENGTH, db_index=True)
    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    role = models.CharField("利用者の役割", max_length=40, blank=True)
    reader_key = models.CharField(
        "利用者の仮名キー", max_length=64, blank=True, editable=False, help_text="利用者IDのHMAC（元に戻せません）"
    )
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


class HiddenPopularQuery(models.Model):
    """A query a portal's administrators keep off 「よく検索されている言葉」, however many readers typed it (it reads
    badly, names someone, or was planted)."""

    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES)
    query = models.CharField(
        "検索語", max_length=200, help_text="検索画面に表示されている言葉をそのまま入力します（全角・半角、大文字・小文字は区別しません）"
    )
    normalized_query = models.CharField("正規化した検索語", max_length=QUERY_LENGTH, editable=False)
    note = models.CharField("理由・メモ", max_length=255, blank=True)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    panels = [FieldPanel("portal"), FieldPanel("query"), FieldPanel("note")]

    class Meta:
        ordering = ["portal", "normalized_query"]
        verbose_name = "表示しない検索語"
        verbose_name_plural = "表示しない検索語（よく検索されている言葉）"
        constraints = [
            models.UniqueConstraint(fields=["portal", "normalized_query"], name="search_hidden_query_once_per_portal")
        ]

    def __str__(self):
        return self.query

    def clean(self):
        super().clean()
        self.normalized_query = normalized_query(self.query or "")
        twins = HiddenPopularQuery.objects.filter(portal=self.portal, normalized_query=self.normalized_query)
        if self.query and twins.exclude(pk=self.pk).exists():
            raise ValidationError({"query": "この検索語はこのポータルで既に非表示にしています。"})

    def save(self, *args, **kwargs):
        self.normalized_query = normalized_query(self.query)
        super().save(*args, **kwargs)


def normalised_pick_query(text):
    """How picks match a search: Wagtail's query normalisation after NFKC (full-width letters and digits)."""
    return normalise_query_string(unicodedata.normalize("NFKC", text))


class EditorsPick(models.Model):
    """An editors' pick: for searches of `query`, a page of the portal or an allowed outside address shown above the
    results. Each belongs to one portal and its 管理者 (Wagtail's search promotions are shared by every site)."""

    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    query = models.CharField(
        "検索語", max_length=255, help_text="この語で検索されたときに表示します（全角・半角、大文字・小文字は区別しません）"
    )
    normalized_query = models.CharField(max_length=255, editable=False, db_index=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="ページ"
    )
    url = models.URLField(
        "外部サイトのアドレス", blank=True, help_text="ページの代わりに。許可された外部サイトだけを指定できます"
    )
    title = models.CharField("表示名", max_length=200, blank=True, help_text="空欄のときはページのタイトル")
    description = models.TextField("説明", blank=True)
    sort_order = models.IntegerField("表示順", default=0)

    panels = [
        FieldPanel("portal"),
        FieldPanel("query"),
        FieldPanel("page"),
        FieldPanel("url"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["portal", "normalized_query", "sort_order", "pk"]
        verbose_name = "おすすめ検索結果"
        verbose_name_plural = "おすすめ検索結果"

    def __str__(self):
        return f"{self.query} → {self.display_title}"

    @property
    def display_title(self):
        return self.title or (self.page.title if self.page_id else self.url)

    def clean(self):
        from pages.models import home_of

        if bool(self.page_id) == bool(self.url):
            raise ValidationError("ページか外部サイトのアドレスのどちらか一方を指定してください。")
        if self.page_id and self.portal:
            home = home_of(self.page)
            if home is None or home.portal_key != self.portal:
                raise ValidationError({"page": "このポータルのページを選んでください。"})
        if self.url:
            if not self.title:
                raise ValidationError({"title": "外部サイトを指定するときは表示名も入力してください。"})
            validate_outside_link(self.url, [settings.PORTAL_HOSTS[self.portal]] if self.portal else [])

    def save(self, *args, **kwargs):
        self.normalized_query = normalised_pick_query(self.query)
        super().save(*args, **kwargs)


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
