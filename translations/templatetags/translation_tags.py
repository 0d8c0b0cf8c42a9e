"""The reader's side of translations: the page's language, links to its other languages and, on a translation whose
original has changed since, a notice that points back to the original."""

from django import template
from wagtail.models import Page

from ..status import translation_state

register = template.Library()


@register.simple_tag
def page_language(page):
    """The language code for <html lang>: the page's own, Japanese off pages."""
    locale = getattr(page, "locale", None) if isinstance(page, Page) else None
    return locale.language_code if locale else "ja"


@register.inclusion_tag("translations/language_switcher.html")
def language_switcher(page):
    """The live versions of `page` in other languages, each named in its own language."""
    if not isinstance(page, Page):
        return {"others": []}
    others = page.get_translations().live().select_related("locale").order_by("locale__language_code")
    return {"others": [(other, other.locale.language_code, other.locale.language_name_local) for other in others]}


@register.inclusion_tag("translations/out_of_date_notice.html")
def out_of_date_notice(page):
    state = translation_state(page) if isinstance(page, Page) else None
    return {"state": state if state and state.out_of_date and state.original.live else None}
