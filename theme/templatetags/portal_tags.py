from django import template

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
