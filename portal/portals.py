"""The two portals this installation serves; their keys are the `portal` values of the import formats."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PortalSpec:
    key: str
    centre: str
    title: str
    network: str
    short_name: str
    reader_group: str


PORTALS = [
    PortalSpec("intranet", "総務事務センター", "総務事務センターポータル", "庁内イントラネット", "総務", "職員"),
    PortalSpec(
        "education", "教育総務事務センター", "教育総務事務センターポータル", "教育イントラネット", "教育", "教職員"
    ),
]
PORTALS_BY_KEY = {portal.key: portal for portal in PORTALS}


def command_portal(key):
    """`key` when it names a portal (None stays None); for management commands' --portal, a Japanese CommandError
    naming the choices otherwise."""
    from django.core.management.base import CommandError

    if key is not None and key not in PORTALS_BY_KEY:
        raise CommandError(f"ポータル「{key}」はありません。{' または '.join(PORTALS_BY_KEY)} を指定してください。")
    return key
