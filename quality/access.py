"""Who sees and who keeps a centre's quality register.

The centre's own roles (センター職員, ヘルプデスク, 管理者) keep it; the city-side 業務所管課 of that portal reads it.
Everyone else, including the other centre's staff, never sees it: its admin URLs answer 404.
"""

from portal.portals import PORTALS
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, SECTION_REVIEWER, user_roles

KEEPING_ROLES = {CENTRE_STAFF, HELPDESK, ADMINISTRATOR}
READING_ROLES = KEEPING_ROLES | {SECTION_REVIEWER}


def portals_with(user, roles):
    return [portal.key for portal in PORTALS if user_roles(user, portal.key) & roles]


def reading_portals(user):
    """Portals whose register `user` may read."""
    return portals_with(user, READING_ROLES)


def keeping_portals(user):
    """Portals whose register `user` may add to and change."""
    return portals_with(user, KEEPING_ROLES)
