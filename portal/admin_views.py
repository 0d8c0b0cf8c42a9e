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


def site_setting_edit_view():
    """Wagtail's site-setting editor, where a site the user may not change the setting of is a 404 (Wagtail answers
    403, which tells the other centre that the record is there); registered before Wagtail's own URL."""
    from django.urls import path
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.views import EditView, get_model_from_url_params
    from wagtail.permissions import policy_registry

    edit = EditView.as_view()

    def own_site_only(request, app_name, model_name, pk):
        model = get_model_from_url_params(app_name, model_name)
        if issubclass(model, BaseSiteSetting):
            sites = policy_registry.get_by_type(model).sites_user_has_permission_for(request.user, "change")
            if not sites.filter(pk=pk).exists():
                raise Http404
        return edit(request, app_name=app_name, model_name=model_name, pk=pk)

    return [path("settings/<slug:app_name>/<slug:model_name>/<int:pk>/", own_site_only, name="own_site_setting")]
