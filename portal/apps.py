from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "ポータル基盤"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_save

        from .sites import SECTION_REVIEWED_LISTINGS, review_new_listing

        for label in SECTION_REVIEWED_LISTINGS:
            post_save.connect(review_new_listing, sender=apps.get_model(label), dispatch_uid=f"review_new_listing_{label}")


class PortalUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the user admin scoped to the administrator's own portal (see portal.users);
    listed in INSTALLED_APPS in place of "wagtail.users", as Wagtail documents for a custom user viewset."""

    default = False
    user_viewset = "portal.users.PortalUserViewSet"
