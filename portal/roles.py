"""The roles of both portals as Django groups, and the Wagtail permissions each role holds.

Readers are one group per portal (職員 for the intranet, 教職員 for the education intranet). Centre roles
exist once per centre, so that a centre's staff edit only their own portal's page tree and collection.
Model-level permissions are synced here; page-tree and collection permissions are attached to each portal's
root by `portal.sites.ensure_portals`, because they point at rows that exist only once a portal exists.
"""

from dataclasses import dataclass

READER = "reader"
CENTRE_STAFF = "centre_staff"
HELPDESK = "helpdesk"
SECTION_REVIEWER = "section_reviewer"
ADMINISTRATOR = "administrator"

ADMIN_ACCESS = ["wagtailadmin.access_admin"]
# The quality register (処理案件, 事故・苦情・トラブル, 業務改善提案): kept by the centre's roles, read by 業務所管課.
QUALITY_REGISTER_MODELS = ["workitem", "incident", "improvementproposal"]


def quality_register(*actions):
    return [f"quality.{action}_{model}" for model in QUALITY_REGISTER_MODELS for action in actions]


EDITOR_MODEL_PERMISSIONS = ADMIN_ACCESS + [
    "forms.add_formtemplate",
    "forms.change_formtemplate",
    "forms.view_formtemplate",
    "forms.add_formversion",
    "forms.change_formversion",
    "forms.view_formversion",
    "helpdesk.view_inquiry",
    "faq.view_faqfeedback",
    "pages.view_linkcheckresult",
    # Translate pages into English and sync translations (wagtail-localize; scoped by translations.admin_views).
    "wagtail_localize.submit_translation",
    *quality_register("add", "change", "view"),
]
HELPDESK_MODEL_PERMISSIONS = ADMIN_ACCESS + [
    "helpdesk.add_inquiry",
    "helpdesk.change_inquiry",
    "helpdesk.view_inquiry",
    "helpdesk.add_answertemplate",
    "helpdesk.change_answertemplate",
    "helpdesk.view_answertemplate",
    "forms.view_formtemplate",
    "forms.view_formversion",
    *quality_register("add", "change", "view"),
]
ADMINISTRATOR_MODEL_PERMISSIONS = sorted(
    set(EDITOR_MODEL_PERMISSIONS + HELPDESK_MODEL_PERMISSIONS)
    | {
        "forms.publish_formtemplate",
        "forms.delete_formversion",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
        "portal.add_audience",
        "portal.change_audience",
        "portal.add_section",
        "portal.change_section",
        "portal.add_category",
        "portal.change_category",
        "portal.add_lifeevent",
        "portal.change_lifeevent",
        "portal.add_closureday",
        "portal.change_closureday",
        "portal.delete_closureday",
        "search.add_editorspick",
        "search.change_editorspick",
        "search.delete_editorspick",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "search.add_synonym",
        "search.change_synonym",
        "search.delete_synonym",
        "search.view_querylog",
        "search.add_hiddenpopularquery",
        "search.change_hiddenpopularquery",
        "search.delete_hiddenpopularquery",
        "apitokens.add_apitoken",
        "apitokens.change_apitoken",
        "apitokens.view_apitoken",
        "helpdesk.delete_inquiry",
        "audit.view_readlog",
        "helpdesk.delete_answertemplate",
        "helpdesk.add_helpdeskpolicy",
        "helpdesk.change_helpdeskpolicy",
        "helpdesk.view_helpdeskpolicy",
        "directory.add_directorygroupmapping",
        "directory.change_directorygroupmapping",
        "directory.delete_directorygroupmapping",
        "directory.view_directorygroupmapping",
        *quality_register("delete"),
    }
)


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    model_permissions: tuple[str, ...]
    page_permissions: tuple[str, ...]
    collection_permissions: tuple[str, ...]
    reads_internal: bool
    # Permissions on the role's own portal site only (Wagtail site settings such as the KPI targets).
    site_permissions: tuple[str, ...] = ()


ROLES = [
    Role(READER, "閲覧者", (), (), (), False),
    Role(
        CENTRE_STAFF,
        "センター職員",
        tuple(EDITOR_MODEL_PERMISSIONS),
        ("add_page", "change_page", "lock_page"),
        (
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
        ),
        True,
    ),
    Role(HELPDESK, "ヘルプデスク", tuple(HELPDESK_MODEL_PERMISSIONS), (), ("wagtaildocs.choose_document",), True),
    Role(SECTION_REVIEWER, "業務所管課", tuple(ADMIN_ACCESS + quality_register("view")), (), ("wagtaildocs.choose_document",), True),
    Role(
        ADMINISTRATOR,
        "管理者",
        tuple(ADMINISTRATOR_MODEL_PERMISSIONS),
        ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"),
        (
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.delete_document",
            "wagtaildocs.choose_document",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.delete_image",
            "wagtailimages.choose_image",
            "wagtailcore.add_collection",
            "wagtailcore.change_collection",
        ),
        True,
        site_permissions=("quality.change_kpitargets",),
    ),
]
ROLES_BY_KEY = {role.key: role for role in ROLES}


def group_name(role_key, portal):
    """The group of a role in a portal: the readers' own name, or e.g. 「センター職員（総務）」."""
    if role_key == READER:
        return portal.reader_group
    return f"{ROLES_BY_KEY[role_key].label}（{portal.short_name}）"


def permissions(Permission, dotted_names):
    """The Permission rows for "app_label.codename" names (a misspelt name fails loudly rather than being lost)."""
    found = []
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        try:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        except Permission.DoesNotExist:
            raise LookupError(f"権限 {dotted} が見つかりません（portal.roles の権限名を確認してください）。") from None
    return found


def sync_role_groups(apps, portals):
    """Create every role group and give it exactly its model permissions; run after every migrate and by setup."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for portal in portals:
        for role in ROLES:
            group, _ = Group.objects.get_or_create(name=group_name(role.key, portal))
            group.permissions.set(permissions(Permission, role.model_permissions))
            groups[(portal.key, role.key)] = group
    return groups


def user_groups(user):
    """{pk: name} of the user's groups, looked up once per user object (one request), as Django caches permissions."""
    if not hasattr(user, "_portal_groups"):
        user._portal_groups = dict(user.groups.values_list("pk", "name"))
    return user._portal_groups


def user_roles(user, portal_key):
    """The role keys `user` holds in one portal (superusers hold every role everywhere)."""
    from .portals import PORTALS_BY_KEY

    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return {role.key for role in ROLES}
    portal = PORTALS_BY_KEY[portal_key]
    names = set(user_groups(user).values())
    return {role.key for role in ROLES if group_name(role.key, portal) in names}


def reads_internal(user, portal_key):
    """Whether `user` may read a portal's internal content (work manuals, past inquiries)."""
    return any(ROLES_BY_KEY[key].reads_internal for key in user_roles(user, portal_key))
