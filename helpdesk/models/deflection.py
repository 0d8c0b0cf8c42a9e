"""Questions an employee did not need to send: an FAQ or procedure shown while typing answered them."""

from django.db import models
from django.utils import timezone

from portal.models import PORTAL_CHOICES


class Deflection(models.Model):
    """「解決しました」 on a suggestion of the inquiry form. The question is stored masked and without who typed it:
    it is counted and read for new FAQs, never answered."""

    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, db_index=True)
    question = models.TextField("入力された質問（マスク済み）")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="解決したFAQ・手続き"
    )
    created_at = models.DateTimeField("日時", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "自己解決"
        verbose_name_plural = "自己解決"
        ordering = ["-created_at"]

    def __str__(self):
        return f"自己解決 {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
