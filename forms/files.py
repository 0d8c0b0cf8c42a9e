"""What a 様式 file may be: PDF, XLSX or DOCX judged by its bytes (a renamed text file is refused), within a size limit.

An Excel or Word file is judged by the main part its [Content_Types].xml declares, not by filetype's guess from the
first ZIP entries: a macro-enabled workbook or document (.xlsm, .docm) renamed .xlsx/.docx looks the same there.
Beyond its type, a file must be safe to hand to thousands of PCs:

- a PDF must open as one (pypdf reads its cross-reference table and pages), end at its %%EOF and carry no HTML
  where a browser sniffing the start of a file would take it for a web page: `%PDF-1.4` followed by HTML is not;
- an Excel/Word package may expand to at most FORMS_MAX_EXPANDED_BYTES in at most FORMS_MAX_ZIP_ENTRIES parts, so a
  1 MB upload cannot unpack to a gigabyte on the PCs that open it;
- nothing in the package may be fetched from elsewhere when it is opened (a remote attachedTemplate, external images,
  OLE objects, workbook links): only hyperlinks to web or mail addresses may point outside, since they are followed
  only when clicked.

A file refused here is never stored: the checks run as the field's validator, before the version is saved.
"""

import io
import zipfile
import zlib
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader

ALLOWED_KINDS = {"pdf": "PDF", "xlsx": "Excel", "docx": "Word"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_ZIP_ENTRIES = 5000
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
}
# [Content_Types].xml and the .rels parts are read whole; real ones are a few kilobytes.
PACKAGE_XML_MAX_BYTES = 1024 * 1024
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
CLICKED_SCHEMES = ("http://", "https://", "mailto:")
# What browsers look at when they guess a file's type, and what would make them guess HTML.
SNIFFED_BYTES = 1024
HTML_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<body", b"<iframe")
NOT_ALLOWED = (
    "ファイルの中身がPDF・Excel（xlsx）・Word（docx）のいずれでもありません。"
    "拡張子だけを変えたファイルは登録できません。元のソフトで保存し直してください。"
)
BROKEN_PDF = (
    "PDFとして開けないファイルです（中身が壊れているか、PDFではありません）。"
    "元のソフトから「PDFとして保存」し直してください。"
)
ENCRYPTED_PDF = "パスワードで保護されたPDFは登録できません。保護を解除してから保存し直してください。"
EXTERNAL_PARTS = (
    "このファイルは開くときに外部のファイルやサーバー（{target}）を読み込みます（テンプレート・画像・リンク貼り付けなど）。"
    "外部への参照を削除するか、新しい文書に内容を貼り付けて保存し直してください。"
)


def max_bytes():
    return getattr(settings, "FORMS_MAX_FILE_BYTES", DEFAULT_MAX_BYTES)


def max_expanded_bytes():
    return getattr(settings, "FORMS_MAX_EXPANDED_BYTES", DEFAULT_MAX_EXPANDED_BYTES)


def max_zip_entries():
    return getattr(settings, "FORMS_MAX_ZIP_ENTRIES", DEFAULT_MAX_ZIP_ENTRIES)


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
    if kind == "pdf":
        _check_pdf(file)
    return kind, file.size


def _check_pdf(file):
    """Refuse what does not open as a PDF with at least one page, has anything after its end or HTML near its start,
    or opens only with a password."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    if not data.rstrip(b"\0\r\n\t ").endswith(b"%%EOF") or any(
        marker in data[:SNIFFED_BYTES].lower() for marker in HTML_MARKERS
    ):
        raise ValidationError(BROKEN_PDF)
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted and not reader.decrypt("")
        pages = 0 if encrypted else len(reader.pages)
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of error on malformed input; all mean "not a PDF"
        encrypted, pages = False, 0
    if encrypted:
        raise ValidationError(ENCRYPTED_PDF)
    if pages < 1:
        raise ValidationError(BROKEN_PDF)


def _package_xml(archive, info):
    """The parsed XML of one package part, or None if it is too large, has a DTD (never in Office files) or is broken."""
    if info.file_size > PACKAGE_XML_MAX_BYTES:
        return None
    data = archive.read(info)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def _check_expanded_size(archive):
    entries = archive.infolist()
    if len(entries) > max_zip_entries():
        raise ValidationError(
            f"ファイルの中の部品が多すぎます（{len(entries):,}個）。{max_zip_entries():,}個以下のファイルにしてください。"
        )
    expanded = sum(info.file_size for info in entries)
    if expanded > max_expanded_bytes():
        raise ValidationError(
            f"ファイルを開くと{filesizeformat(expanded)}に展開されます（上限{filesizeformat(max_expanded_bytes())}）。"
            "画像を圧縮するなどして小さくしてください。"
        )


def _external_target(archive):
    """The first target outside the package that opening it would fetch (anything but a clicked web or mail link)."""
    for info in archive.infolist():
        if not info.filename.lower().endswith(".rels"):
            continue
        relationships = _package_xml(archive, info)
        if relationships is None:
            raise ValidationError(NOT_ALLOWED)
        for relationship in relationships.iter(f"{RELATIONSHIPS_NS}Relationship"):
            if relationship.get("TargetMode", "").lower() != "external":
                continue
            target = relationship.get("Target", "")
            if relationship.get("Type") != HYPERLINK or not target.lower().startswith(CLICKED_SCHEMES):
                return target[:80] or "不明"
    return None


def _office_kind(file):
    """"xlsx" or "docx" by the package's declared main part, None for any other ZIP; refuses macro-enabled files,
    packages that expand beyond the limits and packages that fetch anything from outside."""
    try:
        with zipfile.ZipFile(file) as archive:
            declared = _package_xml(archive, archive.getinfo("[Content_Types].xml"))
            if declared is None:
                return None
            names = archive.namelist()
            _check_expanded_size(archive)
            external = _external_target(archive)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, zlib.error, NotImplementedError):
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
    if external:
        raise ValidationError(EXTERNAL_PARTS.format(target=external))
    kinds = {OFFICE_MAIN_PARTS[ct] for ct in content_types if ct in OFFICE_MAIN_PARTS}
    return kinds.pop() if len(kinds) == 1 else None
