"""The quality register of each centre: what the contract KPIs beyond the inquiries are computed from.

処理案件 (work items) carry their deadline in business days of the centre's calendar (portal.business_days, the
same calendar as escalations); the due date is stored so that reports can compare it in the database.
事故・苦情・トラブル and 業務改善提案 are kept with the dates the city asks about. KPI targets are a setting per
centre (its site), edited by that centre's 管理者.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import RevisionMixin

from portal.masking import mask_personal_data
from portal.business_days import MAX_BUSINESS_DAYS, BusinessCalendar
from portal.models import PORTAL_CHOICES, Category


def _not_before(record, later, *earlier):
    """A {field: message} error when date field `later` is set and falls before the first of the `earlier` fields
    that is set, or when none of them is set."""
    later_value = getattr(record, later)
    if later_value is None:
        return {}
    later_label = record._meta.get_field(later).verbose_name
    earlier_label = record._meta.get_field(earlier[0]).verbose_name
    reference = next((name for name in earlier if getattr(record, name) is not None), None)
    if reference is None:
        return {later: f"{later_label}を入れるには、先に{earlier_label}を入れてください。"}
    if later_value < getattr(record, reference):
        reference_label = record._meta.get_field(reference).verbose_name
        return {later: f"{later_label}が{reference_label}より前になっています。"}
    return {}


class WorkItem(models.Model):
    """One application or other piece of processing the centre does (処理案件), from receipt to delivery."""

    portal = models.CharField("センター", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    number = models.CharField("管理番号", max_length=40, help_text="センター内で重複しない番号（取り込みの照合に使います）")
    title = models.CharField("件名", max_length=200)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="work_items", verbose_name="業務分類"
    )
    received_on = models.DateField("受付日")
    deadline_days = models.PositiveSmallIntegerField(
        "処理期限（開庁日数）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_BUSINESS_DAYS)],
        help_text="受付日の翌開庁日から数えた日数。期限のない案件は空欄",
    )
    due_date = models.DateField("処理期限日", null=True, blank=True, editable=False, db_index=True)
    started_on = models.DateField("着手日", null=True, blank=True)
    completed_on = models.DateField("完了日", null=True, blank=True, db_index=True)
    delivered_on = models.DateField("納品日", null=True, blank=True, db_index=True)
    error_reported_on = models.DateField("誤り指摘日", null=True, blank=True, help_text="市から処理の誤りを指摘された日")
    error_note = models.TextField("指摘された誤りの内容", blank=True)
    note = models.TextField("備考", blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    panels = [
        FieldPanel("portal"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("category")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("received_on"), FieldPanel("deadline_days")]),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("completed_on"), FieldPanel("delivered_on")]),
        MultiFieldPanel([FieldPanel("error_reported_on"), FieldPanel("error_note")], heading="市からの誤り指摘"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "処理案件"
        verbose_name_plural = "処理案件"
        ordering = ["-received_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["portal", "number"], name="unique_work_item_number_per_portal")]
        indexes = [models.Index(fields=["portal", "received_on"])]

    def __str__(self):
        return f"{self.number} {mask_personal_data(self.title)}"

    def clean(self):
        errors = {}
        for later, *earlier in [
            ("started_on", "received_on"),
            ("completed_on", "started_on", "received_on"),
            ("delivered_on", "completed_on"),
            ("error_reported_on", "delivered_on"),
        ]:
            errors |= _not_before(self, later, *earlier)
        if self.error_note and not self.error_reported_on:
            errors["error_reported_on"] = "誤りの内容を入れるときは誤り指摘日も入れてください。"
        if errors:
            raise ValidationError(errors)

    def compute_due_date(self, calendar=None):
        """The due date in the centre's business days (None without a deadline); pass one calendar for many items."""
        if self.deadline_days is None or self.received_on is None:
            return None
        return (calendar or BusinessCalendar(self.portal)).add(self.received_on, self.deadline_days)

    def save(self, *args, **kwargs):
        self.due_date = self.compute_due_date()
        super().save(*args, **kwargs)

    @property
    def met_deadline(self):
        """True/False once decided (completed, or past due), None while it can still be met or has no deadline."""
        if self.due_date is None:
            return None
        if self.completed_on is not None:
            return self.completed_on <= self.due_date
        return False if self.due_date < timezone.localdate() else None


class Incident(RevisionMixin, models.Model):
    """An accident, complaint or trouble (事故・苦情・トラブル) with its analysis and report to the city."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", "事故"
        COMPLAINT = "complaint", "苦情"
        TROUBLE = "trouble", "トラブル"

    portal = models.CharField("センター", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    is_security_incident = models.BooleanField(
        "個人情報に関わる事故",
        default=False,
        help_text="個人情報の漏えい・紛失・誤送付など。セキュリティインシデント発生件数に数えます",
    )
    title = models.CharField("件名", max_length=200, help_text="個人名や連絡先は書かないでください")
    occurred_at = models.DateTimeField("発生日時", default=timezone.now, db_index=True)
    description = models.TextField("発生状況")
    inquiry = models.ForeignKey(
        "helpdesk.Inquiry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
        verbose_name="関連する問い合わせ",
    )
    cause = models.TextField("原因分析", blank=True)
    countermeasure = models.TextField("対策", blank=True)
    reported_to_city_at = models.DateTimeField("市への報告日時", null=True, blank=True)
    reported_to = models.CharField("報告先", max_length=100, blank=True, help_text="例：総務課 担当係長")
    closed_on = models.DateField("完了日", null=True, blank=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="incident")

    class Meta:
        verbose_name = "事故・苦情・トラブル"
        verbose_name_plural = "事故・苦情・トラブル"
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {mask_personal_data(self.title)}"

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        errors = {}
        if self.is_security_incident and self.kind != self.Kind.ACCIDENT:
            errors["is_security_incident"] = "個人情報に関わるものは種別「事故」で登録してください。"
        if self.inquiry_id and self.inquiry.portal != self.portal:
            errors["inquiry"] = "別のセンターの問い合わせは関連付けられません。"
        if self.reported_to_city_at and not self.reported_to:
            errors["reported_to"] = "市へ報告した日時を入れるときは報告先も入れてください。"
        if self.closed_on and self.occurred_at and self.closed_on < timezone.localdate(self.occurred_at):
            errors["closed_on"] = "完了日が発生日より前になっています。"
        if errors:
            raise ValidationError(errors)


class ImprovementProposal(models.Model):
    """A business improvement proposal (業務改善提案): 提案 → 承認 → 実施 → 効果測定, each stage dated."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "提案"
        APPROVED = "approved", "承認"
        IMPLEMENTED = "implemented", "実施"
        MEASURED = "measured", "効果測定"

    # Each stage and the date that records it, in order: the status is the last stage reached.
    STAGE_DATES = [
        (Status.PROPOSED, "proposed_on"),
        (Status.APPROVED, "approved_on"),
        (Status.IMPLEMENTED, "implemented_on"),
        (Status.MEASURED, "measured_on"),
    ]

    portal = models.CharField("センター", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    title = models.CharField("件名", max_length=200)
    proposer = models.CharField("提案者（係・担当）", max_length=100, blank=True)
    description = models.TextField("提案内容")
    expected_effect = models.TextField("期待される効果", blank=True)
    proposed_on = models.DateField("提案日", default=timezone.localdate, db_index=True)
    approved_on = models.DateField("承認日", null=True, blank=True)
    implemented_on = models.DateField("実施日", null=True, blank=True)
    measured_on = models.DateField("効果測定日", null=True, blank=True)
    measured_effect = models.TextField("測定した効果", blank=True)
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.PROPOSED, editable=False)

    panels = [
        FieldPanel("portal"),
        FieldPanel("title"),
        FieldPanel("proposer"),
        FieldPanel("description"),
        FieldPanel("expected_effect"),
        FieldRowPanel([FieldPanel("proposed_on"), FieldPanel("approved_on")]),
        FieldRowPanel([FieldPanel("implemented_on"), FieldPanel("measured_on")]),
        FieldPanel("measured_effect"),
    ]

    class Meta:
        verbose_name = "業務改善提案"
        verbose_name_plural = "業務改善提案"
        ordering = ["-proposed_on", "-pk"]

    def __str__(self):
        return mask_personal_data(self.title)

    def clean(self):
        errors = {}
        for (_, earlier), (_, later) in zip(self.STAGE_DATES, self.STAGE_DATES[1:]):
            errors |= _not_before(self, later, earlier)
        if self.measured_effect and not self.measured_on:
            errors["measured_on"] = "測定した効果を入れるときは効果測定日も入れてください。"
        if errors:
            raise ValidationError(errors)

    def stage_reached(self):
        """The last stage whose date is set (clean() makes sure the stages are reached in order)."""
        return [stage for stage, field in self.STAGE_DATES if getattr(self, field)][-1]

    def save(self, *args, **kwargs):
        self.status = self.stage_reached()
        super().save(*args, **kwargs)


def percent_field(label, default, help_text):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=help_text,
    )


@register_setting(icon="success")
class KpiTargets(BaseSiteSetting):
    """The contract KPI targets of one centre (its portal site). Only the comparison (at least, at most, below) is
    fixed by each KPI's definition in the reports; the numbers are the centre's, edited by its 管理者."""

    first_tier_rate = percent_field("初回応答率（%以上）", 90, "一次対応で回答した件数 ÷ 回答した件数")
    average_handling_minutes = models.DecimalField(
        "平均対応時間（分以内）",
        max_digits=5,
        decimal_places=1,
        default=8,
        validators=[MinValueValidator(0)],
        help_text="受付から回答・記録完了までの平均",
    )
    completion_rate = percent_field("完答率（%以上）", 80, "センター内で完結した件数 ÷ 受け付けた件数")
    deadline_rate = percent_field("処理期限の達成率（%以上）", 100, "期限内に完了した処理案件 ÷ 期限が到来した処理案件")
    error_rate = percent_field("処理誤り割合（%未満）", 2, "市から誤りを指摘された処理案件 ÷ 納品した処理案件")
    security_incidents = models.PositiveSmallIntegerField("セキュリティインシデント発生件数（件以下）", default=0)
    proposals = models.PositiveSmallIntegerField("業務改善提案件数（月あたり件以上）", default=5)

    panels = [
        MultiFieldPanel(
            [FieldPanel("first_tier_rate"), FieldPanel("average_handling_minutes"), FieldPanel("completion_rate")],
            heading="問い合わせ",
        ),
        MultiFieldPanel([FieldPanel("deadline_rate"), FieldPanel("error_rate")], heading="処理案件"),
        MultiFieldPanel([FieldPanel("security_incidents"), FieldPanel("proposals")], heading="事故・業務改善"),
    ]

    class Meta:
        verbose_name = "KPI目標値"
        verbose_name_plural = "KPI目標値"

    @classmethod
    def for_portal(cls, portal_key):
        """The targets of a portal's centre (created with the contract's defaults on first use)."""
        from wagtail.models import Site

        return cls.for_site(Site.objects.get(root_page__homepage__portal_key=portal_key))
