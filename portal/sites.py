"""Create and keep in step the two portal sites: root pages, hostnames, collections, role permissions and the
view restrictions that keep each portal (pages and documents) to its own users and internal pages to centre staff."""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.models import GroupApprovalTask, Workflow

from .portals import PORTALS, PORTALS_BY_KEY
from .roles import ADMINISTRATOR, ROLES, SECTION_REVIEWER, group_name, permissions, sync_role_groups

# Listings whose pages carry an owning section (業務所管課) and so go through its approval before publishing.
SECTION_REVIEWED_LISTINGS = ["faq.FAQIndexPage", "pages.ProcedureIndexPage"]
# A sub-collection of each centre's collection for documents only centre roles may open (manual attachments,
# internal checklists): readers of the portal get a 403 even with the link.
INTERNAL_COLLECTION = "センター内部資料"


def portal_groups(portal_key, internal_only=False):
    """The groups of one portal: all of them, or only those that may read internal pages (work manuals)."""
    portal = PORTALS_BY_KEY[portal_key]
    names = [group_name(role.key, portal) for role in ROLES if role.reads_internal or not internal_only]
    return Group.objects.filter(name__in=names)


def _restrict(restriction_model, groups, **target):
    """Give `target` exactly one groups-only view restriction (of `restriction_model`), replacing any earlier one."""
    restriction = restriction_model.objects.filter(**target).first() or restriction_model(**target)
    restriction.restriction_type = restriction_model.GROUPS
    restriction.save()
    restriction.groups.set(groups)


def restrict_to_groups(page, groups):
    """Make `page` and its subtree visible only to `groups`, replacing any earlier restriction."""
    _restrict(PageViewRestriction, groups, page=page)


def restrict_collection_to_groups(collection, groups):
    """Serve the documents of `collection` and its sub-collections only to `groups`."""
    _restrict(CollectionViewRestriction, groups, collection=collection)


def _grant_site_and_collection(groups, portal_key, collection, site):
    """Give each role of a portal exactly its permissions on the portal's collection and site."""
    for role in ROLES:
        group = groups[(portal_key, role.key)]
        site_permissions = permissions(Permission, role.site_permissions)
        GroupSitePermission.objects.filter(group=group, site=site).exclude(permission__in=site_permissions).delete()
        for permission in site_permissions:
            GroupSitePermission.objects.get_or_create(group=group, site=site, permission=permission)
        collection_permissions = permissions(Permission, role.collection_permissions)
        GroupCollectionPermission.objects.filter(group=group, collection=collection).exclude(
            permission__in=collection_permissions
        ).delete()
        for permission in collection_permissions:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def _grant_pages(groups, portal_key, home):
    """Give each role of a portal exactly its permissions on the page tree under `home`."""
    for role in ROLES:
        group = groups[(portal_key, role.key)]
        page_permissions = permissions(Permission, [f"wagtailcore.{codename}" for codename in role.page_permissions])
        GroupPagePermission.objects.filter(group=group, page=home).exclude(permission__in=page_permissions).delete()
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)


def workflow_of(name, tasks):
    """The workflow `name` running `tasks` in this order (saved through WorkflowTask itself: the workflow's
    `workflow_tasks` manager is a modelcluster one, whose create() is only kept in memory)."""
    workflow, _ = Workflow.objects.get_or_create(name=name)
    for order, task in enumerate(tasks):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    return workflow


def publish_approval_task(portal):
    """公開承認: the portal's administrators approve and so publish."""
    task, _ = GroupApprovalTask.objects.get_or_create(name=f"公開承認（{portal.short_name}）")
    task.groups.set([Group.objects.get(name=group_name(ADMINISTRATOR, portal))])
    return task


def ensure_publish_workflow(portal, home):
    """The portal's general workflow 公開承認 for everything under `home` that has no workflow of its own."""
    workflow = workflow_of(f"公開承認（{portal.short_name}）", [publish_approval_task(portal)])
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def section_approval_workflow(portal):
    """The 所管課承認 workflow of a portal: the page's owning section approves (manuals' SectionApprovalTask, which
    falls back to the portal's 業務所管課 group), then the portal's administrators publish."""
    SectionApprovalTask = global_apps.get_model("manuals", "SectionApprovalTask")
    section_task, _ = SectionApprovalTask.objects.get_or_create(name=f"所管課承認（{portal.short_name}）")
    section_task.groups.set([Group.objects.get(name=group_name(SECTION_REVIEWER, portal))])
    return workflow_of(f"所管課承認（{portal.short_name}）", [section_task, publish_approval_task(portal)])


def ensure_section_review(page):
    """Put `page` and its subtree under its portal's 所管課承認 workflow. The workflow is added only when missing, so
    an administrator's deliberate choice of another workflow stands. Section reviewers get the lock permission here
    because Wagtail opens revision comparison only to users with some page permission."""
    from pages.models import home_of

    portal = PORTALS_BY_KEY[home_of(page).portal_key]
    if not WorkflowPage.objects.filter(page=page).exists():
        WorkflowPage.objects.create(page=page, workflow=section_approval_workflow(portal))
    GroupPagePermission.objects.get_or_create(
        group=Group.objects.get(name=group_name(SECTION_REVIEWER, portal)),
        page=page,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="lock_page"),
    )


def review_new_listing(sender, instance, created, raw=False, **kwargs):
    """post_save receiver for SECTION_REVIEWED_LISTINGS: a new listing goes under 所管課承認 however it was created
    (admin, FAQ import, demo loader); `ensure_portals` catches up listings that existed before."""
    if created and not raw:
        ensure_section_review(instance)


def _child_collection(parent, name):
    return parent.get_children().filter(name=name).first() or parent.add_child(name=name)


def _set_up_home(portal, home, groups):
    """What the page tree under one home of `portal` (Japanese or a translation) needs beyond its view restriction:
    its roles edit it as they do the Japanese tree, and it goes through the same approvals."""
    _grant_pages(groups, portal.key, home)
    ensure_publish_workflow(portal, home)
    for label in SECTION_REVIEWED_LISTINGS:
        for listing in global_apps.get_model(label).objects.child_of(home):
            ensure_section_review(listing)


def set_up_translated_home(sender, instance, created, raw=False, **kwargs):
    """post_save receiver for HomePage: a home created as a translation (wagtail-localize copies the Japanese home
    when an editor first translates a page of the portal, bringing its view restriction along) becomes a tree of
    the same portal at once, rather than one nobody may edit."""
    if created and not raw and instance.locale_id != Locale.get_default().pk:
        portal = PORTALS_BY_KEY[instance.portal_key]
        groups = {(portal.key, role.key): Group.objects.get(name=group_name(role.key, portal)) for role in ROLES}
        _set_up_home(portal, instance, groups)


@transaction.atomic
def ensure_portals():
    """Idempotently set up both portals; returns {portal key: HomePage} (the Japanese homes, the sites' roots)."""
    from pages.models import HomePage

    from .redirects import adopt_redirects_for_all_sites

    groups = sync_role_groups(global_apps, PORTALS)
    locale = Locale.get_default()
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=language_code)
    root = Page.get_first_root_node()
    Site.objects.filter(root_page__content_type__model="page", root_page__depth=2).delete()
    for placeholder in root.get_children().exact_type(Page):
        placeholder.delete()
    homes, sites = {}, {}
    collection_root = Collection.get_first_root_node()
    for portal in PORTALS:
        home = HomePage.objects.filter(portal_key=portal.key, locale=locale).first()
        if home is None:
            home = HomePage(title=portal.title, slug=portal.key, portal_key=portal.key, locale=locale)
            root.add_child(instance=home)
            home.save_revision().publish()
        site, _ = Site.objects.get_or_create(root_page=home, defaults={"hostname": settings.PORTAL_HOSTS[portal.key]})
        site.hostname = settings.PORTAL_HOSTS[portal.key]
        site.port = settings.PORTAL_PORT
        site.site_name = portal.title
        site.is_default_site = False
        site.save()
        collection = _child_collection(collection_root, portal.centre)
        restrict_collection_to_groups(collection, portal_groups(portal.key))
        restrict_collection_to_groups(
            _child_collection(collection, INTERNAL_COLLECTION), portal_groups(portal.key, internal_only=True)
        )
        _grant_site_and_collection(groups, portal.key, collection, site)
        for each_home in HomePage.objects.filter(portal_key=portal.key):
            restrict_to_groups(each_home, portal_groups(portal.key))
            _set_up_home(portal, each_home, groups)
        homes[portal.key], sites[portal.key] = home, site
    adopt_redirects_for_all_sites(sites)
    return homes


def portal_for_request(request):
    """The PortalSpec and HomePage serving this request's hostname, or (None, None)."""
    from pages.models import HomePage

    site = Site.find_for_request(request)
    if site is None:
        return None, None
    home = HomePage.objects.filter(pk=site.root_page_id).first()
    if home is None:
        return None, None
    return PORTALS_BY_KEY[home.portal_key], home


def portal_url(portal_key, path):
    """An absolute link on the portal's own host (so the reader lands in the right centre)."""
    site = Site.objects.filter(root_page__homepage__portal_key=portal_key).first()  # only Japanese homes are roots
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return f"{root}{path}"
