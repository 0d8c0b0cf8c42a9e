"""Admin for 様式: each centre sees and edits only its own portal's templates; a saved version's file never changes."""

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.admin_views import OwnPortalChoicesForm
from portal.portals import PORTALS
from portal.roles import reads_internal

from .models import FormTemplate, FormVersion


def centre_portals(user):
    """Keys of the portals whose centre `user` works for (any role beyond reader)."""
    return [portal.key for portal in PORTALS if reads_internal(user, portal.key)]


class FormTemplateForm(OwnPortalChoicesForm):
    own_portals = staticmethod(centre_portals)


class SavedFileWidget(forms.Widget):
    """A saved version's file, linked through the portal-checked download view: its storage URL is never shown."""

    template_name = "forms/widgets/saved_file.html"

    def __init__(self, version, attrs=None):
        super().__init__(attrs)
        self.version = version

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(download_url=self.version.get_absolute_url(), label=self.version.download_name)
        return context


class FormVersionForm(WagtailAdminModelForm):
    """New versions choose among the user's own templates; an existing version shows its file, label and date locked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["template"].queryset = FormTemplate.objects.in_portal_list(centre_portals(self.for_user))
        if self.instance.pk:
            for name in FormVersion.IMMUTABLE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "登録済みの版は変更できません。改正するときは新しい版を追加してください。"
            self.fields["file"].widget = SavedFileWidget(self.instance)


class OwnCentreChooserMixin:
    """The chooser (e.g. a version's 様式 field) lists and returns only the records its snippet viewset shows."""

    def own_centre(self):
        return self.model_class.snippet_viewset.get_queryset(self.request)

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
    """Every admin URL of another centre's record is a 404, like in the helpdesk log.

    Wagtail passes the viewset's get_queryset() to the index view only; the object views (edit, history, usage,
    revisions, unpublish, lock, workflow, preview…) each load their object in setup() in their own way, so the one
    check is made here, around every view the viewset builds, before any of them looks the object up.
    """

    chooser_viewset_class = OwnCentreChooserViewSet

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        @wraps(view)
        def own_centre_only(request, *args, **view_kwargs):
            pk = view_kwargs.get("pk")
            if pk is not None and not self.get_queryset(request).filter(pk=unquote(str(pk))).exists():
                raise Http404
            return view(request, *args, **view_kwargs)

        return own_centre_only


class FormTemplateViewSet(OwnCentreViewSet):
    model = FormTemplate
    icon = "doc-full"
    menu_label = "様式"
    edit_handler = ObjectList(FormTemplate.panels, base_form_class=FormTemplateForm)
    list_display = ["number", "title", Column("portal", label="ポータル", accessor="get_portal_display"), "section"]
    list_filter = ["portal", "category", "section"]

    def get_queryset(self, request):
        return FormTemplate.objects.in_portal_list(centre_portals(request.user))


class FormVersionViewSet(OwnCentreViewSet):
    model = FormVersion
    icon = "history"
    menu_label = "様式の版"
    edit_handler = ObjectList(FormVersion.panels, base_form_class=FormVersionForm)
    list_display = ["template", "label", DateColumn("effective_date", label="施行日"), Column("file_kind", label="形式")]
    list_filter = ["template__portal"]

    def get_queryset(self, request):
        return FormVersion.objects.filter(template__portal__in=centre_portals(request.user)).select_related("template")


class FormsViewSetGroup(SnippetViewSetGroup):
    items = (FormTemplateViewSet, FormVersionViewSet)
    menu_icon = "doc-full"
    menu_label = "様式"
    menu_order = 240
