"""User management in the admin, kept within the administrator's own portal.

Wagtail lets anyone with `auth.change_user` manage every user and hand out every group (even 「管理者」 of the
other portal, or superuser status). Here a portal's 管理者 sees, edits and creates only users of their own portal
(users with no groups or only that portal's groups) and assigns only that portal's groups; superusers keep
Wagtail's behaviour. Other users' admin pages answer 404.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.admin.views import generic
from wagtail.admin.views.generic.usage import UsageView
from wagtail.users.views import users
from wagtail.users.views.bulk_actions import AssignRoleBulkAction

from .admin_views import ScopedObjectMixin
from .portals import PORTALS
from .roles import ADMINISTRATOR, user_roles
from .sites import portal_groups


def assignable_groups(user):
    """The groups `user` may give to others: every group of each portal they administer."""
    if user.is_superuser:
        return Group.objects.all()
    groups = Group.objects.none()
    for portal in PORTALS:
        if ADMINISTRATOR in user_roles(user, portal.key):
            groups = groups | portal_groups(portal.key)
    return groups


def manageable_users(user):
    """The users `user` may see and change in the admin: never superusers, nobody holding a group of another portal."""
    everyone = get_user_model()._default_manager.all()
    if user.is_superuser:
        return everyone
    foreign_groups = Group.objects.exclude(pk__in=assignable_groups(user).values("pk"))
    return everyone.filter(is_superuser=False).exclude(groups__in=foreign_groups)


class OwnPortalUserMixin(ScopedObjectMixin):
    """Opening another portal's user (or a superuser) by URL is a 404."""

    scope = staticmethod(manageable_users)


class OwnPortalGroupsFormMixin:
    """Only the administrator's own portal groups are offered, and superuser status only by a superuser."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["groups"].queryset = assignable_groups(self.request.user)
        if not self.request.user.is_superuser and "is_superuser" in form.fields:
            form.fields["is_superuser"].disabled = True
        return form


class IndexView(users.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=manageable_users(self.request.user).values("pk"))


class CreateView(OwnPortalGroupsFormMixin, users.CreateView):
    pass


class EditView(OwnPortalUserMixin, OwnPortalGroupsFormMixin, users.EditView):
    pass


class DeleteView(OwnPortalUserMixin, users.DeleteView):
    pass


class HistoryView(OwnPortalUserMixin, users.HistoryView):
    pass


class PortalUsageView(OwnPortalUserMixin, UsageView):
    pass


class CopyView(OwnPortalUserMixin, OwnPortalGroupsFormMixin, generic.CopyView):
    pass


class PortalUserViewSet(users.UserViewSet):
    """Wagtail's user admin with every view scoped as above; installed through `PortalUsersConfig`."""

    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = PortalUsageView
    copy_view_class = CopyView

    def get_queryset(self, request):
        """What bulk actions may reach (portal.admin_views.admin_queryset)."""
        return manageable_users(request.user)


class PortalAssignRoleBulkAction(AssignRoleBulkAction):
    """Only the administrator's own portal groups can be assigned (the users acted on are scoped by
    portal.bulk_actions, like every bulk action)."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = assignable_groups(self.request.user)
        return form
