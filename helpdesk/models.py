"""Inquiries logged by helpdesk agents; answered ones become searchable past answers (masked)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.search import index

from portal.models import PORTAL_CHOICES, Audience, Category, Section
from search.index import AnalysedField

from .masking import mask_personal_data


class Inquiry(index.Indexed, models.Model):
    """One phone, e-mail or counter inquiry, from first contact to its answer."""

    class Channel(models.TextChoices):
        PHONE = "phone", "電話"
        EMAIL = "email", "メール"
        COUNTER = "counter", "窓口"
        FORM = "form", "問い合わせフォーム"
        PORTAL = "portal", "ポータル"

    class Status(models.TextChoices):
        NEW = "new", "未対応"
        OPEN = "open", "対応中"
        ESCALATED = "escalated", "エスカレーション中"
        ANSWERED = "answered", "回答済"
        CLOSED = "closed", "完了"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "メール（ポータルに登録されたアドレス）"
        PHONE = "phone", "電話（内線）"

    SEARCHABLE_STATUSES = [Status.ANSWERED, Status.CLOSED]

    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    channel = models.CharField("受付方法", max_length=20, choices=Channel.choices, default=Channel.PHONE)
    received_at = models.DateTimeField("受付日時", default=timezone.now, db_index=True)
    caller_audience = models.ForeignKey(
        Audience, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="問い合わせ者の区分"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries", verbose_name="業務分類"
    )
    question = models.TextField("問い合わせ内容")
    answer = models.TextField("回答", blank=True)
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    answered_at = models.DateTimeField("回答日時", null=True, blank=True)
    answered_first_tier = models.BooleanField("一次回答", default=False, help_text="受付者がその場で回答できた")
    escalated_to = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="エスカレーション先"
    )
    handling_minutes = models.PositiveIntegerField("対応時間（分）", null=True, blank=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_inquiries",
        verbose_name="問い合わせた職員",
        help_text="ポータルの問い合わせフォームから送った職員",
    )
    contact_method = models.CharField("希望する連絡方法", max_length=20, choices=ContactMethod.choices, blank=True)
    contact_phone = models.CharField("連絡先の電話番号・内線", max_length=30, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="対応者"
    )

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
        ordering = ["-received_at"]

    def __str__(self):
        return f"{timezone.localtime(self.received_at):%Y-%m-%d %H:%M} {self.get_channel_display()} {self.question[:30]}"

    @classmethod
    def get_indexed_objects(cls):
        """Only answered inquiries are worth finding again; the category is read with them (its name is indexed)."""
        return cls.objects.filter(status__in=cls.SEARCHABLE_STATUSES).select_related("category")

    def masked_question(self):
        return mask_personal_data(self.question)

    def masked_answer(self):
        return mask_personal_data(self.answer)
