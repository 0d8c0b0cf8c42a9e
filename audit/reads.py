"""`log_read(request, obj)`: the one call every view makes that shows centre staff an inquiry or a work manual."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from portal.scope import BOTH, portal_of

from .models import ReadLog


def read_label(obj):
    """What was opened, without its content: a page's title, otherwise its type and id (an inquiry's text may hold
    personal data)."""
    if isinstance(obj, Page):
        return obj.title[:255]
    return f"{obj._meta.verbose_name} No.{obj.pk}"


def log_read(request, obj):
    """Record that the signed-in user opened `obj` (who, when, what, which portal); shown to that portal's 管理者
    in Admin → レポート → 閲覧記録. Anonymous requests are not recorded (they never reach such views)."""
    if not request.user.is_authenticated:
        return None
    portal = portal_of(obj)
    return ReadLog.objects.create(
        user=request.user,
        portal="" if portal in (None, BOTH) else portal,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        label=read_label(obj),
    )
