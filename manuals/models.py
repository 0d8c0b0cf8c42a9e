"""Work manuals (業務マニュアル): internal pages for centre staff, approved by the owning section before an
administrator publishes them, with a revision history (改定履歴) that gives the reason of every published change."""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Task, TaskState
from wagtail.search import index

from audit.reads import log_read
from forms.panels import FormReferencesPanel
from pages.models import PortalSectionPage, home_of
from portal.models import Section
from portal.portals import PORTALS_BY_KEY
from portal.sites import ensure_section_review, portal_groups, restrict_to_groups
from search.index import AnalysedField, page_search_fields

from .blocks import PARTIES, FlowStepBlock, ResponsibilityBlock
from .forms import ManualPageForm


def display_name(user):
    """A person as Japanese colleagues write them: family name first, the login name if no name is set."""
    if user is None:
        return ""
    if user.last_name:
        return f"{user.last_name} {user.first_name}".strip()
    return user.get_username()


class SectionApprovalTask(Task):
    """Approval by the owning section (所管課) of the page under review (a manual, FAQ or procedure): its reviewers
    approve or request changes. Members of `groups` (the portal's 業務所管課) stand in for pages with no section or
    sections with no reviewers among them, so no page is ever stuck; reviewers outside `groups` never approve, as
    sections are shared by both portals while a reviewer works for one."""

    groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="section_approval_tasks",
        verbose_name="代替承認グループ",
        help_text="所管課に承認者が登録されていない場合に限り、このグループのメンバーが承認します。",
    )

    admin_form_fields = Task.admin_form_fields + ["groups"]
    admin_form_widgets = {"groups": forms.CheckboxSelectMultiple}

    class Meta:
        verbose_name = "所管課承認タスク"
        verbose_name_plural = "所管課承認タスク"

    @classmethod
    def get_description(cls):
        return (
            "ページの所管課に登録された承認者のうち代替承認グループに属する人が承認します"
            "（所管課がない・該当する承認者がいない場合は代替承認グループが承認）。"
        )

    @staticmethod
    def section_of(revision):
        """The owning section saved in a revision (a draft may have moved the page to another section)."""
        return Section.objects.filter(pk=revision.content.get("section")).first()

    def section_under_review(self, obj):
        state = obj.current_workflow_task_state
        if state is not None and state.task_id == self.pk:
            return self.section_of(state.revision)
        return getattr(obj.specific_deferred, "section", None)

    def approvers(self, section):
        """The users who may approve a page owned by `section`."""
        members = get_user_model().objects.filter(is_active=True, groups__in=self.groups.all()).distinct()
        if section is not None and members.filter(reviewed_sections=section).exists():
            return members.filter(reviewed_sections=section)
        return members

    def can_approve(self, user, section):
        return user.is_superuser or self.approvers(section).filter(pk=user.pk).exists()

    def user_can_review(self, obj, user):
        return self.can_approve(user, self.section_under_review(obj))

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        return [("reject", "差し戻し", True), ("approve", "承認", False), ("approve", "コメントを付けて承認", True)]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related("revision")
        reviewable = [state.pk for state in in_progress if self.can_approve(user, self.section_of(state.revision))]
        return in_progress.filter(pk__in=reviewable)


def secure_index(index_page):
    """Keep a manual index internal and under its portal's 所管課承認 workflow. The restriction is added only when
    missing, so an administrator's deliberate choice stands."""
    portal = PORTALS_BY_KEY[home_of(index_page).portal_key]
    if not PageViewRestriction.objects.filter(page=index_page).exists():
        restrict_to_groups(index_page, portal_groups(portal.key, internal_only=True))
    ensure_section_review(index_page)


class ManualIndexPage(PortalSectionPage):
    """業務マニュアル一覧: one per portal, visible to centre staff, helpdesk, section reviewers and administrators."""

    subpage_types = ["manuals.ManualPage"]

    class Meta:
        verbose_name = "業務マニュアル一覧"

    def save(self, *args, **kwargs):
        """Secure the index however it was created (admin, demo loader, shell), as manuals must never be public."""
        result = super().save(*args, **kwargs)
        secure_index(self)
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["manuals"] = (
            ManualPage.objects.live().child_of(self).select_related("section", "category").order_by("section", "title")
        )
        return context


@dataclass(frozen=True)
class ManualSection:
    """One headed part of a manual, in the order both the page and the PDF show them; `kind` says how to render."""

    key: str
    heading: str
    kind: str
    value: object


@dataclass(frozen=True)
class PublishedRevision:
    """One line of the 改定履歴: the n-th published version, when, by whom and why."""

    number: int
    date: object
    author: str
    reason: str


class ManualPage(Page):
    """One work manual (業務マニュアル) of a centre's business, in fixed sections."""

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="manuals", verbose_name="所管課"
    )
    category = models.ForeignKey(
        "portal.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="manuals",
        verbose_name="業務分類",
    )
    summary = models.TextField("概要")
    inputs = models.TextField("インプット", blank=True, help_text="申請書・届出・添付書類など。1行に1項目。")
    outputs = models.TextField("アウトプット", blank=True, help_text="認定結果・通知・システム登録など。1行に1項目。")
    review_points = models.TextField("審査観点", blank=True, help_text="1行に1項目。")
    review_criteria = models.TextField("審査基準", blank=True)
    deadline_text = models.CharField("処理期限", max_length=200, help_text="例：届出の受付日から（処理日数を入れると「…10開庁日以内」と表示します）")
    deadline_working_days = models.PositiveSmallIntegerField(
        "処理日数（開庁日）",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="期限を開庁日の日数で表せる場合に入力します。",
    )
    responsibilities = StreamField(
        [("role", ResponsibilityBlock())], blank=True, verbose_name="役割分担", help_text="市とセンターの分担"
    )
    flow = StreamField([("step", FlowStepBlock())], blank=True, verbose_name="業務フロー")
    tools = models.TextField("使用システム・ツール", blank=True, help_text="1行に1項目。")
    laws = models.TextField("関連法令", blank=True, help_text="条例・規則・要綱など。1行に1項目。")
    revision_reason = models.CharField(
        "改定理由",
        max_length=200,
        help_text="今回の変更の理由を入力してください（新規作成時は「制定」など）。公開後、改定履歴に表示されます。",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("section"), FieldPanel("category")], heading="所管"),
        FieldPanel("summary"),
        FieldPanel("inputs"),
        FieldPanel("outputs"),
        FieldPanel("review_points"),
        FieldPanel("review_criteria"),
        MultiFieldPanel([FieldPanel("deadline_text"), FieldPanel("deadline_working_days")], heading="処理期限"),
        FieldPanel("responsibilities"),
        FieldPanel("flow"),
        FieldPanel("tools"),
        FieldPanel("laws"),
        FormReferencesPanel(heading="本文中の様式番号"),
        FieldPanel("revision_reason"),
    ]
    search_fields = page_search_fields(
        AnalysedField(
            "summary", "inputs", "outputs", "review_points", "review_criteria", "responsibilities", "flow", "tools",
            "laws", "category__name", "section__name",
        ),
        index.FilterField("section"),
        index.FilterField("category"),
    )
    base_form_class = ManualPageForm
    parent_page_types = ["manuals.ManualIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "業務マニュアル"

    def serve(self, request, *args, **kwargs):
        """Every opening of a manual is recorded for the centre's 管理者 (Wagtail's view restriction has let only
        centre roles this far)."""
        log_read(request, self)
        return super().serve(request, *args, **kwargs)

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    def deadline(self):
        """The deadline as staff say it: 「届出の受付日から10開庁日以内」."""
        if self.deadline_working_days:
            return f"{self.deadline_text}{self.deadline_working_days}開庁日以内"
        return self.deadline_text

    def manual_sections(self):
        """The manual's parts with their headings, leaving out the optional ones that are empty."""
        parties = dict(PARTIES)
        parts = [
            ManualSection("summary", "概要", "text", self.summary),
            ManualSection("inputs", "インプット", "list", self._lines(self.inputs)),
            ManualSection("outputs", "アウトプット", "list", self._lines(self.outputs)),
            ManualSection("review_points", "審査観点", "list", self._lines(self.review_points)),
            ManualSection("review_criteria", "審査基準", "text", self.review_criteria),
            ManualSection("deadline", "処理期限", "text", self.deadline()),
            ManualSection(
                "responsibilities",
                "役割分担",
                "roles",
                [(role.value["task"], parties.get(role.value["party"], ""), role.value["note"]) for role in self.responsibilities],
            ),
            ManualSection(
                "flow",
                "業務フロー",
                "flow",
                [(step.value["actor"], step.value["action"], step.value["note"]) for step in self.flow],
            ),
            ManualSection("tools", "使用システム・ツール", "list", self._lines(self.tools)),
            ManualSection("laws", "関連法令", "list", self._lines(self.laws)),
        ]
        return [part for part in parts if part.value]

    def revision_history(self):
        """Every published version, oldest first, with the 改定理由 stored in the revision that was published
        (shown as 「（記録なし）」 once `purge_revisions` has removed that revision)."""
        entries = (
            PageLogEntry.objects.filter(page=self, action="wagtail.publish")
            .select_related("revision__user", "user")
            .order_by("timestamp", "pk")
        )
        history = []
        for number, entry in enumerate(entries, start=1):
            revision = entry.revision
            history.append(
                PublishedRevision(
                    number=number,
                    date=timezone.localtime(entry.timestamp).date(),
                    author=display_name(revision.user if revision and revision.user else entry.user),
                    reason=revision.content.get("revision_reason", "") if revision else "（記録なし）",
                )
            )
        return history
