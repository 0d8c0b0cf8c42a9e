"""Who may see and work on which inquiries: the one place every helpdesk view loads its inquiries from.

Only the centre's ヘルプデスク, センター職員 and 管理者 see its inquiries (section reviewers see only the
escalations addressed to them, see Escalation.objects.addressed_to); working on one (console, API) also needs the
change permission, which センター職員 do not hold. An inquiry outside the user's centres is a 404, never a 403,
so its existence is not disclosed.
"""

from django.contrib.auth import get_user_model
from django.http import Http404

from portal.portals import PORTALS, PORTALS_BY_KEY
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, group_name, user_roles

from .models import Inquiry

INQUIRY_ROLES = {HELPDESK, CENTRE_STAFF, ADMINISTRATOR}
HANDLING_ROLES = [HELPDESK, ADMINISTRATOR]


def inquiry_portals(user):
    """The keys of the portals whose inquiries `user` sees."""
    return [portal.key for portal in PORTALS if INQUIRY_ROLES & user_roles(user, portal.key)]


def handling_portals(user):
    """The keys of the portals whose inquiries `user` may record and work on."""
    if not user.has_perm("helpdesk.change_inquiry"):
        return []
    return [key for key in inquiry_portals(user) if set(HANDLING_ROLES) & user_roles(user, key)]


def visible_inquiries(user):
    return Inquiry.objects.filter(portal__in=inquiry_portals(user))


def handled_inquiries(user):
    return Inquiry.objects.filter(portal__in=handling_portals(user))


def load_inquiry(request, pk, *, handle=False, queryset=None):
    """The inquiry `pk` if the requesting user may see it (or, with handle=True, work on it), else Http404.

    Every helpdesk view that opens one inquiry calls this, so that reads can be logged here in one place."""
    portals = handling_portals(request.user) if handle else inquiry_portals(request.user)
    inquiry = (queryset if queryset is not None else Inquiry.objects).filter(pk=pk, portal__in=portals).first()
    if inquiry is None:
        raise Http404("問い合わせが見つかりません。")
    return inquiry


def agents(portal_key):
    """The active users who may be 対応者 of the portal's inquiries (its ヘルプデスク and 管理者)."""
    portal = PORTALS_BY_KEY[portal_key]
    names = [group_name(role, portal) for role in HANDLING_ROLES]
    return get_user_model().objects.filter(is_active=True, groups__name__in=names).distinct().order_by("username")
