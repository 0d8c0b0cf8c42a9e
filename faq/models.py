"""FAQ pages (one index per portal), reader feedback and daily view counts.

View counts live in their own table rather than on the page: a counter on the page row would be overwritten by
the stale value held in the next revision an editor publishes.
"""

import uuid
from collections import Counter, OrderedDict
from http import HTTPMethod

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from forms.panels import FormReferencesPanel
from forms.references import Catalogue
from pages.models import AudienceMixin, PortalSectionPage, filter_by_audience, home_of, portal_audiences
from search.index import AnalysedField, page_search_fields
from portal import page_cache, write_behind
from portal.models import Category, Section

from .related import related_content


def new_external_id():
    """A key for FAQs written in the admin, so that every FAQ can be exported and re-imported."""
    return f"faq-{uuid.uuid4().hex[:12]}"


class RelatedBlock(blocks.StreamBlock):
    """What a reader needs next after the answer: the procedure guide or the 様式 to fill in."""

    procedure = blocks.PageChooserBlock(page_type="pages.ProcedurePage", label="手続き案内")
    form = SnippetChooserBlock("forms.FormTemplate", label="様式")


class FAQIndexPage(PortalSectionPage):
    """よくある質問: the portal's FAQs grouped by business category, filterable by audience."""

    subpage_types = ["faq.FAQPage"]
    # Rendered once per group set for readers (portal.page_cache).
    cache_for_readers = True

    class Meta:
        verbose_name = "よくある質問一覧"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audience = request.GET.get("audience", "")
        faqs = (
            filter_by_audience(FAQPage.objects.live().child_of(self), audience)
            .select_related("category")
            .order_by("category__sort_order", "category__name", "subcategory", "path")
        )
        groups = OrderedDict()
        for faq in faqs:
            groups.setdefault(faq.category, []).append(faq)
        context["groups"] = list(groups.items())
        context["faq_count"] = sum(len(items) for items in groups.values())
        context["audiences"] = portal_audiences(self)
        context["selected_audience"] = audience
        return context


class FAQPageTag(TaggedItemBase):
    content_object = ParentalKey("faq.FAQPage", on_delete=models.CASCADE, related_name="tagged_items")


class FeedbackForm(forms.Form):
    """「この回答は役に立ちましたか？」"""

    helpful = forms.TypedChoiceField(
        label="この回答は役に立ちましたか？",
        choices=[("yes", "はい"), ("no", "いいえ")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "「はい」か「いいえ」を選んでください。", "invalid_choice": "「はい」か「いいえ」を選んでください。"},
    )
    comment = forms.CharField(
        label="ご意見（任意）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "ご意見は%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"},
    )


class FAQPage(AudienceMixin, Page):
    """One question (the page title, as published) and its answer."""

    answer = RichTextField("回答", features=["bold", "link", "document-link", "ol", "ul"])
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="faq_pages", verbose_name="業務分類")
    subcategory = models.CharField("小分類", max_length=100, blank=True, help_text="例：通勤手当")
    tags = ClusterTaggableManager("キーワード", through=FAQPageTag, blank=True)
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="faq_pages", verbose_name="業務所管課"
    )
    related = StreamField(RelatedBlock(), blank=True, verbose_name="関連する手続き・様式")
    # Not editable: set by imports and kept by copies, so a translation (wagtail-localize leaves non-editable fields
    # alone) keeps the new 外部ID its copy got instead of taking the Japanese FAQ's.
    external_id = models.CharField(
        "外部ID",
        max_length=100,
        unique=True,
        default=new_external_id,
        editable=False,
        help_text="取込・書出しで同じFAQを特定するキー",
    )

    content_panels = [
        FieldPanel("title", heading="質問"),
        FieldPanel("answer"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("subcategory")]),
                FieldPanel("audiences"),
                FieldPanel("tags"),
                FieldPanel("section"),
            ],
            heading="分類",
        ),
        FieldPanel("related"),
        FormReferencesPanel(heading="本文中の様式番号"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("external_id", read_only=True)]
    # Search fields: the search engineer tunes this block (and only this block).
    search_fields = page_search_fields(
        AnalysedField("subcategory", "tags", boost=2),
        AnalysedField("answer", "category__name"),
        index.FilterField("category"),
        index.FilterField("audiences"),
        index.FilterField("section"),
        index.FilterField("external_id"),
    )
    api_fields = [
        APIField("answer"),
        APIField("category"),
        APIField("subcategory"),
        APIField("audiences"),
        APIField("tags"),
        APIField("related"),
        APIField("external_id"),
    ]
    parent_page_types = ["faq.FAQIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["external_id"]
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.POST]

    class Meta:
        verbose_name = "よくある質問"
        verbose_name_plural = "よくある質問"

    # The same for every reader of the same groups but for the parts marked {% per_user %} (portal.page_cache).
    cache_for_readers = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["feedback_form"] = FeedbackForm()
        context["related"] = related_content(self, Catalogue.for_request(request, home_of(self).portal_key))
        return context

    def serve(self, request, *args, **kwargs):
        """POST records the reader's feedback (one per reader: a later vote replaces it); GET counts a view."""
        if request.method == "POST":
            return self.receive_feedback(request)
        FAQDailyViews.count(self.pk)
        return super().serve(request, *args, **kwargs)

    @classmethod
    def served_from_cache(cls, request, page_id):
        FAQDailyViews.count(page_id)

    def receive_feedback(self, request):
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            messages.error(request, "送信できませんでした。入力内容を確認してください。")
            context = self.get_context(request)
            context["feedback_form"] = form
            return TemplateResponse(request, self.get_template(request), context, status=400)
        FAQFeedback.objects.update_or_create(
            page=self,
            user=request.user,
            defaults={**form.cleaned_data, "created_at": timezone.now()},
        )
        messages.success(request, "ご回答ありがとうございました。今後の改善に役立てます。")
        return redirect(self.get_url(request) + "#feedback")


@page_cache.per_user("faq_vote")
def reader_vote(request, page_id):
    """「評価済みです（はい）」 for a reader who has voted on this FAQ; after 「いいえ」 also the way to ask the centre,
    with the FAQ's question already in the inquiry form."""
    if not request.user.is_authenticated:
        return ""
    feedback = FAQFeedback.objects.filter(page_id=page_id, user=request.user).select_related("page").first()
    if feedback is None:
        return ""
    return render_to_string("faq/includes/reader_vote.html", {"feedback": feedback})


class FAQFeedback(models.Model):
    """A reader's answer to 「この回答は役に立ちましたか？」, with an optional comment for the editors."""

    page = models.ForeignKey(FAQPage, on_delete=models.CASCADE, related_name="feedback", verbose_name="FAQ")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="回答者"
    )
    helpful = models.BooleanField("役に立った")
    comment = models.TextField("ご意見", blank=True)
    created_at = models.DateTimeField("回答日時", default=timezone.now)

    class Meta:
        verbose_name = "FAQの評価"
        verbose_name_plural = "FAQの評価"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["page", "user"], name="faq_one_feedback_per_user")]

    def __str__(self):
        return f"{self.page.title}: {'はい' if self.helpful else 'いいえ'}"


class FAQDailyViews(models.Model):
    """How often an FAQ was opened on one day."""

    page = models.ForeignKey(FAQPage, on_delete=models.CASCADE, related_name="daily_views", verbose_name="FAQ")
    date = models.DateField("日付")
    views = models.PositiveIntegerField("閲覧数", default=0)

    class Meta:
        verbose_name = "FAQの閲覧数"
        verbose_name_plural = "FAQの閲覧数"
        constraints = [models.UniqueConstraint(fields=["page", "date"], name="faq_one_counter_per_day")]

    @classmethod
    def count(cls, page_id, today=None):
        """Add one view; written after the response with the process's other views (portal.write_behind)."""
        write_behind.defer(cls.add_views, (page_id, today or timezone.localdate()))

    @classmethod
    def add_views(cls, views):
        """Add queued (page id, date) views: one UPDATE per page and day; the day's row is created by its first view."""
        for (page_id, date), count in Counter(views).items():
            if cls.objects.filter(page_id=page_id, date=date).update(views=F("views") + count):
                continue
            try:
                with transaction.atomic():
                    cls.objects.create(page_id=page_id, date=date, views=count)
            except IntegrityError:
                cls.objects.filter(page_id=page_id, date=date).update(views=F("views") + count)
