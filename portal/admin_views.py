"""Pieces shared by the admin views that keep each user to the objects of their own portal."""

from django.http import Http404


class ScopedObjectMixin:
    """Opening an object outside `scope(user)` (a queryset of what the user may manage) by URL is a 404, in any
    view of one object."""

    scope = None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.scope(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj
