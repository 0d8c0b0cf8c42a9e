"""Admin → 設定 → ディレクトリグループの対応: each portal's 管理者 sees and edits only their own portal's mappings
(another portal's is a 404 at every URL); superusers all."""

from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet

from portal.admin_views import OwnCentreViewSet, OwnPortalChoicesForm
from portal.scope import administered_portals

from .models import DirectoryGroupMapping


class DirectoryGroupMappingForm(OwnPortalChoicesForm):
    own_portals = staticmethod(administered_portals)


class DirectoryGroupMappingViewSet(OwnCentreViewSet):
    model = DirectoryGroupMapping
    icon = "group"
    add_to_settings_menu = True
    menu_label = "ディレクトリグループの対応"
    edit_handler = ObjectList(DirectoryGroupMapping.panels, base_form_class=DirectoryGroupMappingForm)
    list_display = [
        "directory_group",
        Column("portal", label="ポータル", accessor="get_portal_display"),
        Column("role", label="役割", accessor="get_role_display"),
    ]
    list_filter = ["portal", "role"]
    search_fields = ["directory_group"]

    def get_queryset(self, request):
        return DirectoryGroupMapping.objects.filter(portal__in=administered_portals(request.user))


register_snippet(DirectoryGroupMappingViewSet)
