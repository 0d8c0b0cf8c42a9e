"""The audit log scoped to centres.

Wagtail's log entries are viewable by anyone with a permission on the object's type, so 教育's staff saw 総務's
inquiries and users in サイト履歴 (and its export and filters), also after the objects were deleted. The proxies
below are registered as the log models of every model and of pages (audit/wagtail_hooks.py): each entry records the
portal of its object when it is written (data["portal"], portal.scope.portal_of), and `viewable_by_user`, which
every log listing, filter and export of Wagtail asks, keeps a viewer to the entries of their own centres and of
things shared by both. Entries whose portal is unknown are for superusers only.
"""

from django.db.models import Q, Subquery
from wagtail.models import ModelLogEntry, Page, PageLogEntry
from wagtail.models.audit_log import ModelLogEntryManager
from wagtail.models.pages import PageLogEntryManager
from wagtail.permissions import policy_registry

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

