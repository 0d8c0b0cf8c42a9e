"""One membership check on every reader-facing address, the admin's 403 for readers, and uploads reachable only
through their checked views (issue 9)."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve
from wagtail.documents import get_document_model
from wagtail.models import Collection

from forms.models import FormTemplate
from pages.models import NewsPage, portal_home
from portal import admin_urls
from portal.portals import PORTALS_BY_KEY
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, READER
from portal.views import public_media

pytestmark = pytest.mark.django_db

def reader_addresses(host_portal):
    """Every kind of reader-facing address of one portal."""
    home = portal_home(host_portal)
    news = NewsPage.objects.live().descendant_of(home).first()
    template = FormTemplate.objects.live().filter(portal=host_portal).first()
    collection = Collection.objects.get(name=PORTALS_BY_KEY[host_portal].centre)
    document = get_document_model().objects.create(
        title="手引き", collection=collection, file=ContentFile(b"tebiki", name=f"tebiki-{host_portal}.txt")
    )
    return [
        home.url,
        news.url,
        "/search/?q=給与",
        "/search/suggest/?q=給与",
        f"/search/click/?url={news.url}",
        "/inquiry/",
        template.get_absolute_url(),
        template.history_url,
        document.url,
    ]


@pytest.mark.parametrize("role", [READER, CENTRE_STAFF, ADMINISTRATOR])
def test_the_other_portals_users_get_the_403_page_everywhere_without_its_navigation_or_search(signed_in, role):
    addresses = reader_addresses("education")
    outsider = signed_in(role, "intranet", "education")
    member = signed_in(READER, "education", "education")

    for address in addresses:
        response = outsider.get(address)
        assert response.status_code == 403, address
        html = response.content.decode()
        assert 'data-testid="search-form"' not in html and "site-nav" not in html, address
        assert member.get(address).status_code in (200, 302), address
    assert outsider.post("/inquiry/", {"question": "教育への質問", "contact_method": "email"}).status_code == 403
    assert outsider.get("/api/v2/search/", {"q": "給与"}).status_code == 403


def test_the_own_portals_403_page_keeps_its_navigation(signed_in):
    manuals = "/manuals/"
    reader = signed_in(READER, "intranet", "intranet")
    response = reader.get(manuals)
    assert response.status_code == 403
    assert 'data-testid="search-form"' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "documents/tebiki.txt",
        "/documents/tebiki.txt",
        "./documents/tebiki.txt",
        "images/../documents/tebiki.txt",
        "forms/abc/yoshiki.pdf",
        "//forms/abc/yoshiki.pdf",
        "./forms/abc/yoshiki.pdf",
        "images/./../forms/abc/yoshiki.pdf",
    ],
)
def test_development_media_serves_no_document_or_form_file_however_spelt(path, settings, tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "tebiki.txt").write_text("secret")
    (tmp_path / "forms" / "abc").mkdir(parents=True)
    (tmp_path / "forms" / "abc" / "yoshiki.pdf").write_text("secret")
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Http404):
        public_media(RequestFactory().get("/media/" + path), path)


def test_development_media_serves_image_files(settings, tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.jpg").write_bytes(b"jpeg")
    settings.MEDIA_ROOT = tmp_path
    response = public_media(RequestFactory().get("/media/images/photo.jpg"), "images/photo.jpg")
    assert b"".join(response.streaming_content) == b"jpeg"


def test_the_projects_scoped_views_answer_at_wagtails_admin_addresses():
    for pattern in admin_urls.urlpatterns:
        address = "/admin/" + str(pattern.pattern).replace("<int:parent_page_id>", "3").replace(
            "<int:redirect_id>", "3"
        ).replace("<str:app_label>/<str:model_name>/<str:action>", "forms/formversion/delete")
        assert resolve(address).func.__module__.startswith("portal."), address
