"""Vocabularies shared by both portals, edited by administrators as snippets."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

PORTAL_CHOICES = [("intranet", "総務事務センター（庁内イントラネット）"), ("education", "教育総務事務センター（教育イントラネット）")]


class Vocabulary(index.Indexed, models.Model):
    """A named term with a stable slug and an editor-controlled order, shared by both portals."""

    shared_between_portals = True

    name = models.CharField("名称", max_length=100, unique=True)
    slug = models.SlugField("識別子", max_length=100, unique=True, allow_unicode=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


@register_snippet
class Audience(Vocabulary):
    """Who a piece of content is for: 正規職員, 会計年度任用職員, 教職員, 管理職 ..."""

    portal = models.CharField(
        "対象ポータル", max_length=20, choices=PORTAL_CHOICES, blank=True, help_text="空欄は両方のポータル"
    )

    panels = Vocabulary.panels + [FieldPanel("portal")]

    class Meta(Vocabulary.Meta):
        verbose_name = "対象者区分"
        verbose_name_plural = "対象者区分"


class Section(Vocabulary):
    """An owning section (業務所管課) of the city; its reviewers approve the content it owns. Admin: portal.snippets."""

    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="reviewed_sections", verbose_name="承認者"
    )

    panels = Vocabulary.panels + [FieldPanel("reviewers")]

    class Meta(Vocabulary.Meta):
        verbose_name = "業務所管課"
        verbose_name_plural = "業務所管課"


@register_snippet
class Category(Vocabulary):
    """A business category (業務分類): 人事, 給与, 福利厚生, システム操作 ..."""

    class Meta(Vocabulary.Meta):
        verbose_name = "業務分類"
        verbose_name_plural = "業務分類"


@register_snippet
class LifeEvent(Vocabulary):
    """A life event that triggers procedures: 結婚, 出産, 引っ越し, 退職, 異動 ..."""

    class Meta(Vocabulary.Meta):
        verbose_name = "ライフイベント"
        verbose_name_plural = "ライフイベント"


class ClosureDayQuerySet(models.QuerySet):
    def for_portal(self, portal_key):
        """Closure days of one portal's centre, including those entered for both centres."""
        return self.filter(portal__in=["", portal_key]) if portal_key else self.filter(portal="")


class ClosureDay(models.Model):
    """A day the centre is closed beyond weekends, public holidays and 12/29–1/3 (e.g. a system changeover day);
    business-day deadlines skip it (portal.business_days). Admin: portal.snippets."""

    date = models.DateField("日付")
    name = models.CharField("理由", max_length=100, help_text="例：システム切替のため閉所")
    portal = models.CharField(
        "対象ポータル", max_length=20, choices=PORTAL_CHOICES, blank=True, help_text="空欄は両方のセンター"
    )

    objects = ClosureDayQuerySet.as_manager()

    panels = [FieldPanel("date"), FieldPanel("name"), FieldPanel("portal")]

    class Meta:
        ordering = ["date"]
        verbose_name = "閉所日"
        verbose_name_plural = "閉所日"
        constraints = [models.UniqueConstraint(fields=["date", "portal"], name="unique_closure_day_per_portal")]

    def __str__(self):
        from .dates import wareki

        return f"{wareki(self.date, with_weekday=True)} {self.name}"
