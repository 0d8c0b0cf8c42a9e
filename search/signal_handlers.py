"""Vectors follow content: saving an item re-embeds its passages (when their text changed), deleting it drops them.

Connected before Wagtail's own index handlers (this app comes first in INSTALLED_APPS), so the Elasticsearch document
written on the same save already carries the new vectors.
"""

from contextlib import contextmanager

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from . import vectors

# Rows whose saving changes the passages of the item they belong to: a 様式's new version brings its change notes.
PARTS = {"forms.FormVersion": "template"}


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        vectors.refresh(instance)


def _deleted(sender, instance, **kwargs):
    vectors.forget(instance)


def _part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        vectors.refresh(getattr(instance, PARTS[sender._meta.label]))


def register():
    for label in PARTS:
        post_save.connect(_part_saved, sender=apps.get_model(label), dispatch_uid=f"search-vectors-part-{label}")
    for model in vectors.indexed_models():
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-vectors-save-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-vectors-delete-{model._meta.label}")


@contextmanager
def paused(model):
    """No re-embedding on each save of `model` while the block runs (bulk loads embed once at the end, see
    faq.jsonl.indexing_deferred)."""
    uid = f"search-vectors-save-{model._meta.label}"
    post_save.disconnect(sender=model, dispatch_uid=uid)
    try:
        yield
    finally:
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
