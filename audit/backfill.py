"""Entries of Wagtail's audit log written before the audit app recorded portals get the portal of their object, or
None (superusers only) when the object is gone. Runs after every migrate; entries already done are skipped."""

from wagtail.models import ModelLogEntry, PageLogEntry

from portal.scope import LOGGED_PORTAL, portal_of

BATCH = 500


def record_missing_portals():
    for log_model in (ModelLogEntry, PageLogEntry):
        missing = log_model.objects.exclude(data__has_key=LOGGED_PORTAL).order_by("pk")
        while batch := list(missing[:BATCH].with_instances()):
            entries = []
            for entry, instance in batch:
                entry.data = {**(entry.data or {}), LOGGED_PORTAL: portal_of(instance) if instance else None}
                entries.append(entry)
            log_model.objects.bulk_update(entries, ["data"])
