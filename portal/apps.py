from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "ポータル基盤"


class PortalUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the user admin scoped to the administrator's own portal (see portal.users);
    listed in INSTALLED_APPS in place of "wagtail.users", as Wagtail documents for a custom user viewset."""

    default = False
    user_viewset = "portal.users.PortalUserViewSet"
