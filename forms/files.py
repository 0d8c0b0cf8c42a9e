"""What a 様式 file may be: PDF, XLSX or DOCX judged by its bytes (a renamed text file is refused), within a size limit.

An Excel or Word file is judged by the main part its [Content_Types].xml declares, not by filetype's guess from the
first ZIP entries: a macro-enabled workbook or document (.xlsm, .docm) renamed .xlsx/.docx looks the same there.
"""

import zipfile
import zlib
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

ALLOWED_KINDS = {"pdf": "PDF", "xlsx": "Excel", "docx": "Word"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
}
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
NOT_ALLOWED = (
    "ファイルの中身がPDF・Excel（xlsx）・Word（docx）のいずれでもありません。"
    "拡張子だけを変えたファイルは登録できません。元のソフトで保存し直してください。"
)


def max_bytes():
    return getattr(settings, "FORMS_MAX_FILE_BYTES", DEFAULT_MAX_BYTES)


def kind_label(kind):
    return ALLOWED_KINDS.get(kind, kind.upper())


def validate_form_file(file):
    """Return (kind, size) of an acceptable upload, or raise a ValidationError that says what to do instead."""
    if file.size > max_bytes():
        raise ValidationError(
            f"ファイルが大きすぎます（{filesizeformat(file.size)}）。{filesizeformat(max_bytes())}以下にしてください。"
        )
    file.seek(0)
    guessed = filetype.guess(file.read(8192))
    file.seek(0)
    kind = guessed.extension if guessed else None
    if kind in ("zip", "xlsx", "docx"):
        kind = _office_kind(file)
    if kind not in ALLOWED_KINDS:
        raise ValidationError(NOT_ALLOWED)
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension != kind:
        raise ValidationError(
            f"ファイル名の拡張子（.{extension or 'なし'}）が中身の形式（{kind_label(kind)}・.{kind}）と一致しません。"
            f"拡張子を .{kind} にしてください。"
        )
    return kind, file.size


def _office_kind(file):
    """"xlsx" or "docx" by the package's declared main part, None for any other ZIP; refuses macro-enabled files."""
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            declared = ElementTree.fromstring(archive.read(info))
            names = archive.namelist()
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, RuntimeError, EOFError, zlib.error):
        return None
    finally:
        file.seek(0)
    content_types = {element.get("ContentType", "").lower() for element in declared.iter()}
    if any("macroenabled" in ct or "vbaproject" in ct for ct in content_types) or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        raise ValidationError(
            "マクロを含むファイル（.xlsm・.docm など）は登録できません。"
            "Excelは「Excel ブック (*.xlsx)」、Wordは「Word 文書 (*.docx)」の形式で保存し直してください。"
        )
    kinds = {OFFICE_MAIN_PARTS[ct] for ct in content_types if ct in OFFICE_MAIN_PARTS}
    return kinds.pop() if len(kinds) == 1 else None
