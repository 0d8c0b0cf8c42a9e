from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "監査ログ"

    def ready(self):
        from portal.apps import run_after_migrate

        from .backfill import record_missing_portals

        # Entries written before this app recorded portals get the portal of their object.
        run_after_migrate(self, record_missing_portals)
