"""Directory sign-in against a real OpenLDAP (tests/ldap_server.py): users are created on first sign-in with their
所属 and 職員区分, directory groups give the portals' role groups through the mappings administrators edit in the
admin, and local accounts still sign in."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from directory.models import DirectoryGroupMapping
from portal.portals import PORTALS_BY_KEY
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, group_name
from tests.ldap_server import PASSWORD, SUFFIX, group_dn, user_dn

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

WRONG_PASSWORD = "正しいユーザー名とパスワードを入力してください"


@pytest.fixture
def directory(settings, ldap_server):
    """The directory's sign-in turned on against the test slapd, as LDAP_* environment variables do in base.py."""
    import ldap
    from django_auth_ldap.config import GroupOfNamesType, LDAPSearch

    settings.AUTH_LDAP_SERVER_URI = ldap_server.uri
    settings.AUTH_LDAP_USER_SEARCH = LDAPSearch(f"ou=people,{SUFFIX}", ldap.SCOPE_SUBTREE, "(uid=%(user)s)")
    settings.AUTH_LDAP_GROUP_SEARCH = LDAPSearch(f"ou=groups,{SUFFIX}", ldap.SCOPE_SUBTREE, "(objectClass=groupOfNames)")
    settings.AUTH_LDAP_GROUP_TYPE = GroupOfNamesType()
    settings.AUTH_LDAP_USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}
    settings.AUTH_LDAP_ALWAYS_UPDATE_USER = True
    backends = list(settings.AUTHENTICATION_BACKENDS)
    backends.insert(1, "directory.backend.DirectoryBackend")
    settings.AUTHENTICATION_BACKENDS = backends
    return ldap_server


@pytest.fixture
def mappings(db):
    """総務's directory groups named by cn and by DN; 教育's by cn."""
    for portal, directory_group, role in [
        ("intranet", "city-staff", READER),
        ("intranet", group_dn("soumu-helpdesk").upper(), HELPDESK),
        ("education", "edu-staff", READER),
    ]:
        DirectoryGroupMapping.objects.create(portal=portal, directory_group=directory_group, role=role)


def sign_in(username, password, host="intranet.localhost"):
    client = Client(HTTP_HOST=host)
    response = client.post("/login/", {"username": username, "password": password})
    return response, client


def group_names(username):
    return set(get_user_model().objects.get(username=username).groups.values_list("name", flat=True))


def test_a_directory_user_is_created_on_first_sign_in_with_the_mapped_roles_of_their_portal(directory, mappings):
    response, client = sign_in("soumu.helpdesk", PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session

    user = get_user_model().objects.get(username="soumu.helpdesk")
    intranet, education = PORTALS_BY_KEY["intranet"], PORTALS_BY_KEY["education"]
    assert group_names(user.username) == {group_name(READER, intranet), group_name(HELPDESK, intranet)}
    assert not {group_name(READER, education), group_name(HELPDESK, education)} & group_names(user.username)
    assert (user.last_name, user.first_name, user.email) == ("総務", "花子", "soumu.helpdesk@city.example")
    assert not user.has_usable_password()
    profile = user.directory_profile
    assert profile.affiliation == "人事課"
    assert profile.audience.name == "正規職員"

    teacher = sign_in("edu.teacher", PASSWORD, host="edu.localhost")[0]
    assert teacher.status_code == 302
    assert group_names("edu.teacher") == {group_name(READER, education)}
    profile = get_user_model().objects.get(username="edu.teacher").directory_profile
    assert (profile.affiliation, profile.audience.name) == ("市立第一小学校", "教職員")


def test_a_wrong_directory_password_is_refused_with_the_usual_message(directory, mappings):
    response, client = sign_in("soumu.helpdesk", "not-the-password")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert WRONG_PASSWORD in response.content.decode()


def test_a_local_account_still_signs_in_while_the_directory_is_on(directory, role_user):
    user = role_user(READER, "intranet")
    user.set_password("local-emergency-pass")
    user.save()
    response, client = sign_in(user.username, "local-emergency-pass")
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_group_left_in_the_directory_is_taken_back_at_the_next_sign_in_and_local_groups_stay(directory, mappings):
    import ldap

    intranet = PORTALS_BY_KEY["intranet"]
    sign_in("soumu.leaver", PASSWORD)
    user = get_user_model().objects.get(username="soumu.leaver")
    assert group_name(HELPDESK, intranet) in group_names(user.username)
    # A local group no mapping names, given by a 管理者 in the admin, is not the directory's to take.
    user.groups.add(Group.objects.get(name=group_name(CENTRE_STAFF, intranet)))

    connection = directory.connect()
    change = [(ldap.MOD_DELETE, "member", [user_dn("soumu.leaver").encode()])]
    connection.modify_s(group_dn("soumu-helpdesk"), change)
    try:
        assert sign_in("soumu.leaver", PASSWORD)[0].status_code == 302
    finally:
        connection.modify_s(group_dn("soumu-helpdesk"), [(ldap.MOD_ADD, "member", [user_dn("soumu.leaver").encode()])])
        connection.unbind_s()
    assert group_names(user.username) == {group_name(READER, intranet), group_name(CENTRE_STAFF, intranet)}


def test_the_mapping_admin_is_scoped_to_the_administrators_own_centre(signed_in):
    own = DirectoryGroupMapping.objects.create(portal="intranet", directory_group="soumu-helpdesk", role=HELPDESK)
    other = DirectoryGroupMapping.objects.create(portal="education", directory_group="edu-staff", role=READER)
    client = signed_in(ADMINISTRATOR, "intranet")
    base = "/admin/snippets/directory/directorygroupmapping/"

    listing = client.get(base).content.decode()
    assert "soumu-helpdesk" in listing and "edu-staff" not in listing
    assert client.get(f"{base}edit/{own.pk}/").status_code == 200
    for view in ["edit", "delete", "history", "usage"]:
        assert client.get(f"{base}{view}/{other.pk}/").status_code == 404, view

    form = client.get(f"{base}add/").content.decode()
    assert 'value="intranet"' in form and 'value="education"' not in form
    response = client.post(f"{base}add/", {"portal": "education", "directory_group": "x", "role": ADMINISTRATOR})
    assert response.status_code == 200
    assert not DirectoryGroupMapping.objects.filter(directory_group="x").exists()

    assert signed_in(HELPDESK, "intranet").get(base).status_code in (302, 403)


def test_the_environment_turns_the_directory_on_after_axes_and_before_local_accounts():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "LDAP_SERVER_URI": "ldap://127.0.0.1:1",
        "LDAP_USER_SEARCH_BASE": f"ou=people,{SUFFIX}",
        "LDAP_GROUP_SEARCH_BASE": f"ou=groups,{SUFFIX}",
    }
    script = "import django; django.setup(); from django.conf import settings; print(settings.AUTHENTICATION_BACKENDS)"
    backends = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    assert backends.stdout.strip() == str(
        ["axes.backends.AxesStandaloneBackend", "directory.backend.DirectoryBackend", "django.contrib.auth.backends.ModelBackend"]
    )
