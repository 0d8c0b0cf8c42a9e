"""Admin for 様式: each centre sees and edits only its own portal's templates; a saved version's file never changes."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal.admin_views import OwnCentreViewSet, OwnPortalChoicesForm
from portal.scope import centre_portals

from .models import FormTemplate, FormVersion


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
