"""The Wagtail API endpoints (pages, documents, 様式) as a client meets them: bad requests get a 400 with a Japanese
message and missing things a JSON 404, never a 500 or Wagtail's English."""

import pytest

from portal.roles import READER
from portal.views import API_NOT_FOUND

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(portal_client, role_user):
    return portal_client("intranet", role_user(READER, "intranet"))


@pytest.mark.parametrize(
    "path, params, says",
    [
        ("/api/v2/pages/", {"search": '"*'}, "全文検索は /api/v2/search/?q= をお使いください。"),
        ("/api/v2/pages/", {"search": "通勤手当", "search_operator": "zzz"}, "全文検索は /api/v2/search/?q= をお使いください。"),
        ("/api/v2/documents/", {"search": "手当"}, "全文検索は /api/v2/search/?q= をお使いください。"),
        ("/api/v2/pages/", {"limit": "abc"}, "limit は正の整数で指定してください。"),
        ("/api/v2/pages/", {"limit": "99999"}, "limit は 20 以下で指定してください。"),
        ("/api/v2/pages/", {"offset": "-1"}, "offset は 0 以上の整数で指定してください。"),
        ("/api/v2/pages/", {"type": "nope.Nope"}, "type に指定されたページの種類はありません。"),
        ("/api/v2/pages/", {"child_of": "x"}, "child_of は正の整数で指定してください。"),
        ("/api/v2/pages/", {"child_of": "999999"}, "指定されたページはありません。"),
        ("/api/v2/pages/", {"order": "zzz"}, "order に指定できない項目です：zzz"),
        ("/api/v2/forms/", {"fields": "zzz"}, "fields に指定できない項目があります：zzz"),
        ("/api/v2/documents/", {"zzz": "1"}, "使えないパラメーターがあります：zzz"),
    ],
    ids=["search-syntax", "search-operator", "documents-search", "limit-text", "limit-huge", "offset-negative",
         "type", "child-of-text", "child-of-missing", "order", "fields", "unknown-parameter"],
)
def test_bad_requests_get_a_japanese_400(api, path, params, says):
    response = api.get(path, params)

    assert response.status_code == 400
    assert response.json() == {"message": says}


@pytest.mark.parametrize("path", ["/api/v2/forms/999999/", "/api/v2/pages/999999/", "/api/v2/forms/abc/", "/api/v2/nothing/"])
def test_what_does_not_exist_gets_a_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response.json() == {"message": API_NOT_FOUND}
