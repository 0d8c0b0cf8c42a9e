"""Which portals a user belongs to and which portal a thing belongs to: the one answer that admin listings, bulk
actions, choosers, the audit log and the reader-facing views all ask, so that no path crosses between centres.

A thing belongs to one portal (its key), to BOTH (shared vocabularies, synonyms, users without groups), or to
nobody (None: only superusers see it, e.g. Wagtail's own configuration or a log entry whose object is unknown).
Models say where they belong by having a `portal` field (blank meaning both portals), a `portal_lookup` path to one
(e.g. "template__portal"), or `shared_between_portals = True`; pages, users, groups, collections, documents,
images and redirects are resolved here.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from .portals import PORTALS, PORTALS_BY_KEY
from .roles import ADMINISTRATOR, ROLES, group_name, reads_internal, user_groups, user_roles

BOTH = "*"
# The key of an audit log entry's data that records the portal of its object when it was logged (audit app), so
# that the entry stays scoped once the object is gone.
LOGGED_PORTAL = "portal"


def member_portals(user):
    """Keys of the portals `user` reads (any role; superusers read both)."""
    return [portal.key for portal in PORTALS if user_roles(user, portal.key)]


def centre_portals(user):
    """Keys of the portals whose centre `user` works for (any role beyond reader)."""
    return [portal.key for portal in PORTALS if reads_internal(user, portal.key)]


def administered_portals(user):
    """Keys of the portals `user` is 管理者 of."""
    return [portal.key for portal in PORTALS if ADMINISTRATOR in user_roles(user, portal.key)]


def request_portal(request):
    """The PortalSpec and HomePage serving this request's hostname, or (None, None); looked up once per request."""
    if not hasattr(request, "_portal"):
        from .sites import portal_for_request

        request._portal = portal_for_request(request)
    return request._portal


def is_member(request):
    """Whether the signed-in user belongs to the portal of the request's host (true where no portal is served)."""
    spec, _home = request_portal(request)
    return spec is None or bool(user_roles(request.user, spec.key))


def _portal_lookup(model):
    """The field path from `model` to a portal key, or None."""
    lookup = getattr(model, "portal_lookup", None)
    if lookup:
        return lookup
    try:
        model._meta.get_field("portal")
    except FieldDoesNotExist:
        return None
    return "portal"


def _follow(obj, lookup):
    for name in lookup.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def _home_portal(page):
    from pages.models import HomePage

    home = HomePage.objects.filter(path=page.path[: HomePage.steplen * 2]).only("portal_key").first()
    return home.portal_key if home else None


def _collection_portal(collection):
    if collection is None or collection.depth < 2:
        return None
    centre = collection if collection.depth == 2 else collection.get_ancestors().filter(depth=2).first()
    return next((portal.key for portal in PORTALS if portal.centre == centre.name), None)


def _group_portal(group_name_):
    for portal in PORTALS:
        if group_name_ in {group_name(role.key, portal) for role in ROLES}:
            return portal.key
    return None


def _user_portal(user):
    portals = {_group_portal(name) for name in user_groups(user).values()}
    if user.is_superuser or None in portals or len(portals) > 1:
        return None
    return portals.pop() if portals else BOTH


def portal_of(obj):
    """The portal key `obj` belongs to, BOTH, or None (superusers only)."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Collection, Page

    if isinstance(obj, Page):
        return _home_portal(obj)
    if isinstance(obj, get_user_model()):
        return _user_portal(obj)
    if isinstance(obj, Group):
        return _group_portal(obj.name)
    if isinstance(obj, Collection):
        return _collection_portal(obj)
    if isinstance(obj, (AbstractDocument, AbstractImage)):
        return _collection_portal(obj.collection)
    if isinstance(obj, Redirect):
        return _home_portal(obj.site.root_page) if obj.site_id else None
    if getattr(obj, "shared_between_portals", False):
        return BOTH
    lookup = _portal_lookup(type(obj))
    if lookup is None:
        return None
    key = _follow(obj, lookup)
    if key == "":
        return BOTH
    return key if key in PORTALS_BY_KEY else None


def pages_in(portal_keys):
    """Q for the pages of these portals' trees (homes included)."""
    from pages.models import HomePage

    q = Q(pk__in=[])
    for path in HomePage.objects.filter(portal_key__in=portal_keys).values_list("path", flat=True):
        q |= Q(path__startswith=path)
    return q


def collections_in(portal_keys, prefix=""):
    """Q for objects in these portals' collections (or for the collections themselves, with no prefix)."""
    from wagtail.models import Collection

    centres = [PORTALS_BY_KEY[key].centre for key in portal_keys]
    q = Q(pk__in=[])
    for path in Collection.objects.filter(depth=2, name__in=centres).values_list("path", flat=True):
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def in_portals(queryset, portal_keys):
    """`queryset` narrowed to what belongs to these portals (or to both), for models whose portal is known;
    other models' querysets are returned unchanged (their viewset and permissions decide)."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Collection, Page

    model = queryset.model
    if issubclass(model, Page):
        return queryset.filter(pages_in(portal_keys))
    if issubclass(model, Collection):
        return queryset.filter(collections_in(portal_keys))
    if issubclass(model, (AbstractDocument, AbstractImage)):
        return queryset.filter(collections_in(portal_keys, prefix="collection__"))
    if issubclass(model, Redirect):
        from pages.models import HomePage

        homes = HomePage.objects.filter(portal_key__in=portal_keys).values("pk")
        return queryset.filter(site__root_page__in=homes)
    if getattr(model, "shared_between_portals", False):
        return queryset
    lookup = _portal_lookup(model)
    if lookup is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": [*portal_keys, ""]})


def creator_portal(obj):
    """The portal of whoever created `obj` according to the audit log, or None: for settings saved before they
    belonged to a portal (e.g. an editors' pick to an outside address)."""
    from wagtail.log_actions import registry

    entry = registry.get_logs_for_instance(obj).filter(action="wagtail.create").order_by("timestamp").first()
    creator = get_user_model().objects.filter(pk=entry.user_id).first() if entry else None
    if creator is None:
        return None
    portal = _user_portal(creator)
    return portal if portal in PORTALS_BY_KEY else None
