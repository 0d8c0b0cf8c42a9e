from django import template
from django.core.exceptions import DisallowedHost
from django.utils import timezone
from django.utils.encoding import uri_to_iri

from portal import page_cache
from portal.dates import wareki as to_wareki

register = template.Library()


@register.filter(expects_localtime=True)
def wareki(value, arg=""):
    """{{ date|wareki }} → 令和7年4月1日; {{ date|wareki:"曜日" }} adds the weekday.

    expects_localtime: Django hands aware datetimes over in Asia/Tokyo (as for |date), so 00:30 JST is that day.
    """
    if not value:
        return ""
    return to_wareki(value, with_weekday=arg == "曜日")


@register.simple_tag(takes_context=True)
def per_user(context, name, *args):
    """{% per_user "user_name" %}: a part that differs between users of the same groups, left out of cached pages
    and filled in for each response (portal.page_cache)."""
    return page_cache.render_part(context["request"], name, *args)


@register.simple_tag
def today_wareki():
    """{% today_wareki %} → 令和7年4月1日（火）: today in Tokyo, for the 印刷日 of printed pages."""
    return to_wareki(timezone.localdate(), with_weekday=True)


@register.simple_tag(takes_context=True)
def printed_address(context):
    """{% printed_address %}: this page's full address as people read it (https://…/search/?q=通勤手当, not %E9…)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        return uri_to_iri(request.build_absolute_uri())
    except DisallowedHost:  # the 400 page for a host we do not serve
        return uri_to_iri(request.get_full_path())
