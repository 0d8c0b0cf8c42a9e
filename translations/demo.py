"""English demo pages of the education portal, made the way an editor makes them: wagtail-localize translates the
Japanese page, the English strings go in as a translator's PO file would, and the translation is published. Assistant
language teachers read these; a page of the demo that is missing (other FAQ data) is skipped."""

import logging

from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from faq.models import FAQPage
from pages.models import ProcedurePage

logger = logging.getLogger(__name__)

PORTAL = "education"

# What to translate: (model, lookup of the Japanese page, the English text per segment context (a field name) or,
# for segments of a StreamField, per Japanese string).
PAGES = [
    (
        FAQPage,
        {"external_id": "edu-fukumu-004"},
        {
            "title": "How do I apply for annual leave in the attendance system?",
            "slug": "annual-leave",
            "subcategory": "Leave",
            "answer": (
                "In the 休暇申請 (leave request) menu, choose 年次休暇 (annual leave) as the type, enter the date and "
                "the unit (a day, half a day or hours) and submit. Your application is final once your manager "
                "approves it; the days you have left are shown as 休暇残日数 on the top screen. Annual leave taken by "
                "the hour is limited to 5 days a year, and 7 hours 45 minutes count as one day. If you fall ill "
                "suddenly and cannot apply in advance, call your manager and apply as soon as you are back at work."
            ),
        },
    ),
    (
        FAQPage,
        {"external_id": "edu-fukumu-010"},
        {
            "title": "I cannot log in to the attendance system or I forgot my password. What should I do?",
            "slug": "login-password",
            "subcategory": "Login and account",
            "answer": (
                "Your account is locked after five wrong passwords in a row. If you forgot your password, use "
                "「パスワードを忘れた方」 on the login screen: a link to set a new password is sent to your education "
                "intranet e-mail address. If your account is locked, or you have just joined or moved and do not "
                "know your staff ID, ask the Education Shared Service Centre through your school's administrative "
                "officer to unlock or check it."
            ),
        },
    ),
    (
        FAQPage,
        {"external_id": "edu-kyuyo-009"},
        {
            "title": "How do I change the bank account my salary is paid into?",
            "slug": "salary-bank-account",
            "subcategory": "Salary bank account",
            "answer": (
                "Fill in the new account on the salary bank account notification (様式第5号), attach a copy of your "
                "passbook or cash card showing the bank, branch, account number and holder, and submit it to the "
                "Education Shared Service Centre through your school's administrative officer. Notifications the "
                "centre receives by the 10th are paid into the new account from that month's salary, later ones "
                "from the next month's. The account must be in your own name. Do not close the old account until "
                "the change has taken effect."
            ),
        },
    ),
    (
        ProcedurePage,
        {"slug": "moving"},
        {
            "title": "When you move house",
            "slug": "moving",
            "search_description": "When your address changes and so may your housing or commuting allowance.",
            "requirements": "When your address changes and so may your housing or commuting allowance.",
            "deadline": "Within 15 days of the move",
            "submit_to": "To the Education Shared Service Centre, through your school's administrative officer",
            "賃貸借契約書の写し（賃貸の場合）": "A copy of the lease (if you rent)",
        },
    ),
]


def _japanese_page(model, lookup, home):
    return model.objects.descendant_of(home).filter(locale=home.locale, **lookup).first()


def translate(page, english, locale):
    """Translate `page` into `locale` with the strings of `english` and publish the translation."""
    TranslationCreator(None, [locale]).create_translations(page)
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = english.get(entry.msgctxt) or english.get(entry.msgid) or ""
    translation.import_po(po)
    translation.save_target(publish=True)
    return page.get_translation(locale)


def load(homes, users):
    locale = Locale.objects.get(language_code="en")
    for model, lookup, english in PAGES:
        page = _japanese_page(model, lookup, homes[PORTAL])
        if page is None:
            logger.warning("英語版デモ：%s（%s）が見つからないため省略しました。", model._meta.verbose_name, lookup)
        elif not page.has_translation(locale):
            translate(page, english, locale)
