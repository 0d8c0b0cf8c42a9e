from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import QualityRegisterViewSetGroup, RegisterDeleteBulkAction

register_snippet(QualityRegisterViewSetGroup)
# order=1: after Wagtail's snippet bulk delete, which this scoped one replaces for the register's models.
hooks.register("register_bulk_action", RegisterDeleteBulkAction, order=1)
