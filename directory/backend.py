"""The directory's authentication backend (settings: AUTH_LDAP_*, see portal.settings.base)."""

from django_auth_ldap.backend import LDAPBackend

from .sync import sync_from_directory


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend, which creates the user on first sign-in and refreshes their name and e-mail; then
    their role groups and profile are set from the directory. django-auth-ldap's populate_user signal comes before
    a new user is saved (no groups can be given yet), hence the hook after authentication."""

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            sync_from_directory(user, ldap_user)
        return user
