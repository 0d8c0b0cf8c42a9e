"""Admin for 様式: each centre sees and edits only its own portal's templates; a saved version's file never changes."""

from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from portal.portals import PORTALS
from portal.roles import reads_internal

from .models import FormTemplate, FormVersion


def centre_portals(user):
    """Keys of the portals whose centre `user` works for (any role beyond reader)."""
    return [portal.key for portal in PORTALS if reads_internal(user, portal.key)]


class FormTemplateForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            portals = centre_portals(self.for_user)
            self.fields["portal"].choices = [c for c in self.fields["portal"].choices if c[0] in portals]


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


class OwnCentreMixin:
    """Opening another centre's record by URL is a 404, like in the helpdesk log."""

    portal_lookup = "portal__in"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.model.objects.filter(pk=obj.pk, **{self.portal_lookup: centre_portals(self.request.user)}).exists():
            raise Http404
        return obj


class FormTemplateEditView(OwnCentreMixin, EditView):
    pass


class FormTemplateDeleteView(OwnCentreMixin, DeleteView):
    pass


class FormVersionEditView(OwnCentreMixin, EditView):
    portal_lookup = "template__portal__in"


class FormVersionDeleteView(OwnCentreMixin, DeleteView):
    portal_lookup = "template__portal__in"


class FormTemplateViewSet(SnippetViewSet):
    model = FormTemplate
    icon = "doc-full"
    menu_label = "様式"
    edit_handler = ObjectList(FormTemplate.panels, base_form_class=FormTemplateForm)
    edit_view_class = FormTemplateEditView
    delete_view_class = FormTemplateDeleteView
    list_display = ["number", "title", Column("portal", label="ポータル", accessor="get_portal_display"), "section"]
    list_filter = ["portal", "category", "section"]

    def get_queryset(self, request):
        return FormTemplate.objects.in_portal_list(centre_portals(request.user))


class FormVersionViewSet(SnippetViewSet):
    model = FormVersion
    icon = "history"
    menu_label = "様式の版"
    edit_handler = ObjectList(FormVersion.panels, base_form_class=FormVersionForm)
    edit_view_class = FormVersionEditView
    delete_view_class = FormVersionDeleteView
    list_display = ["template", "label", DateColumn("effective_date", label="施行日"), Column("file_kind", label="形式")]
    list_filter = ["template__portal"]

    def get_queryset(self, request):
        return FormVersion.objects.filter(template__portal__in=centre_portals(request.user)).select_related("template")


class FormsViewSetGroup(SnippetViewSetGroup):
    items = (FormTemplateViewSet, FormVersionViewSet)
    menu_icon = "doc-full"
    menu_label = "様式"
    menu_order = 240
