from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def ensure_submit_translation_permission(using, **kwargs):
    """wagtail-localize's 「翻訳を依頼」 permission, which its data migration creates once: a flush (the tests'
    transactional tests end with one) removes it, and the role groups (portal.roles) need it. Runs after
    wagtail-localize's own post_migrate, before the portal's, which is connected to the last app."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    content_type, _ = ContentType.objects.using(using).get_or_create(app_label="wagtail_localize", model="translation")
    Permission.objects.using(using).get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = "翻訳"

    def ready(self):
        post_migrate.connect(
            ensure_submit_translation_permission,
            sender=apps.get_app_config("wagtail_localize"),
            dispatch_uid="submit_translation_permission",
        )
