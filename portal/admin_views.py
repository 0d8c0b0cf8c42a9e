"""Pieces shared by the admin views that keep each user to the objects of their own portal."""

from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm


class ScopedObjectMixin:
    """Opening an object outside `scope(user)` (a queryset of what the user may manage) by URL is a 404, in any
    view of one object."""

    scope = None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.scope(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class OwnPortalChoicesForm(WagtailAdminModelForm):
    """An admin form whose `portal` field offers only the keys `own_portals(user)` returns."""

    own_portals = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            portals = self.own_portals(self.for_user)
            self.fields["portal"].choices = [c for c in self.fields["portal"].choices if c[0] in portals]
