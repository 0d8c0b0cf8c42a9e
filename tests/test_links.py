"""check_links against a local web server (never the internet): broken page links, lost documents, 404 URLs."""

import threading
from io import StringIO
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.documents import get_document_model

from pages.models import ContentPage, LinkCheckResult
from portal.roles import CENTRE_STAFF, READER

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    """/ok answers, /gone is 404, /no-head refuses HEAD but answers GET."""

    def do_HEAD(self):
        self.send_response(405 if self.path == "/no-head" else 404 if self.path == "/gone" else 200)
        self.end_headers()

    def do_GET(self):
        self.send_response(404 if self.path == "/gone" else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def add_page(parent, slug, body, publish=True):
    page = ContentPage(title=f"{slug}のページ", slug=slug, body=[("paragraph", body)], live=publish)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


@pytest.fixture
def section(homes):
    """A published subtree of the intranet to check, so the run never reaches beyond the test's own pages."""
    return add_page(homes["intranet"], "link-test", "<p>リンク確認用</p>")


def test_check_links_finds_broken_internal_links_documents_and_404_urls(section, server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    deleted = add_page(section, "to-delete", "<p>消すページ</p>")
    draft = add_page(section, "draft", "<p>下書き</p>", publish=False)
    fine = add_page(section, "fine", "<p>公開中</p>")
    Document = get_document_model()
    lost = Document.objects.create(title="失われた文書", file=ContentFile(b"x", name="lost.txt"))
    lost.file.storage.delete(lost.file.name)
    kept = Document.objects.create(title="ある文書", file=ContentFile(b"x", name="kept.txt"))
    body = (
        f'<p><a linktype="page" id="{deleted.pk}">削除済み</a> <a linktype="page" id="{draft.pk}">下書き</a> '
        f'<a linktype="page" id="{fine.pk}">公開中</a> <a linktype="document" id="{lost.pk}">文書</a> '
        f'<a linktype="document" id="{kept.pk}">文書2</a> '
        f'<a href="{server}/gone">外部404</a> <a href="{server}/ok">外部OK</a> <a href="{server}/no-head">HEAD不可</a></p>'
    )
    linking = add_page(section, "linking", body)
    deleted.delete()

    call_command("check_links", "--under", str(section.pk), "--timeout", "5", stdout=StringIO())

    results = {(r.kind, r.reason) for r in LinkCheckResult.objects.filter(page=linking)}
    assert results == {
        (LinkCheckResult.INTERNAL, "リンク先のページが削除されています"),
        (LinkCheckResult.INTERNAL, "リンク先のページが公開されていません"),
        (LinkCheckResult.DOCUMENT, "文書のファイルがありません"),
        (LinkCheckResult.EXTERNAL, "ページが見つかりません（HTTP 404）"),
    }
    external = LinkCheckResult.objects.get(page=linking, kind=LinkCheckResult.EXTERNAL)
    assert (external.target, external.status_code) == (f"{server}/gone", 404)


def test_results_are_listed_for_editors_under_リンク切れ(section, server, client, role_user):
    page = add_page(section, "ext", f'<p><a href="{server}/gone">古い案内</a></p>')
    call_command("check_links", "--under", str(section.pk), stdout=StringIO())

    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("link_check_report") in menu
    assert "リンク切れ".encode("unicode_escape").decode() in menu, "the sidebar (JSON) names the report"
    report = client.get(reverse("link_check_report"))
    assert report.status_code == 200
    assert f"{server}/gone" in report.content.decode() and page.title in report.content.decode()

    client.force_login(role_user(CENTRE_STAFF, "education"))
    assert f"{server}/gone" not in client.get(reverse("link_check_report")).content.decode()
    client.force_login(role_user(READER, "intranet"))
    assert client.get(reverse("link_check_report")).status_code in (302, 403)


def test_a_fixed_link_disappears_from_the_results_on_the_next_run(section, server):
    page = add_page(section, "fixable", f'<p><a href="{server}/gone">古い案内</a></p>')
    call_command("check_links", "--under", str(section.pk), stdout=StringIO())
    assert LinkCheckResult.objects.filter(page=page).exists()
    page.body = [("paragraph", f'<p><a href="{server}/ok">新しい案内</a></p>')]
    page.save_revision().publish()
    call_command("check_links", "--under", str(section.pk), stdout=StringIO())
    assert not LinkCheckResult.objects.filter(page=page).exists()


@pytest.mark.parametrize("scope", [["--under"], []], ids=["under", "whole-site"])
def test_results_of_a_page_unpublished_since_disappear_on_the_next_run(scope, section):
    draft = add_page(section, "draft", "<p>下書き</p>", publish=False)
    page = add_page(section, "withdrawn", f'<p><a linktype="page" id="{draft.pk}">準備中の案内</a></p>')
    args = [*scope, str(section.pk)] if scope else []
    call_command("check_links", *args, "--no-external", stdout=StringIO())
    assert LinkCheckResult.objects.filter(page=page).exists()

    page.unpublish()
    call_command("check_links", *args, "--no-external", stdout=StringIO())
    assert not LinkCheckResult.objects.filter(page=page).exists()


def test_bad_options_are_refused_in_japanese():
    with pytest.raises(CommandError, match="正の数"):
        call_command("check_links", "--timeout", "0")
    with pytest.raises(CommandError, match="ページはありません"):
        call_command("check_links", "--under", "999999")
