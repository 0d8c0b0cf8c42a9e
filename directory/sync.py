"""What a directory sign-in changes on the portal's user: the mapped role groups and the directory profile.

Only groups that some mapping gives are managed: a user keeps the groups given locally (by a 管理者 in Admin →
ユーザー) that no mapping names, and loses a mapped group once they are no longer in any directory group mapped to it.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from portal.models import Audience

from .models import DirectoryGroupMapping, DirectoryProfile


def directory_memberships(ldap_user):
    """The user's directory groups, as lower-case DNs and cns (a mapping may name a group either way)."""
    return {dn.lower() for dn in ldap_user.group_dns} | {name.lower() for name in ldap_user.group_names}


def first_value(ldap_user, attribute):
    values = ldap_user.attrs.get(attribute) or []
    return values[0].strip() if values else ""


def set_mapped_groups(user, memberships):
    managed, held = set(), set()
    for mapping in DirectoryGroupMapping.objects.all():
        managed.add(mapping.group_name)
        if mapping.directory_group.strip().lower() in memberships:
            held.add(mapping.group_name)
    user.groups.remove(*Group.objects.filter(name__in=managed - held))
    user.groups.add(*Group.objects.filter(name__in=held))
    user.__dict__.pop("_portal_groups", None)


def set_profile(user, ldap_user):
    employee_type = first_value(ldap_user, settings.LDAP_EMPLOYEE_TYPE_ATTRIBUTE)[:100]
    audience = Audience.objects.filter(Q(name=employee_type) | Q(slug=employee_type)).first() if employee_type else None
    DirectoryProfile.objects.update_or_create(
        user=user,
        defaults={
            "affiliation": first_value(ldap_user, settings.LDAP_AFFILIATION_ATTRIBUTE)[:100],
            "employee_type": employee_type,
            "audience": audience,
        },
    )


def sync_from_directory(user, ldap_user):
    """Bring a user who has just signed in with the directory in line with their directory entry."""
    with transaction.atomic():
        set_mapped_groups(user, directory_memberships(ldap_user))
        set_profile(user, ldap_user)
