"""`Authorization: Bearer <token>` for the API: the token acts as a reader of its one portal (TokenPrincipal), so
the searches and listings it gets are exactly those a reader of that portal gets, and nothing internal."""

from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework import authentication, exceptions

from portal import write_behind
from portal.portals import PORTALS_BY_KEY

from .models import APIToken, APITokenUse, hashed

KEYWORD = "Bearer"
PATH_CHARS = APITokenUse._meta.get_field("path").max_length


class TokenPrincipal:
    """The user-like principal of a request made with an API token: a reader of the token's portal, no more."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, token):
        self.token = token
        # A key of its own in the query log's reader pseudonyms (search.querylog.reader_key), apart from users'.
        self.pk = self.id = f"token:{token.pk}"
        self.username = str(token)

    @property
    def groups(self):
        return Group.objects.filter(name=PORTALS_BY_KEY[self.token.portal].reader_group)

    def has_perm(self, perm, obj=None):
        return False

    def has_perms(self, perms, obj=None):
        return False

    def get_username(self):
        return self.username

    def __str__(self):
        return self.username


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        words = authentication.get_authorization_header(request).decode("latin-1").split()
        if not words or words[0] != KEYWORD:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed("Authorization ヘッダーは「Bearer トークン」の形で指定してください。")
        token = APIToken.objects.filter(key_hash=hashed(words[1])).first()
        if token is None:
            raise exceptions.AuthenticationFailed("APIトークンが正しくありません。")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("このAPIトークンは失効しています。")
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed("このAPIトークンは有効期限が切れています。")
        write_behind.defer(_record_uses, APITokenUse(token=token, path=request.path[:PATH_CHARS]))
        return TokenPrincipal(token), token

    def authenticate_header(self, request):
        return KEYWORD


def _record_uses(uses):
    """Write the queued uses and each token's last-used time, after the responses."""
    APITokenUse.objects.bulk_create(uses)
    latest = {}
    for use in uses:
        latest[use.token_id] = max(latest.get(use.token_id, use.used_at), use.used_at)
    for token_id, used_at in latest.items():
        APIToken.objects.filter(pk=token_id).update(last_used_at=used_at)
