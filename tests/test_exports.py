"""Text that a spreadsheet would run as a formula (=HYPERLINK(…), +…, -…, @…) comes out of every CSV and XLSX export
as plain text: the query reports, the FAQ and link reports, site history, Wagtail's search terms and redirects
listings, online form submissions and the manual set's index."""

import csv
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import get_resolver, reverse
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.log_actions import log

from faq.models import FAQPage
from forms.models import OnlineFormPage
from manuals.models import ManualPage
from pages.models import LinkCheckResult
from portal.spreadsheets import FORMULA_TRIGGERS
from search.models import QueryLog, normalized_query

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/","詳細")'


def _page(model, slug=None):
    return model.objects.live().filter(**({"slug": slug} if slug else {})).first()


def _query_log():
    QueryLog.objects.create(query=PAYLOAD, normalized_query=normalized_query(PAYLOAD), portal="intranet")
    return "/admin/search-reports/top/"


def _faq_report():
    faq = _page(FAQPage)
    faq.title = PAYLOAD
    faq.save_revision().publish()
    return reverse("faq_report")


def _link_report():
    LinkCheckResult.objects.create(page=_page(FAQPage), field="answer", kind="external", target=PAYLOAD, reason=PAYLOAD)
    return reverse("link_check_report")


def _site_history():
    faq = _page(FAQPage)
    faq.title = faq.draft_title = PAYLOAD
    log(instance=faq, action="wagtail.edit")
    return reverse("wagtailadmin_reports:site_history")


def _search_terms():
    Query.get(PAYLOAD).add_hit()
    return reverse("wagtailsearchpromotions:search_terms")


def _redirects():
    Redirect.objects.create(old_path="/old-formula", redirect_link=PAYLOAD)
    return reverse("wagtailredirects:index")


def _form_submissions():
    page = OnlineFormPage.objects.live().first()
    page.save_submission({field.clean_name: PAYLOAD for field in page.get_form_fields()}, AnonymousUser())
    return f"/admin/forms/submissions/{page.pk}/"


EXPORTS = {
    "query-report": _query_log,
    "faq-report": _faq_report,
    "link-report": _link_report,
    "site-history": _site_history,
    "search-terms": _search_terms,
    "redirects": _redirects,
    "form-submissions": _form_submissions,
}


def _cells(response, export_format):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    sheet = load_workbook(io.BytesIO(body)).active
    return [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("t-export-admin", password="x"))
    client.defaults["HTTP_HOST"] = "intranet.localhost"
    return client


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("name", EXPORTS)
def test_formula_text_is_exported_as_plain_text(superuser_client, name, export_format):
    url = EXPORTS[name]()
    response = superuser_client.get(url, {"export": export_format})
    assert response.status_code == 200
    cells = _cells(response, export_format)
    assert any(cell.lower().startswith("'" + PAYLOAD.lower()) for cell in cells), cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]


def test_the_manual_sets_index_writes_formula_text_as_plain_text(tmp_path):
    manual = _page(ManualPage)
    manual.title = PAYLOAD
    manual.revision_reason = "題名の変更"
    manual.save_revision().publish()
    path = tmp_path / "set.zip"
    call_command("export_manuals", "-o", str(path), stdout=io.StringIO())
    sheet = load_workbook(io.BytesIO(zipfile.ZipFile(path).read("マニュアル一覧.xlsx"))).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'" + PAYLOAD in titles


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_no_export_view_bypasses_the_formula_guard():
    """Every view built on Wagtail's SpreadsheetExportMixin (the project's and Wagtail's, once the URLs are loaded)
    writes its cells through the two hooks portal.spreadsheets wraps; a view that writes rows its own way would not."""
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    own_writers = {"preprocess_field_value", "get_heading", "write_csv_row", "generate_xlsx_row", "stream_csv", "write_xlsx"}
    views = list(_subclasses(SpreadsheetExportMixin))
    assert len(views) > 10
    for view in views:
        assert not own_writers & set(vars(view)), view
