"""Documents stay within their portal: a centre's collection is served only to that portal's users, and its
センター内部資料 sub-collection only to centre roles."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.portals import PORTALS_BY_KEY
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, READER, ROLES_BY_KEY
from portal.sites import INTERNAL_COLLECTION

from .conftest import ALL_PORTALS, ALL_ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def document_of():
    """document_of(portal_key, internal=False) -> a new document in that centre's collection (or its internal one)."""

    def make(portal_key, internal=False):
        collection = Collection.objects.get(name=PORTALS_BY_KEY[portal_key].centre)
        if internal:
            collection = collection.get_children().get(name=INTERNAL_COLLECTION)
        return get_document_model().objects.create(
            title="内部手順書", collection=collection, file=ContentFile(b"naibu", name=f"naibu-{portal_key}.txt")
        )

    return make


@pytest.mark.parametrize("document_portal", ALL_PORTALS)
@pytest.mark.parametrize("user_portal", ALL_PORTALS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_document_is_served_only_to_its_portals_users(portal_client, role_user, document_of, role, user_portal, document_portal):
    document = document_of(document_portal)
    response = portal_client(user_portal, role_user(role, user_portal)).get(document.url)
    if user_portal == document_portal:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"naibu"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_an_internal_document_is_served_only_to_centre_roles(portal_client, role_user, document_of, role):
    document = document_of("education", internal=True)

    response = portal_client("education", role_user(role, "education")).get(document.url)

    assert response.status_code == (200 if ROLES_BY_KEY[role].reads_internal else 403)
    assert portal_client("intranet", role_user(role, "intranet")).get(document.url).status_code == 403


def test_the_other_portals_document_is_refused_on_either_hostname(portal_client, role_user, document_of):
    document = document_of("intranet")
    reader = role_user(READER, "education")
    for host_portal in ALL_PORTALS:
        assert portal_client(host_portal, reader).get(document.url).status_code == 403


def test_documents_uploaded_by_centre_staff_land_in_their_restricted_collection(client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    response = client.post(
        "/admin/documents/add/",
        {"title": "給与手順", "file": ContentFile(b"kyuyo", name="kyuyo.txt"), "collection": Collection.objects.get(name="総務事務センター").pk},
        HTTP_HOST="intranet.localhost",
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="給与手順")
    client.force_login(role_user(ADMINISTRATOR, "education"))
    assert client.get(document.url, HTTP_HOST="edu.localhost").status_code == 403
