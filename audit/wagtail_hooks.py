from django.db import models
from wagtail import hooks
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from .models import PortalModelLogEntry, PortalPageLogEntry


# order=100: after Wagtail's own registration of ModelLogEntry and PageLogEntry, which these proxies replace both
# for writing (the portal is recorded) and for every log listing (サイト履歴, its filters and export).
@hooks.register("register_log_actions", order=100)
def scope_audit_log_to_centres(actions):
    actions.register_model(models.Model, PortalModelLogEntry)
    actions.register_model(Page, PortalPageLogEntry)
    actions.log_entry_models.difference_update({ModelLogEntry, PageLogEntry})

