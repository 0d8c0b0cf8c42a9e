from django import template

from portal.dates import wareki as to_wareki

register = template.Library()


@register.filter
def wareki(value, arg=""):
    """{{ date|wareki }} → 令和7年4月1日; {{ date|wareki:"曜日" }} adds the weekday."""
    if not value:
        return ""
    return to_wareki(value, with_weekday=arg == "曜日")
