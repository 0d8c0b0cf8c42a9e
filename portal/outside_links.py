"""Addresses that take a reader out of the portal (editors' picks, redirects): only to the portal's own host or to
a host on the allow-list PORTAL_ALLOWED_OUTSIDE_HOSTS (empty by default: no outside site at all)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http.request import split_domain_port, validate_host


def link_allowed(url, own_hosts):
    """Whether `url` stays on `own_hosts` (relative addresses do) or goes to an allowed outside host; entries of the
    allow-list match like ALLOWED_HOSTS ("city.example.jp", ".city.example.jp" for every subdomain)."""
    parts = urlsplit(url.strip())
    if not parts.scheme and not parts.netloc:
        return url.startswith("/") and not url.startswith(("//", "/\\"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return validate_host(parts.hostname, [*own_hosts, *settings.PORTAL_ALLOWED_OUTSIDE_HOSTS])


def request_host(request):
    """The request's host name without its port: the host a reader may always be sent back to."""
    return split_domain_port(request.get_host())[0]


def validate_outside_link(url, own_hosts):
    """A Japanese ValidationError for an address outside the portal that is not on the allow-list."""
    if url and not link_allowed(url, own_hosts):
        host = urlsplit(url.strip()).hostname or url
        raise ValidationError(
            f"「{host}」は許可されていない外部サイトのため設定できません。ポータル内のページを選ぶか、"
            "外部サイトの許可（PORTAL_ALLOWED_OUTSIDE_HOSTS）をシステム管理者に依頼してください。"
        )
