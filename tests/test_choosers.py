"""The page, document and image choosers offer only the editor's own portal (issue 9)."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from pages.models import NewsPage, portal_home
from portal.portals import PORTALS_BY_KEY
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER

pytestmark = pytest.mark.django_db


def chooser_html(client, address, **params):
    response = client.get(address, params)
    assert response.status_code == 200, address
    return response.json()["html"]


@pytest.mark.parametrize("role", [CENTRE_STAFF, ADMINISTRATOR, HELPDESK])
def test_the_page_chooser_shows_only_the_own_portals_pages(signed_in, role):
    client = signed_in(role, "education", "education")
    other_home = portal_home("intranet")
    other_news = NewsPage.objects.live().descendant_of(other_home).first()

    own = NewsPage.objects.live().descendant_of(portal_home("education")).first()

    root = chooser_html(client, "/admin/choose-page/")

    assert 'data-title="総務事務センターポータル"' not in root and 'data-title="教育総務事務センターポータル"' in root
    for page, shown in [(other_news, False), (own, True)]:
        found = client.get("/admin/choose-page/search/", {"q": page.title}).content.decode()
        assert (f'data-id="{page.pk}"' in found) == shown, page.title
    assert client.get(f"/admin/choose-page/{other_home.pk}/").status_code == 404
    assert client.get(f"/admin/choose-page/{other_news.pk}/").status_code == 404
    assert client.get("/admin/choose-page/chosen-multiple/", {"id": other_news.pk}).status_code == 404
    assert client.get("/admin/choose-page/chosen-multiple/", {"id": own.pk}).status_code == 200
    assert signed_in(READER, "education", "education").get("/admin/choose-page/").status_code == 403


def test_document_and_image_choosers_show_only_the_own_centres_files(signed_in):
    collection = Collection.objects.get(name=PORTALS_BY_KEY["intranet"].centre)
    get_document_model().objects.create(title="ZQ総務の文書", collection=collection, file=ContentFile(b"x", name="zq.txt"))
    get_image_model().objects.create(title="ZQ総務の画像", collection=collection, file=get_test_image_file())
    client = signed_in(CENTRE_STAFF, "education", "education")

    assert "ZQ総務の文書" not in chooser_html(client, "/admin/documents/chooser/")
    assert "ZQ総務の画像" not in chooser_html(client, "/admin/images/chooser/")
    own = signed_in(CENTRE_STAFF, "intranet", "intranet")
    assert "ZQ総務の文書" in chooser_html(own, "/admin/documents/chooser/")
    assert "ZQ総務の画像" in chooser_html(own, "/admin/images/chooser/")
