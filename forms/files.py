"""What a 様式 file may be: PDF, XLSX or DOCX judged by its bytes (a renamed text file is refused), within a size limit."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

ALLOWED_KINDS = {"pdf": "PDF", "xlsx": "Excel", "docx": "Word"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


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
    if kind not in ALLOWED_KINDS:
        raise ValidationError(
            "ファイルの中身がPDF・Excel（xlsx）・Word（docx）のいずれでもありません。"
            "拡張子だけを変えたファイルは登録できません。元のソフトで保存し直してください。"
        )
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension != kind:
        raise ValidationError(
            f"ファイル名の拡張子（.{extension or 'なし'}）が中身の形式（{kind_label(kind)}・.{kind}）と一致しません。"
            f"拡張子を .{kind} にしてください。"
        )
    return kind, file.size
