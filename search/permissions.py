"""Step 4 of a search, permit: the database has the last word on what a user may open in a portal (its types,
live content under the portal's home or of its portal, view restrictions, internal-only types)."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth import get_permission_codename
from wagtail.models import PageViewRestriction

from portal.roles import reads_internal, user_groups

from .result_types import RESULT_TYPES


@dataclass
class Hit:
    result_type: object
    pk: int
    score: float
    category: str = ""
    audiences: list = field(default_factory=list)
    # What each leg made of it (normalised), for the best-answer decision and the benches.
    keyword: float = 0.0
    semantic: float = 0.0
    relevant: bool = True


def visible_types(user, portal_key):
    """Result types this user may see in this portal and open: internal ones only for centre roles, and those
    that link into the admin (past inquiries) only with the model's view permission the link requires."""
    internal = reads_internal(user, portal_key)
    return [
        t for t in RESULT_TYPES if t.model is not None and (internal or not t.internal) and _may_open(user, t)
    ]


def _may_open(user, result_type):
    if result_type.is_page or not result_type.internal:
        return True
    options = result_type.model._meta
    return user.has_perm(f"{options.app_label}.{get_permission_codename('view', options)}")


def blocked_paths(user, home):
    """Paths of page subtrees below `home` whose view restriction this user does not pass."""
    if user.is_superuser:
        return []
    group_ids = set(user_groups(user))
    passes = {}
    restrictions = PageViewRestriction.objects.filter(page__path__startswith=home.path)
    for pk, path, kind, group_id in restrictions.values_list("pk", "page__path", "restriction_type", "groups"):
        if kind == PageViewRestriction.GROUPS:
            passes[pk] = (path, passes.get(pk, (path, False))[1] or group_id in group_ids)
        else:
            open_to_user = kind == PageViewRestriction.LOGIN and user.is_authenticated
            passes[pk] = (path, kind == PageViewRestriction.NONE or open_to_user)
    return [path for path, passed in passes.values() if not passed]


def base_queryset(result_type, portal_key, home):
    """Everything of one type that this portal shows: live pages under its home, or its live/answered rows."""
    model = result_type.model
    if result_type.is_page:
        return model.objects.live().descendant_of(home)
    queryset = model.objects.filter(portal=portal_key)
    if hasattr(model, "live"):
        queryset = queryset.filter(live=True)
    if hasattr(model, "SEARCHABLE_STATUSES"):
        queryset = queryset.filter(status__in=model.SEARCHABLE_STATUSES)
    return queryset


def permitted(hits, portal_key, home, user):
    """The hits (best first) this user may open in this portal, with their category names; one query per type."""
    blocked = tuple(blocked_paths(user, home)) or ("\0",)
    by_type = {}
    for hit in hits:
        by_type.setdefault(hit.result_type, {})[hit.pk] = hit
    kept = set()
    for result_type, by_pk in by_type.items():
        columns = ["pk"] + (["path"] if result_type.is_page else [])
        if "category" in field_names(result_type.model):
            columns.append("category__name")
        queryset = base_queryset(result_type, portal_key, home).filter(pk__in=list(by_pk))
        for row in queryset.values_list(*columns, named=True):
            if not (result_type.is_page and row.path.startswith(blocked)):
                hit = by_pk[row.pk]
                hit.category = getattr(row, "category__name", None) or ""
                kept.add(id(hit))
    return [hit for hit in hits if id(hit) in kept]


@lru_cache(maxsize=None)
def field_names(model):
    return {f.name for f in model._meta.get_fields()}


def add_audiences(hits):
    """Fill in each hit's audience names (for facets and filters) with one query per type that has audiences."""
    by_type = {}
    for hit in hits:
        by_type.setdefault(hit.result_type, {})[hit.pk] = hit
    for result_type, by_pk in by_type.items():
        if "audiences" in field_names(result_type.model):
            rows = result_type.model.objects.filter(pk__in=list(by_pk), audiences__isnull=False)
            for pk, name in rows.values_list("pk", "audiences__name"):
                by_pk[pk].audiences.append(name)
