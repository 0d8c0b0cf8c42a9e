"""Mask personal data in inquiry text before it is indexed or shown as a past answer.

Callers read out phone numbers, e-mail addresses, My Numbers, employee numbers and addresses; none of that may reach the
search index. Text is matched after NFKC so full-width digits (０９０…) are caught too; the original text is kept in the
database for the agent who logged it.
"""

import re
import unicodedata

DIGIT = r"[0-9０-９]"
SEP = r"[-‐‑–—−－ー\s]?"
PATTERNS = [
    ("［メール］", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")),
    ("［マイナンバー］", re.compile(rf"(?<!\d){DIGIT}{{4}}{SEP}{DIGIT}{{4}}{SEP}{DIGIT}{{4}}(?!\d)")),
    ("［電話番号］", re.compile(rf"(?<!\d)0{DIGIT}{{1,4}}{SEP}{DIGIT}{{1,4}}{SEP}{DIGIT}{{3,4}}(?!\d)")),
    ("［郵便番号］", re.compile(rf"〒?\s?(?<!\d){DIGIT}{{3}}[-－]{DIGIT}{{4}}(?!\d)")),
    ("［職員番号］", re.compile(rf"(?:職員番号|職員ID|職員コード|社員番号)\s*[:：は]?\s*[A-Za-z]?{DIGIT}{{4,10}}")),
    (
        "［住所］",
        re.compile(
            r"(?:東京都|北海道|(?:京都|大阪)府|[一-龥]{2,3}県)?[一-龥々ヶ]{1,6}[市区町村][一-龥々ヶぁ-んァ-ン]{0,12}?"
            rf"{DIGIT}+(?:丁目|{SEP}){DIGIT}+(?:番地?|{SEP})(?:{DIGIT}+号?)?"
        ),
    ),
]


def mask_personal_data(text):
    """`text` with personal data replaced by bracketed labels such as ［電話番号］."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    for label, pattern in PATTERNS:
        text = pattern.sub(label, text)
    return text
