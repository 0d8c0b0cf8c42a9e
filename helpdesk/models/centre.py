"""What each centre's administrators set for their helpdesk: its rules (保管年限, 照会の回答期限) and its answer
templates (定型文)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel

from portal.models import PORTAL_CHOICES, Category

DEFAULT_RETENTION_YEARS = 5
DEFAULT_ESCALATION_DAYS = 3


class HelpdeskPolicy(models.Model):
    """One per centre; a centre without a row uses the defaults."""

    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, unique=True)
    retention_years = models.PositiveSmallIntegerField(
        "保管年限（年）",
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1, "保管年限は1年以上にしてください。"), MaxValueValidator(30, "保管年限は30年以内にしてください。")],
        help_text="受付の年度の翌年度から数えてこの年数を過ぎた問い合わせは、氏名・連絡先・本文をマスクした形に置き換えます（件数・分類は残ります）。",
    )
    escalation_business_days = models.PositiveSmallIntegerField(
        "所管課への照会の回答期限（開庁日）",
        default=DEFAULT_ESCALATION_DAYS,
        validators=[MinValueValidator(1, "回答期限は1開庁日以上にしてください。"), MaxValueValidator(60, "回答期限は60開庁日以内にしてください。")],
    )

    panels = [FieldPanel("portal"), FieldPanel("retention_years"), FieldPanel("escalation_business_days")]

    class Meta:
        verbose_name = "ヘルプデスクの設定"
        verbose_name_plural = "ヘルプデスクの設定"

    def __str__(self):
        return f"ヘルプデスクの設定（{self.get_portal_display()}）"

    @classmethod
    def for_portal(cls, portal_key):
        """The centre's saved policy, or an unsaved one holding the defaults."""
        return cls.objects.filter(portal=portal_key).first() or cls(portal=portal_key)


class AnswerTemplate(models.Model):
    """定型文: a recurring answer (or its opening) that agents insert into a reply with a shortcut."""

    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    title = models.CharField("名前", max_length=100, help_text="一覧に表示する名前（例：庶務事務システムでの申請案内）")
    body = models.TextField("本文")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="業務分類"
    )
    sort_order = models.PositiveIntegerField("表示順", default=0)

    panels = [FieldPanel("portal"), FieldPanel("title"), FieldPanel("body"), FieldPanel("category"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "定型文"
        verbose_name_plural = "定型文"
        ordering = ["sort_order", "title"]
        constraints = [models.UniqueConstraint(fields=["portal", "title"], name="answer_template_title_per_portal")]

    def __str__(self):
        return self.title
