"""`manage.py export_manuals`: the September set of every published manual as PDFs plus an Excel index."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from manuals.models import ManualPage
from portal.roles import CENTRE_STAFF

pytestmark = pytest.mark.django_db


def export(tmp_path, *args):
    path = tmp_path / "set.zip"
    out = io.StringIO()
    call_command("export_manuals", "-o", str(path), *args, stdout=out)
    return zipfile.ZipFile(path), out.getvalue()


def index_rows(archive):
    sheet = load_workbook(io.BytesIO(archive.read("マニュアル一覧.xlsx"))).active
    return [row for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_zip_holds_a_pdf_per_published_manual_and_an_index(tmp_path):
    archive, out = export(tmp_path)
    published = ManualPage.objects.live()
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == published.count() == 4
    assert all(archive.read(name).startswith(b"%PDF") for name in pdfs)
    assert {"総務事務センター/01_通勤手当認定事務.pdf", "教育総務事務センター/01_通勤手当認定事務.pdf"} <= set(pdfs)
    assert "業務マニュアル 4 件" in out

    rows = index_rows(archive)
    assert sorted(row[1] for row in rows) == sorted(manual.title for manual in published)
    commuting = next(row for row in rows if row[0] == "総務事務センターポータル" and row[1] == "通勤手当認定事務")
    assert commuting[2] == "給与課" and commuting[4].startswith("令和") and commuting[5] == 2
    assert {row[6] for row in rows} == set(pdfs)


def test_drafts_and_changes_awaiting_approval_stay_out(tmp_path, homes, role_user):
    manual = ManualPage.objects.descendant_of(homes["intranet"]).get(slug="fuyo-teate")
    manual.title = "下書き中の題名"
    manual.revision_reason = "検討中"
    manual.save_revision(user=role_user(CENTRE_STAFF, "intranet"))

    archive, _ = export(tmp_path)
    titles = [row[1] for row in index_rows(archive)]
    assert "下書き中の題名" not in titles
    assert "年末調整事務" not in titles and "会計年度任用職員の任用手続" not in titles
    assert not any("年末調整" in name or "下書き" in name for name in archive.namelist())


def test_one_portal_only(tmp_path):
    archive, _ = export(tmp_path, "--portal", "education")
    assert {row[0] for row in index_rows(archive)} == {"教育総務事務センターポータル"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "/no/such/folder/set.zip"], "書き出し先のフォルダ"),
        (["--portal", "city"], "ポータル「city」はありません"),
    ],
)
def test_bad_input_gives_a_japanese_error(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_manuals", *args)


def test_an_existing_file_survives_a_failed_export(tmp_path):
    target = tmp_path / "set.zip"
    target.write_bytes(b"previous set")
    ManualPage.objects.update(live=False)
    with pytest.raises(CommandError, match="公開中の業務マニュアルがありません"):
        call_command("export_manuals", "-o", str(target))
    assert target.read_bytes() == b"previous set"
    assert list(tmp_path.iterdir()) == [target]


def test_pdfs_embed_their_japanese_font_and_the_text_can_be_copied(tmp_path):
    """The set is read on the contract partner's PCs: what shows must not depend on the fonts installed there."""
    archive, _ = export(tmp_path)
    reader = PdfReader(io.BytesIO(archive.read("総務事務センター/01_通勤手当認定事務.pdf")))
    first_page = reader.pages[0]
    fonts = [font.get_object() for font in first_page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontDescriptor" in font for font in fonts), "every font, even the initial one, is embedded"
    assert all({"/FontFile2", "/FontFile3"} & set(font["/FontDescriptor"].get_object()) for font in fonts)
    text = first_page.extract_text()
    assert "通勤手当認定事務" in text and "所管課" in text and "給与課" in text
