"""Mask personal data in text before it is indexed, logged or shown as a past answer.

Callers read out phone numbers, e-mail addresses, My Numbers, bank accounts, employee numbers and addresses; none of
that may reach the search index or a log. Text is matched after NFKC, so full-width digits, brackets and colons
(０９０（１２３４）, ：) are caught like ASCII ones, and with kanji digits read as digits (〇九〇…), the way Sudachi
indexes them; every pattern takes the same set of separators (dashes, dots, slashes, spaces), since employees type
whichever their keyboard offers. The original text is kept in the database for the agent who logged it.
"""

import re
import unicodedata

# Hyphen-minus, hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, minus, katakana prolonged sound mark
# and box-drawing lines: what is left of 「－」「‐」「―」「ー」… after NFKC.
DASH = "[" + re.escape("-‐‑‒–—―−ー─━") + "]"
GAP = rf"(?:\s?(?:{DASH}|[./・])\s?|\s)"
DIGIT_KANJI = "一二三四五六七八九十〇"
# 〇九〇 is matched as 090; one character for one, so a match in the digit view is at the same place in the text.
AS_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")
NUMBER = rf"(?:\d{{1,4}}|[{DIGIT_KANJI}]{{1,4}})"
KANJI = "一-龥々〆ヶ"
# A place name: 横浜市, 中区, 大宮町, 本町 — but not 区分, 市民, 町内, 市立, 区役所 and the like.
MUNICIPALITY = rf"[{KANJI}]{{1,6}}?[市区町村郡](?![分民内長議役立営外税])"
PREFECTURE = rf"(?:東京都|北海道|(?:京都|大阪)府|[{KANJI}]{{2,3}}県)"
# 1丁目2番3号, 一丁目2-3, 北1条西2丁目, 2番地3, 5番6号: numbering that only addresses use.
BLOCK = (
    rf"(?:(?:[東西南北]?{NUMBER}条)?[東西南北]?{NUMBER}丁目(?:{NUMBER}(?:番地?の?|{DASH}))?(?:{NUMBER}号?)?"
    rf"|{NUMBER}番地(?:の?{NUMBER}号?)?|{NUMBER}番{NUMBER}号)"
)
STREET = rf"{NUMBER}{DASH}{NUMBER}(?:{DASH}{NUMBER})?"


def _national_digits(number):
    """The digits of a phone number as dialled inside Japan (+81 (0)90… becomes 090…)."""
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:].removeprefix("0") if number.startswith("+") else digits


def _phone(match):
    """Only 10 or 11 digits make a Japanese phone number; anything else starting with 0 is left alone."""
    return "［電話番号］" if len(_national_digits(match.group())) in (10, 11) else match.group()


# Words a bank account number follows: 口座番号 1234567, 普通 1234567, 普通預金口座 1234567, ゆうちょ 12345-12345678.
ACCOUNT_WORD = r"(?:口座|普通|当座|貯蓄|ゆうちょ)"

PATTERNS = [
    (
        re.compile(
            r"[A-Za-z0-9._%+-]+\s?(?:@|\(at\)|\[at\]|アットマーク)\s?[A-Za-z0-9-]+(?:\s?\.\s?[A-Za-z0-9-]+)+"
        ),
        "［メール］",
    ),
    (
        re.compile(
            rf"(?P<words>{ACCOUNT_WORD}[^\d\n。、]{{0,10}}?)(?<!\d)(?:\d{{5}}{GAP}?\d{{8}}|\d{{7,8}})(?!\d|(?:{DASH}|[.,])\d|[円万])"
        ),
        r"\g<words>［口座番号］",
    ),
    (
        re.compile(
            rf"(?:(?:教?職|社)員(?:番号|(?i:No|ID|CD)\.?|コード)|職番)\s?(?::|は|が|=)?\s?"
            rf"[A-Za-z]{{0,3}}{DASH}?\d{{1,10}}(?:{DASH}\d{{1,10}})?"
        ),
        "［職員番号］",
    ),
    (re.compile(rf"(?<!\d)\d{{4}}(?P<gap>{GAP}?)\d{{4}}(?P=gap)\d{{4}}(?!\d)"), "［マイナンバー］"),
    (
        re.compile(
            rf"(?<![\d+])(?:\+81{GAP}?(?:\(0\){GAP}?)?\(?|\(?(?=0))"
            rf"\d{{1,11}}(?:(?:{GAP}|\s?[()]\s?){{1,2}}\d{{1,4}}){{0,2}}(?!\d)"
        ),
        _phone,
    ),
    (
        re.compile(rf"(?:〒|郵便番号\s?:?)\s?\d{{3}}{DASH}?\d{{4}}(?!\d)|(?<!\d)(?<!{DASH})\d{{3}}{DASH}\d{{4}}(?!\d|{DASH})"),
        "［郵便番号］",
    ),
]
ADDRESS = re.compile(
    rf"{PREFECTURE}?(?:{MUNICIPALITY})+[{KANJI}ァ-ヴーぁ-ん]{{0,12}}?(?:{BLOCK}|{STREET})|[{KANJI}ァ-ヴー]{{0,10}}?{BLOCK}"
)
# Two characters that every BLOCK and STREET contains.
ADDRESS_NUMBERING = re.compile(rf"[\d{DIGIT_KANJI}](?:丁目|番|{DASH}[\d{DIGIT_KANJI}])")


def _mask_addresses(text):
    """Addresses replaced by ［住所］. Most inquiries have no address numbering at all: looking for it first spares
    them the place-name pattern, which is tried at every kanji and would slow down bulk indexing."""
    return ADDRESS.sub("［住所］", text) if ADDRESS_NUMBERING.search(text) else text


def _substitute(pattern, replacement, text, digits):
    """`pattern` replaced in `text` where it matches the digit view `digits` (of the same length); both returned."""
    parts, last = [], 0
    for match in pattern.finditer(digits):
        label = replacement(match) if callable(replacement) else match.expand(replacement)
        if label != match.group():
            parts += [text[last : match.start()], label]
            last = match.end()
    if not parts:
        return text, digits
    text = "".join(parts) + text[last:]
    return text, text.translate(AS_DIGITS)


def mask_personal_data(text):
    """`text` with personal data replaced by bracketed labels such as ［電話番号］."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    digits = text.translate(AS_DIGITS)
    for pattern, replacement in PATTERNS:
        text, digits = _substitute(pattern, replacement, text, digits)
    return _mask_addresses(text)
