"""The audit log scoped to centres, and the log of who opened which inquiry or work manual.

Wagtail's log entries are viewable by anyone with a permission on the object's type, so 教育's staff saw 総務's
inquiries and users in サイト履歴 (and its export and filters), also after the objects were deleted. The proxies
below are registered as the log models of every model and of pages (audit/wagtail_hooks.py): each entry records the
portal of its object when it is written (data["portal"], portal.scope.portal_of), and `viewable_by_user`, which
every log listing, filter and export of Wagtail asks, keeps a viewer to the entries of their own centres and of
things shared by both. Entries whose portal is unknown are for superusers only.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, Subquery
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry
from wagtail.models.audit_log import ModelLogEntryManager
from wagtail.models.pages import PageLogEntryManager
from wagtail.permissions import policy_registry
from wagtail.users.utils import get_deleted_user_display_name

from portal.models import PORTAL_CHOICES
from portal.scope import BOTH, LOGGED_PORTAL, centre_portals, portal_of


def within_centres(user):
    """Q for the log entries a non-superuser may see: of the centres they work for, or of both portals."""
    return Q(**{f"data__{LOGGED_PORTAL}__in": [*centre_portals(user), BOTH]})


class PortalScopedLogEntryManagerMixin:
    def log_action(self, instance, action, **kwargs):
        data = dict(kwargs.pop("data", None) or {})
        data.setdefault(LOGGED_PORTAL, portal_of(instance))
        return super().log_action(instance, action, data=data, **kwargs)

    def viewable_by_user(self, user):
        entries = self.viewable_in_any_portal(user)
        return entries if user.is_superuser else entries.filter(within_centres(user))

    def viewable_in_any_portal(self, user):
        return super().viewable_by_user(user)


class PortalModelLogEntryManager(PortalScopedLogEntryManagerMixin, ModelLogEntryManager):
    pass


class PortalPageLogEntryManager(PortalScopedLogEntryManagerMixin, PageLogEntryManager):
    def viewable_in_any_portal(self, user):
        """The pages the user may explore, and deleted pages (whose portal the entries recorded): Wagtail shows
        deleted pages' entries only to editors of the whole tree."""
        if user.is_superuser:
            return self.all()
        explorable = policy_registry.get_by_type(Page).explorable_instances(user).values("pk")
        deleted = PageLogEntry.objects.filter(deleted=True).values("page_id")
        return self.filter(Q(page__in=explorable) | Q(page_id__in=Subquery(deleted)))


class PortalModelLogEntry(ModelLogEntry):
    objects = PortalModelLogEntryManager()

    class Meta:
        proxy = True
        verbose_name = "操作ログ"
        verbose_name_plural = "操作ログ"


class PortalPageLogEntry(PageLogEntry):
    objects = PortalPageLogEntryManager()

    class Meta:
        proxy = True
        verbose_name = "ページの操作ログ"
        verbose_name_plural = "ページの操作ログ"


class ReadLog(models.Model):
    """One opening of an inquiry or a work manual by centre staff: who, when, what. Kept apart from the audit log
    so that each manual's page history stays a history of its changes."""

    timestamp = models.DateTimeField("日時", default=timezone.now, db_index=True)
    # Kept when the user is deleted, as Wagtail keeps the user of a log entry.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="閲覧者",
    )
    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES, blank=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", verbose_name="種類")
    object_id = models.CharField("ID", max_length=255)
    # A page's title or the object's type and id: never the text of an inquiry, which may hold personal data.
    label = models.CharField("対象", max_length=255)

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = "閲覧記録"
        verbose_name_plural = "閲覧記録"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.label}（{self.user_display_name}）"

    @property
    def user_display_name(self):
        try:
            user = self.user
        except ObjectDoesNotExist:
            return get_deleted_user_display_name(self.user_id)
        return (user.get_full_name().strip() or user.get_username()) if user else ""

    @property
    def object_type(self):
        return self.content_type.name
