from django.apps import AppConfig, apps
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_migrate, post_save
from wagtail.users.apps import WagtailUsersAppConfig


def migrations_pending(using):
    """Whether some migration is still unapplied (live models would not match the schema yet)."""
    executor = MigrationExecutor(connections[using])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def run_after_migrate(app_config, task):
    """Run `task()` after every migrate that leaves no migration unapplied (e.g. to bring data written before a
    feature existed into line), once `app_config`'s migrations are done."""

    def handler(using, **kwargs):
        if not migrations_pending(using):
            task()

    post_migrate.connect(handler, sender=app_config, weak=False, dispatch_uid=f"{task.__module__}.{task.__name__}")


def sync_portals_after_migrate(using, **kwargs):
    """Keep role groups, their permissions and both portal sites in step after every migrate, as `setup_portals`
    does. Connected to the last app's post_migrate, because a data migration runs before later apps have created
    their permissions. Nothing is done while a migration is still unapplied (live models would not match the
    schema); after a flush, which leaves no page tree to build the sites on, only the role groups are restored."""
    from wagtail.models import Page

    from .portals import PORTALS
    from .roles import sync_role_groups
    from .sites import ensure_portals

    if migrations_pending(using):
        return
    if Page.get_first_root_node() is None:
        sync_role_groups(apps, PORTALS)
    else:
        ensure_portals()


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "ポータル基盤"

    def ready(self):
        from .sites import SECTION_REVIEWED_LISTINGS, review_new_listing, set_up_translated_home
        from .spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()

        for label in SECTION_REVIEWED_LISTINGS:
            post_save.connect(review_new_listing, sender=apps.get_model(label), dispatch_uid=f"review_new_listing_{label}")
        post_save.connect(set_up_translated_home, sender=apps.get_model("pages.HomePage"), dispatch_uid="set_up_translated_home")
        last_app = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(sync_portals_after_migrate, sender=last_app, dispatch_uid="sync_portals_after_migrate")


class PortalUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the user admin scoped to the administrator's own portal (see portal.users);
    listed in INSTALLED_APPS in place of "wagtail.users", as Wagtail documents for a custom user viewset."""

    default = False
    user_viewset = "portal.users.PortalUserViewSet"
