"""A real OpenLDAP server (Debian's slapd) for the directory sign-in tests, loaded as a pytest plugin by conftest.

`ldap_server` (session) writes a slapd.conf with one mdb database in a temporary folder, loads a small directory of
both centres' users and groups with slapadd, starts slapd on a free loopback port and stops it at the end. Under
CI=true a slapd that cannot be started fails the run (tests.servers.unavailable).
"""

import base64
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import ldap
import pytest

from search.esnode import free_port

from .servers import unavailable, wait_until_serving

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SCHEMAS = ["core", "cosine", "inetorgperson", "nis"]
SUFFIX = "dc=city,dc=example"
PASSWORD = "directory-pass-1"

# (uid, surname, given name, 所属 (departmentNumber), 職員区分 (employeeType), groups)
USERS = [
    ("soumu.helpdesk", "総務", "花子", "人事課", "正規職員", ["city-staff", "soumu-helpdesk"]),
    ("soumu.leaver", "異動", "次郎", "給与課", "会計年度任用職員", ["city-staff", "soumu-helpdesk"]),
    ("edu.teacher", "教育", "一郎", "市立第一小学校", "教職員", ["edu-staff"]),
]
GROUPS = ["city-staff", "soumu-helpdesk", "edu-staff"]


def user_dn(uid):
    return f"uid={uid},ou=people,{SUFFIX}"


def group_dn(cn):
    return f"cn={cn},ou=groups,{SUFFIX}"


def ldif_entry(dn, attributes):
    """One LDIF record; values that are not plain ASCII are base64-encoded, as LDIF requires."""
    lines = [f"dn: {dn}"]
    for name, values in attributes:
        for value in values if isinstance(values, list) else [values]:
            if value.isascii():
                lines.append(f"{name}: {value}")
            else:
                lines.append(f"{name}:: {base64.b64encode(value.encode()).decode()}")
    return "\n".join(lines) + "\n"


def directory_ldif():
    entries = [
        ldif_entry(SUFFIX, [("objectClass", ["dcObject", "organization"]), ("dc", "city"), ("o", "City")]),
        ldif_entry(f"ou=people,{SUFFIX}", [("objectClass", "organizationalUnit"), ("ou", "people")]),
        ldif_entry(f"ou=groups,{SUFFIX}", [("objectClass", "organizationalUnit"), ("ou", "groups")]),
    ]
    for uid, surname, given, department, employee_type, _ in USERS:
        entries.append(
            ldif_entry(
                user_dn(uid),
                [
                    ("objectClass", "inetOrgPerson"),
                    ("uid", uid),
                    ("cn", f"{surname} {given}"),
                    ("sn", surname),
                    ("givenName", given),
                    ("mail", f"{uid}@city.example"),
                    ("departmentNumber", department),
                    ("employeeType", employee_type),
                    ("userPassword", PASSWORD),
                ],
            )
        )
    for cn in GROUPS:
        members = [user_dn(user[0]) for user in USERS if cn in user[5]]
        entries.append(ldif_entry(group_dn(cn), [("objectClass", "groupOfNames"), ("cn", cn), ("member", members)]))
    return "\n".join(entries)


@dataclass
class LdapServer:
    uri: str
    admin_dn: str
    admin_password: str
    suffix: str = SUFFIX

    def connect(self):
        """A python-ldap connection bound as the directory's administrator, to change the directory in a test."""
        connection = ldap.initialize(self.uri)
        connection.simple_bind_s(self.admin_dn, self.admin_password)
        return connection


@pytest.fixture(scope="session")
def ldap_server(tmp_path_factory):
    if not (Path(SLAPD).exists() and Path(SLAPADD).exists()):
        unavailable("slapd is not installed (make ldap-deps installs Debian's slapd and ldap-utils)")
    folder = tmp_path_factory.mktemp("slapd")
    (folder / "db").mkdir()
    admin_dn, admin_password = f"cn=admin,{SUFFIX}", "admin-secret"
    includes = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS)
    config = folder / "slapd.conf"
    config.write_text(
        f"""{includes}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
database mdb
maxsize 67108864
suffix "{SUFFIX}"
rootdn "{admin_dn}"
rootpw {admin_password}
directory {folder}/db
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
"""
    )
    (folder / "directory.ldif").write_text(directory_ldif())
    loaded = subprocess.run([SLAPADD, "-f", str(config), "-l", str(folder / "directory.ldif")], capture_output=True, text=True)
    if loaded.returncode:
        unavailable(f"slapadd failed: {loaded.stderr[-2000:]}")
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}"
    log = open(folder / "slapd.log", "w")
    # -d keeps slapd in the foreground, so that it is this process to stop; "stats" logs each operation.
    process = subprocess.Popen([SLAPD, "-f", str(config), "-h", f"{uri}/", "-d", "stats"], stdout=log, stderr=subprocess.STDOUT)
    server = LdapServer(uri, admin_dn, admin_password)
    wait_until_serving(process, lambda: server.connect().unbind_s(), folder / "slapd.log", timeout=30, errors=(ldap.LDAPError,), interval=0.2)
    yield server
    process.terminate()
    process.wait(timeout=30)
    log.close()
    shutil.rmtree(folder / "db", ignore_errors=True)
