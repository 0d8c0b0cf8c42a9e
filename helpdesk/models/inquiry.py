"""The inquiry record: one contact with the centre, from receipt to its answer, with its 受付番号, its recorded
status changes and the references the agent used.

Status never changes by assignment: helpdesk.states moves it (every path — console, admin, API, escalation reply)
and records the change, and 回答日時, 対応時間, 一次回答 and 完答 are derived from those records, never typed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.search import index

from portal.dates import fiscal_year
from portal.models import PORTAL_CHOICES, Audience, Category
from portal.portals import PORTALS_BY_KEY
from search.index import AnalysedField

from portal.masking import mask_personal_data


def reference_prefix(portal_key):
    """The first character of the centre's short name: 総 (総務事務センター) or 教 (教育総務事務センター)."""
    return PORTALS_BY_KEY[portal_key].short_name[0]


def format_reference(portal_key, year, number):
    """総-2026-00123: centre, fiscal year (April–March) and the number within that year."""
    return f"{reference_prefix(portal_key)}-{year}-{number:05d}"


class ReferenceCounter(models.Model):
    """The last 受付番号 handed out per centre and fiscal year; numbers are never reused, even after a deletion."""

    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES)
    fiscal_year = models.PositiveIntegerField("年度")
    last_number = models.PositiveIntegerField("最後の番号", default=0)

    class Meta:
        verbose_name = "受付番号の採番"
        verbose_name_plural = "受付番号の採番"
        constraints = [models.UniqueConstraint(fields=["portal", "fiscal_year"], name="one_reference_counter_per_year")]

    @classmethod
    def allocate(cls, portal_key, year, count=1):
        """`count` new consecutive numbers of one centre and fiscal year (one short transaction)."""
        with transaction.atomic():
            counter, _ = cls.objects.get_or_create(portal=portal_key, fiscal_year=year)
            cls.objects.filter(pk=counter.pk).update(last_number=F("last_number") + count)
            last = cls.objects.values_list("last_number", flat=True).get(pk=counter.pk)
        return [format_reference(portal_key, year, number) for number in range(last - count + 1, last + 1)]


class InquiryQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Inquiry.Status.CLOSED)

    def answered(self):
        return self.filter(answered_at__isnull=False)


class Inquiry(index.Indexed, models.Model):
    """One phone, e-mail, counter, FAX or portal inquiry of one centre."""

    class Channel(models.TextChoices):
        PHONE = "phone", "電話"
        EMAIL = "email", "メール"
        COUNTER = "counter", "窓口"
        FAX = "fax", "FAX"
        PORTAL = "portal", "ポータル"

    class Status(models.TextChoices):
        RECEIVED = "received", "受付"
        IN_PROGRESS = "in_progress", "対応中"
        ANSWERED = "answered", "回答済"
        ESCALATED = "escalated", "エスカレーション中"
        SECTION_ANSWERED = "section_answered", "所管課回答済"
        REANSWERED = "reanswered", "再回答"
        CLOSED = "closed", "完了"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "メール（ポータルに登録されたアドレス）"
        PHONE = "phone", "電話（内線）"

    # The caller is on the line (or at the counter) from receipt, so handling starts then; for the other channels
    # it starts when an agent takes the inquiry up (see helpdesk.states.derive).
    LIVE_CHANNELS = [Channel.PHONE, Channel.COUNTER]
    # States in which the inquiry holds an answer given to the requester: shown to them, searchable as a past answer.
    ANSWERED_STATUSES = [Status.ANSWERED, Status.REANSWERED, Status.CLOSED]
    SEARCHABLE_STATUSES = ANSWERED_STATUSES

    reference = models.CharField("受付番号", max_length=20, unique=True, editable=False)
    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    channel = models.CharField("受付方法", max_length=20, choices=Channel.choices, default=Channel.PHONE)
    received_at = models.DateTimeField("受付日時", default=timezone.now, db_index=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_inquiries",
        verbose_name="問い合わせた職員",
        help_text="ポータルの問い合わせフォームから送った職員",
    )
    requester_name = models.CharField("問い合わせ者の氏名", max_length=100, blank=True, help_text="任意")
    requester_affiliation = models.CharField("所属（課・学校）", max_length=100, blank=True)
    requester_audience = models.ForeignKey(
        Audience, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="職員区分"
    )
    contact_method = models.CharField("希望する連絡方法", max_length=20, choices=ContactMethod.choices, blank=True)
    contact_phone = models.CharField("連絡先の電話番号・内線", max_length=30, blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries", verbose_name="業務分類"
    )
    subcategory = models.CharField("小分類", max_length=100, blank=True, help_text="例：通勤手当")
    question = models.TextField("問い合わせ内容")
    answer = models.TextField("回答", blank=True)
    is_complaint = models.BooleanField("苦情", default=False)
    is_difficult = models.BooleanField("難航", default=False, help_text="対応が難しい案件として管理者に共有する")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
        verbose_name="対応者",
    )
    status = models.CharField(
        "状態", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True, editable=False
    )
    # Derived from the transitions and adjustments by helpdesk.states.derive; stored so that lists and reports can
    # filter and add them up.
    answered_at = models.DateTimeField("回答日時", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField("完了日時", null=True, blank=True, editable=False)
    handling_minutes = models.PositiveIntegerField("対応時間（分）", null=True, blank=True, editable=False)
    answered_first_tier = models.BooleanField(
        "一次回答", default=False, editable=False, help_text="受け付けた対応者が、所管課への照会なしに回答した"
    )
    completed_in_centre = models.BooleanField(
        "完答", default=False, editable=False, help_text="所管課への照会なしに、センター内で完了した"
    )
    faq = models.ForeignKey(
        "faq.FAQPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_inquiries",
        verbose_name="作成したFAQ",
        editable=False,
    )
    anonymised_at = models.DateTimeField("匿名化日時", null=True, blank=True, editable=False)

    objects = InquiryQuerySet.as_manager()

    search_fields = [
        AnalysedField("masked_question", boost=2),
        AnalysedField("masked_answer", "category__name"),
        index.FilterField("portal"),
        index.FilterField("status"),
        index.FilterField("category_id"),
    ]

    class Meta:
        verbose_name = "問い合わせ"
        verbose_name_plural = "問い合わせ"
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["portal", "status", "received_at"], name="inquiry_queue")]

    def __str__(self):
        """The 受付番号 only: this is also the label of every audit-log entry, which must hold no personal data."""
        return self.reference or "（未採番の問い合わせ）"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._saved_status = self.__dict__.get("status")

    def save(self, *args, **kwargs):
        """A new inquiry starts 受付 with the next 受付番号; the status of a saved one changes only through
        helpdesk.states (which sets `_status_change`), whatever form or code path saves it."""
        if self._state.adding and self.status != self.Status.RECEIVED and not getattr(self, "_status_change", False):
            raise ValidationError("新しい問い合わせは「受付」から始まります。")
        if not self._state.adding and self.status != getattr(self, "_saved_status", self.status):
            if not getattr(self, "_status_change", False):
                raise ValidationError("状態は対応画面の操作（対応開始・回答・照会・完了など）でだけ変更できます。")
        if not self.reference:
            year = fiscal_year(timezone.localtime(self.received_at).date())
            self.reference = ReferenceCounter.allocate(self.portal, year)[0]
        super().save(*args, **kwargs)
        self._saved_status = self.status
        self._status_change = False

    @classmethod
    def get_indexed_objects(cls):
        """Only answered inquiries are worth finding again; the category is read with them (its name is indexed)."""
        return cls.objects.filter(status__in=cls.SEARCHABLE_STATUSES).select_related("category")

    def masked_question(self):
        return mask_personal_data(self.question)

    def masked_answer(self):
        return mask_personal_data(self.answer)

    @property
    def has_answer(self):
        return self.status in self.ANSWERED_STATUSES


class InquiryTransition(models.Model):
    """One recorded status change: who moved the inquiry from which state to which, when, and why."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="transitions", verbose_name="問い合わせ")
    from_status = models.CharField("変更前", max_length=20, choices=Inquiry.Status.choices, blank=True)
    to_status = models.CharField("変更後", max_length=20, choices=Inquiry.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="操作者"
    )
    at = models.DateTimeField("日時", default=timezone.now, db_index=True)
    note = models.TextField("メモ", blank=True)

    class Meta:
        verbose_name = "状態の変更"
        verbose_name_plural = "状態の変更"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.inquiry}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class InquiryAdjustment(models.Model):
    """A correction of the handling time (e.g. the answer was recorded after the call had ended), kept with its
    reason and author instead of overwriting the timestamps."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="adjustments", verbose_name="問い合わせ")
    minutes = models.IntegerField("補正（分）", help_text="対応時間に加える分数。減らすときは負の数")
    reason = models.CharField("理由", max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="補正した人"
    )
    at = models.DateTimeField("日時", default=timezone.now)

    class Meta:
        verbose_name = "対応時間の補正"
        verbose_name_plural = "対応時間の補正"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.inquiry}: {self.minutes:+d}分"


class InquiryReference(models.Model):
    """Something the agent answered from — an FAQ, 手続き案内 or 業務マニュアル (pages), a 様式, or an earlier
    inquiry — linked rather than pasted, so it stays current and can be followed."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="references", verbose_name="問い合わせ")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="ページ"
    )
    form_template = models.ForeignKey(
        "forms.FormTemplate", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="様式"
    )
    earlier_inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="過去の問い合わせ"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="追加した人"
    )
    added_at = models.DateTimeField("追加日時", default=timezone.now)

    TARGETS = ["page", "form_template", "earlier_inquiry"]

    class Meta:
        verbose_name = "参照した情報"
        verbose_name_plural = "参照した情報"
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(page__isnull=False, form_template__isnull=True, earlier_inquiry__isnull=True)
                    | Q(page__isnull=True, form_template__isnull=False, earlier_inquiry__isnull=True)
                    | Q(page__isnull=True, form_template__isnull=True, earlier_inquiry__isnull=False)
                ),
                name="inquiry_reference_has_one_target",
            ),
            models.UniqueConstraint(
                fields=["inquiry", "page"], condition=Q(page__isnull=False), name="inquiry_reference_page_once"
            ),
            models.UniqueConstraint(
                fields=["inquiry", "form_template"],
                condition=Q(form_template__isnull=False),
                name="inquiry_reference_form_once",
            ),
            models.UniqueConstraint(
                fields=["inquiry", "earlier_inquiry"],
                condition=Q(earlier_inquiry__isnull=False),
                name="inquiry_reference_inquiry_once",
            ),
        ]

    def __str__(self):
        return f"{self.inquiry}: {self.target}"

    @property
    def target(self):
        return self.page or self.form_template or self.earlier_inquiry
