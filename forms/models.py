"""Versioned 様式 (form templates that staff download and print) and online forms built by editors.

A template's file is a plain FileField on a create-only FormVersion rather than a Wagtail Document: Documents can be
replaced in place by any editor with change permission, which would silently rewrite a version people already filed;
a version's bytes must stay fixed, and its download goes through our own portal-aware view.
"""

import secrets

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from pages.models import PortalSectionPage
from portal.models import PORTAL_CHOICES, Category, Section
from search.index import AnalysedField

from .files import validate_form_file


class FormTemplateQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def in_portal(self, portal_key):
        return self.in_portal_list([portal_key])

    def in_portal_list(self, portal_keys):
        return self.filter(portal__in=portal_keys)

    def matching(self, text):
        """Templates whose number, title, description or any version's change summary contain `text`.

        A substring match rather than the search index: the list is short and unspaced Japanese needs no tokenizer here.
        """
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(number__icontains=text)
            | Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(versions__change_summary__icontains=text)
        ).distinct()


class FormTemplate(PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """様式: a numbered paper form owned by a section; its file changes only by adding a dated FormVersion."""

    number = models.CharField("様式番号", max_length=50, help_text="例：様式第3号")
    title = models.CharField("様式名", max_length=200)
    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="form_templates", verbose_name="所管課")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="form_templates", verbose_name="業務分類"
    )
    description = models.TextField("説明", blank=True, help_text="どんなときに使う様式か")
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="formtemplate")

    objects = FormTemplateQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("portal"),
        FieldRowPanel([FieldPanel("section"), FieldPanel("category")]),
        FieldPanel("description"),
    ]
    search_fields = [
        AnalysedField("title", "number", boost=3),
        index.AutocompleteField("title"),
        AnalysedField("description", "versions__change_summary", "category__name"),
        index.FilterField("portal"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = "様式"
        verbose_name_plural = "様式"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "number"],
                name="forms_unique_number_per_portal",
                violation_error_message="この様式番号はこのポータルで既に使われています。",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def revisions(self):
        return self._revisions

    def get_absolute_url(self):
        """Stable link that always serves the version in effect on the day it is opened."""
        return reverse("forms:current", args=[self.pk])

    @property
    def history_url(self):
        return reverse("forms:history", args=[self.pk])

    def current_version(self, today=None):
        """The latest version whose 施行日 has arrived; a future version takes over on its date, no job needed."""
        today = today or timezone.localdate()
        return self.versions.filter(effective_date__lte=today).order_by("-effective_date").first()

    def get_preview_template(self, request, mode_name):
        return "forms/form_history.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(history_context(self))
        return context


def history_context(template, today=None):
    """What the history page and the editor's preview show: every version, newest first, and which one is current."""
    today = today or timezone.localdate()
    return {
        "template": template,
        "versions": template.versions.order_by("-effective_date") if template.pk else [],
        "current": template.current_version(today) if template.pk else None,
        "today": today,
    }


def version_upload_to(version, filename):
    """Each version under its own folder, so a new version never lands on an older one's path; the random part keeps
    the path unguessable should the media folder ever be served (files are only ever sent by forms.views)."""
    folder = f"forms/{version.template.portal}/{version.template_id}/{version.effective_date:%Y%m%d}"
    return f"{folder}/{secrets.token_urlsafe(16)}/{filename}"


class FormVersion(models.Model):
    """One issued version of a 様式; file, label and 施行日 are fixed once saved (see FormVersionForm)."""

    IMMUTABLE_FIELDS = ["template", "label", "file", "effective_date"]
    portal_lookup = "template__portal"  # a version belongs to its template's portal (portal.scope)

    template = models.ForeignKey(FormTemplate, on_delete=models.CASCADE, related_name="versions", verbose_name="様式")
    label = models.CharField("版", max_length=50, help_text="例：令和7年4月改正版")
    file = models.FileField(
        "ファイル", upload_to=version_upload_to, max_length=255, validators=[validate_form_file],
        help_text="PDF・Excel（xlsx）・Word（docx）のみ",
    )
    file_kind = models.CharField("形式", max_length=10, editable=False)
    file_size = models.PositiveIntegerField("サイズ（バイト）", editable=False)
    effective_date = models.DateField("施行日", help_text="この日からこの版が最新として配布されます")
    previous_accepted_until = models.DateField(
        "旧様式使用期限", null=True, blank=True, help_text="この日までは一つ前の版での提出も受け付けます"
    )
    change_summary = models.TextField("改正内容")
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    panels = [
        FieldPanel("template"),
        FieldRowPanel([FieldPanel("label"), FieldPanel("effective_date"), FieldPanel("previous_accepted_until")]),
        FieldPanel("file"),
        FieldPanel("change_summary"),
    ]

    class Meta:
        verbose_name = "様式の版"
        verbose_name_plural = "様式の版"
        ordering = ["template", "-effective_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "effective_date"],
                name="forms_one_version_per_date",
                violation_error_message="この様式には同じ施行日の版が既にあります。施行日を確認してください。",
            ),
        ]

    def __str__(self):
        return f"{self.template} {self.label}"

    def clean(self):
        """The previous version can only stay acceptable beyond the day this one takes over, never end before it."""
        super().clean()
        if self.effective_date and self.previous_accepted_until and self.previous_accepted_until < self.effective_date:
            raise ValidationError(
                {"previous_accepted_until": "旧様式使用期限は施行日（この版の使用開始日）以降の日付にしてください。"}
            )

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.file_kind, self.file_size = validate_form_file(self.file)
        super().save(*args, **kwargs)
        index.insert_or_update_object(self.template)

    def get_absolute_url(self):
        return reverse("forms:version", args=[self.template_id, self.pk])

    @property
    def download_name(self):
        return f"{self.template.number}_{self.template.title}_{self.label}.{self.file_kind}"


class FormIndexPage(PortalSectionPage):
    """様式集: the portal's templates by business category, with a search box, and its online forms below it."""

    subpage_types = ["forms.OnlineFormPage"]

    class Meta:
        verbose_name = "様式一覧"

    @cached_property
    def portal_key(self):
        from pages.models import home_of

        return home_of(self).portal_key

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()
        templates = (
            FormTemplate.objects.live()
            .in_portal(self.portal_key)
            .matching(query)
            .select_related("category")
            .order_by("category__sort_order", "category__name", "number")
        )
        groups = {}
        for template in templates:
            groups.setdefault(template.category, []).append(template)
        context.update(
            query=query,
            category_groups=list(groups.items()),
            result_count=sum(len(items) for items in groups.values()),
            online_forms=self.get_children().live().type(OnlineFormPage).specific(),
        )
        return context


STEP = "step"
# Wagtail leaves multi-line and hidden answers unbounded; a few pages of text is more than any application needs.
ANSWER_LIMIT = 4000


class OnlineFormBuilder(FormBuilder):
    """Wagtail's form builder with every free-text answer bounded, refused in Japanese beyond the limit."""

    def bounded_text(self, options):
        """A validator rather than max_length, which the browser would enforce by cutting pasted text silently."""
        message = "%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
        return forms.CharField(validators=[MaxLengthValidator(ANSWER_LIMIT, message)], **options)

    def create_multiline_field(self, field, options):
        options.setdefault("widget", forms.Textarea)
        return self.bounded_text(options)

    def create_hidden_field(self, field, options):
        options.setdefault("widget", forms.HiddenInput)
        return self.bounded_text(options)


class OnlineFormField(AbstractFormField):
    """A field of an online form; a 「ステップ区切り」 row starts a new wizard step titled by its label."""

    page = ParentalKey("forms.OnlineFormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        "項目の種類", max_length=16, choices=FORM_FIELD_CHOICES + ((STEP, "ステップ区切り（ラベルが次の画面の見出し）"),)
    )
    field_type.required_on_save = True


class OnlineFormPage(AbstractForm):
    """オンライン申請: a form built in the admin, shown one step at a time (django-formtools wizard)."""

    intro = RichTextField("説明", blank=True, features=["bold", "link", "ol", "ul"])
    first_step_title = models.CharField("最初の画面の見出し", max_length=100, default="入力")
    thank_you_text = RichTextField("送信後のメッセージ", blank=True)

    content_panels = AbstractForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("first_step_title"),
        InlinePanel("form_fields", label="入力項目"),
        FieldPanel("thank_you_text"),
    ]
    parent_page_types = ["forms.FormIndexPage"]
    subpage_types = []
    form_builder = OnlineFormBuilder

    class Meta:
        verbose_name = "オンライン申請フォーム"

    def get_form_fields(self):
        """Only real inputs: step dividers shape the wizard but collect nothing."""
        return self.form_fields.exclude(field_type=STEP)

    def get_steps(self):
        """[(title, [fields])] in editor order, split at each ステップ区切り."""
        steps = [(self.first_step_title, [])]
        for field in self.form_fields.all():
            if field.field_type == STEP:
                steps.append((field.label, []))
            else:
                steps[-1][1].append(field)
        return [step for step in steps if step[1]]

    def get_submission_class(self):
        return OnlineFormSubmission

    def process_form_submission(self, form):
        return self.save_submission(form.cleaned_data, form.user)

    def save_submission(self, data, user):
        """Store answers with the published revision the reader filled, not an editor's newer unpublished draft (the
        wizard merges its steps into `data`)."""
        return self.get_submission_class().objects.create(
            form_data=data, page=self, revision=self.live_revision, user=user if user.is_authenticated else None
        )

    def get_data_fields(self):
        return super().get_data_fields() + [("revision_id", "フォームの版（リビジョン）")]

    def serve(self, request, *args, **kwargs):
        from .wizard import OnlineFormWizard

        return OnlineFormWizard.as_view(page=self)(request, *args, **kwargs)


class OnlineFormSubmission(AbstractFormSubmission):
    """A submission, with the exact form revision it was filled against so later edits don't blur its meaning."""

    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="フォームの版"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="申請者"
    )

    def get_data(self):
        return {**super().get_data(), "revision_id": self.revision_id}
