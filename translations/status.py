"""Whether an English (or other) translation of a page still says what its Japanese original says.

wagtail-localize extracts the original's text into a TranslationSource when an editor translates it, and again
when they sync. A translation is out of date when the original was published after that extraction (its new text
has not reached the translation yet), or when the extraction has strings nobody has translated (a sync brought
new text). A translation made without wagtail-localize is compared by publication time alone.
"""

from dataclasses import dataclass

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

UP_TO_DATE = "最新"
SOURCE_CHANGED = "原文が更新されています"
UNTRANSLATED = "未翻訳の箇所があります"


@dataclass(frozen=True)
class TranslationState:
    original: object  # the page in the default language
    label: str
    original_updated_at: object

    @property
    def out_of_date(self):
        return self.label != UP_TO_DATE


def translation_state(page):
    """The TranslationState of a translated page; None for an original or a page whose original is gone."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return None
    original = page.get_translations().filter(locale=default).specific().first()
    if original is None:
        return None
    source = TranslationSource.objects.filter(object_id=page.translation_key, locale=default).first()
    published = original.last_published_at
    if source is None:
        changed = bool(published and page.last_published_at and published > page.last_published_at)
        return TranslationState(original, SOURCE_CHANGED if changed else UP_TO_DATE, published)
    if published and published > source.last_updated_at:
        return TranslationState(original, SOURCE_CHANGED, published)
    translation = Translation.objects.filter(source=source, target_locale_id=page.locale_id).first()
    if translation is not None:
        total, translated = translation.get_progress()
        if translated < total:
            return TranslationState(original, UNTRANSLATED, published)
    return TranslationState(original, UP_TO_DATE, published)
