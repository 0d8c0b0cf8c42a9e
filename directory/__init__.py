"""Sign-in with the city's directory (LDAP / Active Directory): directory groups mapped to the portals' role groups,
and each directory user's 所属 and 職員区分 kept from their directory entry."""
