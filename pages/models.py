"""Page types every portal has: home, news, annual schedule, general content and procedure guides; link check results."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from forms.panels import FormReferencesPanel
from portal.models import PORTAL_CHOICES, Audience
from search.index import AnalysedField, page_search_fields

from .blocks import BodyBlock, HomeEntryPointsBlock
from .procedures import procedure_facets

NEWS_ON_HOME = 5
DEADLINES_ON_HOME = 6


class AudienceMixin(models.Model):
    """Content addressed to some audiences; no audience means everyone in the portal."""

    audiences = ParentalManyToManyField(
        Audience, blank=True, related_name="%(app_label)s_%(class)s_pages", verbose_name="対象者"
    )

    class Meta:
        abstract = True


class PortalSectionPage(Page):
    """A portal's one listing of a kind of content (FAQ, 手続き, 様式, マニュアル), directly under its home."""

    intro = RichTextField("説明", blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


def portal_homes():
    """The Japanese homes: each portal's site root, the source its translations are made from."""
    return HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


def portal_home(portal_key, language_code=None):
    """The home of one portal in one language (default: Japanese), or None when the portal has no such tree."""
    return HomePage.objects.filter(portal_key=portal_key, locale__language_code=language_code or settings.LANGUAGE_CODE).first()


def home_of(page):
    """The portal home page above (or at) `page`."""
    return HomePage.objects.ancestor_of(page, inclusive=True).first()


def portal_audiences(page):
    """The audiences offered in the portal of `page`: its own and those shared by both portals."""
    return Audience.objects.filter(portal__in=["", home_of(page).portal_key])


def filter_by_audience(pages, audience_slug):
    """Pages for one audience: those addressed to it and those addressed to everyone."""
    if not audience_slug:
        return pages
    return pages.filter(models.Q(audiences__slug=audience_slug) | models.Q(audiences__isnull=True)).distinct()


class HomePage(Page):
    """The root of one portal: entry points in the editor's order, latest news and upcoming deadlines."""

    # Rendered once per group set for readers (portal.page_cache).
    cache_for_readers = True

    # One home per portal and language: the Japanese one is the site's root, an English one is its translation.
    portal_key = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True, editable=False)
    intro = RichTextField("はじめに", blank=True, features=["bold", "link"])
    entry_points = StreamField(
        HomeEntryPointsBlock(),
        blank=True,
        verbose_name="入口",
        help_text="上に置いた入口ほどトップの先頭に表示されます（手続き一覧・FAQなどへのリンク、対象者別のご案内）",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("entry_points")]
    api_fields = [APIField("portal_key"), APIField("intro"), APIField("entry_points")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 2

    class Meta:
        verbose_name = "ポータルトップ"

    def latest_news(self):
        return NewsPage.objects.live().descendant_of(self).order_by("-date", "-pk")[:NEWS_ON_HOME]

    def upcoming_deadlines(self, today=None):
        """Deadlines not yet over, soonest first; a period counts until its last day."""
        today = today or timezone.localdate()
        return (
            ScheduleEvent.objects.filter(page__in=SchedulePage.objects.live().descendant_of(self), is_deadline=True)
            .annotate(last_day=Coalesce("end_date", "date"))
            .filter(last_day__gte=today)
            .select_related("page")
            .order_by("last_day", "date")[:DEADLINES_ON_HOME]
        )


class NewsIndexPage(Page):
    """お知らせ一覧: newest first, filterable by audience."""

    intro = RichTextField("説明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["pages.NewsPage"]
    per_page = 20

    class Meta:
        verbose_name = "お知らせ一覧"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audience = request.GET.get("audience", "")
        news = filter_by_audience(NewsPage.objects.live().child_of(self), audience).order_by("-date", "-pk")
        context["news_items"] = Paginator(news, self.per_page).get_page(request.GET.get("page"))
        context["audiences"] = portal_audiences(self)
        context["selected_audience"] = audience
        return context


class NewsPage(AudienceMixin, Page):
    """お知らせ: one dated announcement."""

    date = models.DateField("掲載日", default=datetime.date.today)
    important = models.BooleanField("重要", default=False)
    summary = models.CharField("概要", max_length=255, blank=True)
    body = StreamField(BodyBlock(), verbose_name="本文")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("important"), FieldPanel("audiences")], heading="掲載情報"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = page_search_fields(AnalysedField("summary", "body"))
    api_fields = [APIField("date"), APIField("important"), APIField("summary"), APIField("body")]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "お知らせ"


class SchedulePage(AudienceMixin, Page):
    """年間スケジュール (e.g. the 年末調整 timeline); deadlines marked here appear on the portal home."""

    intro = RichTextField("説明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("audiences"), InlinePanel("events", label="日程")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("events")]
    subpage_types = []

    class Meta:
        verbose_name = "年間スケジュール"


class ScheduleEvent(Orderable):
    page = ParentalKey(SchedulePage, on_delete=models.CASCADE, related_name="events")
    date = models.DateField("日付")
    end_date = models.DateField("終了日", null=True, blank=True)
    title = models.CharField("内容", max_length=200)
    description = models.TextField("詳細", blank=True)
    is_deadline = models.BooleanField("締切", default=False, help_text="ポータルトップの「締切が近い手続き」に表示します")
    link = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="関連ページ"
    )

    panels = [
        FieldPanel("date"),
        FieldPanel("end_date"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("is_deadline"),
        FieldPanel("link"),
    ]
    api_fields = [APIField("date"), APIField("end_date"), APIField("title"), APIField("is_deadline")]

    class Meta(Orderable.Meta):
        ordering = ["date", "sort_order"]
        verbose_name = "日程"

    def __str__(self):
        return self.title


class ContentPage(AudienceMixin, Page):
    """A general page: guidance, contact details, how to use the centre."""

    body = StreamField(BodyBlock(), verbose_name="本文")

    content_panels = Page.content_panels + [FieldPanel("audiences"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    api_fields = [APIField("body")]

    class Meta:
        verbose_name = "一般ページ"


class ProcedurePage(AudienceMixin, Page):
    """手続き案内: when a procedure applies, who it is for, what to submit, by when and where."""

    # Rendered once per group set for readers (portal.page_cache).
    cache_for_readers = True

    category = models.ForeignKey(
        "portal.Category", on_delete=models.PROTECT, related_name="procedure_pages", verbose_name="業務分類"
    )
    life_events = ParentalManyToManyField(
        "portal.LifeEvent", blank=True, related_name="procedure_pages", verbose_name="ライフイベント"
    )
    requirements = RichTextField("この手続きが必要なとき（要件）", features=["bold", "link", "ol", "ul"])
    submissions = StreamField(
        [
            ("form", SnippetChooserBlock("forms.FormTemplate", label="様式")),
            ("item", blocks.CharBlock(label="提出書類（自由記述）")),
        ],
        blank=True,
        verbose_name="提出書類",
    )
    deadline = models.CharField("提出期限", max_length=200, blank=True, help_text="例：事実発生の日から15日以内")
    deadline_date = models.DateField("提出期限日", null=True, blank=True, help_text="決まった日付がある場合のみ")
    submit_to = models.CharField("提出先", max_length=200, blank=True, help_text="例：所属の庶務担当者を経由して総務事務センターへ")
    related_faqs = StreamField(
        [("faq", blocks.PageChooserBlock(page_type="faq.FAQPage", label="よくある質問"))],
        blank=True,
        verbose_name="関連するよくある質問",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name="補足")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("audiences"), FieldPanel("life_events")], heading="分類・対象者"
        ),
        FieldPanel("requirements"),
        FieldPanel("submissions"),
        MultiFieldPanel([FieldPanel("deadline"), FieldPanel("deadline_date"), FieldPanel("submit_to")], heading="提出"),
        FieldPanel("related_faqs"),
        FieldPanel("body"),
        FormReferencesPanel(heading="本文中の様式番号"),
    ]
    # Search fields: the search engineer tunes this block (and only this block).
    search_fields = page_search_fields(
        AnalysedField("requirements", "submissions", "body", "deadline", "submit_to", "category__name", "life_events__name"),
        index.FilterField("category"),
        index.FilterField("audiences"),
        index.FilterField("life_events"),
    )
    api_fields = [
        APIField("category"),
        APIField("audiences"),
        APIField("life_events"),
        APIField("requirements"),
        APIField("submissions"),
        APIField("deadline"),
        APIField("deadline_date"),
        APIField("submit_to"),
        APIField("related_faqs"),
        APIField("body"),
    ]
    parent_page_types = ["pages.ProcedureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "手続き案内"
        verbose_name_plural = "手続き案内"


class ProcedureIndexPage(PortalSectionPage):
    """手続き一覧: procedures filterable by category, audience and life event, each option showing its count."""

    subpage_types = ["pages.ProcedurePage"]
    # Rendered once per group set for readers (portal.page_cache).
    cache_for_readers = True

    class Meta:
        verbose_name = "手続き一覧"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        procedures = ProcedurePage.objects.live().child_of(self).select_related("category").order_by("path")
        context.update(procedure_facets(procedures, portal_audiences(self), request.GET))
        return context


class LinkCheckResult(models.Model):
    """A broken link or document, or a 様式 number matching no published 様式, found on a published page by
    `manage.py check_links` (its latest run)."""

    INTERNAL = "internal"
    DOCUMENT = "document"
    EXTERNAL = "external"
    FORM = "form"
    KIND_CHOICES = [(INTERNAL, "ページへのリンク"), (DOCUMENT, "文書"), (EXTERNAL, "外部URL"), (FORM, "様式番号")]

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="link_check_results", verbose_name="掲載ページ"
    )
    field = models.CharField("項目", max_length=100)
    kind = models.CharField("種類", max_length=20, choices=KIND_CHOICES)
    target = models.CharField("リンク先", max_length=2000)
    reason = models.CharField("内容", max_length=200)
    status_code = models.PositiveSmallIntegerField("HTTPステータス", null=True, blank=True)
    checked_at = models.DateTimeField("確認日時", default=timezone.now)

    class Meta:
        verbose_name = "リンク切れ"
        verbose_name_plural = "リンク切れ"
        ordering = ["page__path", "field", "target"]

    def __str__(self):
        return f"{self.page.title}: {self.target}（{self.reason}）"
