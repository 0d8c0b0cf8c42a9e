"""Admin → ヘルプデスク: each centre's 定型文 (its helpdesk and 管理者) and its settings (its 管理者 only), scoped like
the 様式 (another centre's record is a 404 at every URL)."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from forms.admin_views import OwnCentreViewSet
from portal.portals import PORTALS
from portal.roles import ADMINISTRATOR, user_roles

from .access import handling_portals
from .models import AnswerTemplate, HelpdeskPolicy


def administered_portals(user):
    return [portal.key for portal in PORTALS if ADMINISTRATOR in user_roles(user, portal.key)]


def own_portal_form(portals_of):
    """A model form whose `portal` offers only the portals `portals_of(user)` returns."""

    class OwnPortalForm(WagtailAdminModelForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.for_user is not None:
                portals = portals_of(self.for_user)
                self.fields["portal"].choices = [c for c in self.fields["portal"].choices if c[0] in portals]

    return OwnPortalForm


class AnswerTemplateViewSet(OwnCentreViewSet):
    model = AnswerTemplate
    icon = "doc-full"
    menu_label = "定型文"
    edit_handler = ObjectList(AnswerTemplate.panels, base_form_class=own_portal_form(handling_portals))
    list_display = ["title", Column("portal", label="ポータル", accessor="get_portal_display"), "category", "sort_order"]
    list_filter = ["portal", "category"]

    def get_queryset(self, request):
        return AnswerTemplate.objects.filter(portal__in=handling_portals(request.user))


class HelpdeskPolicyViewSet(OwnCentreViewSet):
    model = HelpdeskPolicy
    icon = "cog"
    menu_label = "ヘルプデスクの設定"
    edit_handler = ObjectList(HelpdeskPolicy.panels, base_form_class=own_portal_form(administered_portals))
    list_display = ["__str__", "retention_years", "escalation_business_days"]

    def get_queryset(self, request):
        return HelpdeskPolicy.objects.filter(portal__in=administered_portals(request.user))


class HelpdeskViewSetGroup(SnippetViewSetGroup):
    items = (AnswerTemplateViewSet, HelpdeskPolicyViewSet)
    menu_icon = "help"
    menu_label = "ヘルプデスク"
    menu_order = 255
