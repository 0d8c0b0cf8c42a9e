"""Questions the helpdesk sends to the owning section (業務所管課) when it cannot answer, with a due date counted
in the centre's business days (portal.business_days)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.models import Section

from .inquiry import Inquiry


class EscalationQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(replied_at__isnull=True)

    def overdue(self, today=None):
        """Unanswered after their due date."""
        return self.unanswered().filter(due_date__lt=today or timezone.localdate())

    def addressed_to(self, user):
        """The escalations `user` answers: to sections listing them as 承認者, of the portals where they hold the
        業務所管課 role (sections are shared by both portals, a reviewer works for one)."""
        from portal.portals import PORTALS
        from portal.roles import SECTION_REVIEWER, user_roles

        portals = [portal.key for portal in PORTALS if SECTION_REVIEWER in user_roles(user, portal.key)]
        if not portals:
            return self.none()
        if user.is_superuser:
            return self.filter(inquiry__portal__in=portals)
        return self.filter(inquiry__portal__in=portals, section__reviewers=user)


class Escalation(models.Model):
    """One question to a section about one inquiry, and the section's reply."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="escalations", verbose_name="問い合わせ")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="escalations", verbose_name="照会先の所管課")
    question = models.TextField("照会内容")
    due_date = models.DateField("回答期限")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="照会者"
    )
    asked_at = models.DateTimeField("照会日時", default=timezone.now)
    reply = models.TextField("所管課の回答", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="回答者"
    )
    replied_at = models.DateTimeField("回答日時", null=True, blank=True)
    reminded_at = models.DateTimeField("最後の督促日時", null=True, blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        verbose_name = "所管課への照会"
        verbose_name_plural = "所管課への照会"
        ordering = ["due_date", "asked_at", "pk"]

    def __str__(self):
        return f"{self.inquiry}（{self.section}）"

    def is_overdue(self, today=None):
        return self.replied_at is None and self.due_date < (today or timezone.localdate())
