"""Who reads a centre's reports: its own centre roles (センター職員, ヘルプデスク, 管理者), the people who see the
inquiries and the register the figures come from. Any other centre's report, and every record behind its figures,
is a 404."""

from quality.access import keeping_portals


def reporting_portals(user):
    return keeping_portals(user)
