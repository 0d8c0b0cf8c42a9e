"""Pieces shared by the admin views that keep each user to the objects of their own portal."""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from .scope import centre_portals, in_portals


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


def model_viewset(model):
    """The admin viewset that manages `model` (its snippet viewset, or a registered ModelViewSet), or None."""
    if hasattr(model, "snippet_viewset"):
        return model.snippet_viewset
    return next((vs for vs in viewsets.viewsets if isinstance(vs, ModelViewSet) and vs.model is model), None)


def admin_queryset(request, model):
    """What `request.user` may reach of `model` in the admin: its viewset's get_queryset(request) when it has one,
    narrowed to the user's centres for any model whose portal is known (portal.scope). Bulk actions and choosers
    ask this, so a model is scoped there as soon as its viewset is, or as soon as it has a portal."""
    viewset = model_viewset(model)
    queryset = viewset.get_queryset(request) if viewset is not None and hasattr(viewset, "get_queryset") else None
    if queryset is None:
        queryset = model._default_manager.all()
    if request.user.is_superuser:
        return queryset
    return in_portals(queryset, centre_portals(request.user))


class OwnCentreChooserMixin:
    """The chooser (e.g. a version's 様式 field) lists and returns only the records its snippet viewset shows."""

    def own_centre(self):
        return admin_queryset(self.request, self.model_class)

    def get_object_list(self):
        return self.own_centre()

    def get_object(self, pk):
        return self.own_centre().get(pk=pk)

    def get_objects(self, pks):
        return self.own_centre().filter(pk__in=pks)


class OwnCentreChooseView(OwnCentreChooserMixin, chooser.ChooseView):
    pass


class OwnCentreChooseResultsView(OwnCentreChooserMixin, chooser.ChooseResultsView):
    pass


class OwnCentreChosenView(OwnCentreChooserMixin, chooser.SnippetChosenView):
    pass


class OwnCentreChosenMultipleView(OwnCentreChooserMixin, chooser.SnippetChosenMultipleView):
    pass


class OwnCentreChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = OwnCentreChooseView
    choose_results_view_class = OwnCentreChooseResultsView
    chosen_view_class = OwnCentreChosenView
    chosen_multiple_view_class = OwnCentreChosenMultipleView


class OwnCentreViewSet(SnippetViewSet):
    """A snippet viewset whose every admin URL of another centre's record is a 404, like in the helpdesk log.

    Subclasses define get_queryset(request): what the user may manage. Wagtail passes it to the index view only;
    the object views (edit, history, usage, revisions, unpublish, lock, workflow, preview…) each load their object
    in setup() in their own way, so the one check is made here, around every view the viewset builds, before any
    of them looks the object up. Its chooser, and bulk actions (portal.bulk_actions), use the same queryset.
    """

    chooser_viewset_class = OwnCentreChooserViewSet

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        @wraps(view)
        def own_centre_only(request, *args, **view_kwargs):
            pk = view_kwargs.get("pk")
            if pk is not None and not admin_queryset(request, self.model).filter(pk=unquote(str(pk))).exists():
                raise Http404
            return view(request, *args, **view_kwargs)

        return own_centre_only


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
