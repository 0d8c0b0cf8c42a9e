"""The Wagtail API endpoints (pages, documents, 様式) as a client meets them: bad requests get a 400 with a Japanese
message and missing things a JSON 404, never a 500 or Wagtail's English."""

import pytest

from portal.roles import READER
from portal.views import API_NOT_FOUND

pytestmark = pytest.mark.django_db
BEYOND_64_BITS = str(2**63)


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
        ("/api/v2/pages/", {"offset": BEYOND_64_BITS}, "offset は 2147483647 以下で指定してください。"),
        ("/api/v2/forms/", {"offset": BEYOND_64_BITS}, "offset は 2147483647 以下で指定してください。"),
        ("/api/v2/documents/", {"offset": BEYOND_64_BITS}, "offset は 2147483647 以下で指定してください。"),
        ("/api/v2/pages/", {"offset": BEYOND_64_BITS, "order": "-id"}, "offset は 2147483647 以下で指定してください。"),
        ("/api/v2/pages/", {"limit": BEYOND_64_BITS}, "limit は 20 以下で指定してください。"),
        ("/api/v2/forms/", {"id": BEYOND_64_BITS}, f"id に「{BEYOND_64_BITS}」は指定できません。"),
        ("/api/v2/documents/", {"id": BEYOND_64_BITS}, f"id に「{BEYOND_64_BITS}」は指定できません。"),
        (
            "/api/v2/pages/",
            {"type": "faq.FAQPage", "category": BEYOND_64_BITS},
            f"category に「{BEYOND_64_BITS}」は指定できません。",
        ),
        ("/api/v2/forms/find/", {"id": "abc"}, "id は正の整数で指定してください。"),
        ("/api/v2/pages/find/", {"id": BEYOND_64_BITS}, "id は正の整数で指定してください。"),
        ("/api/v2/pages/", {"locale": "xx"}, "locale に指定された言語はありません。"),
        ("/api/v2/pages/", {"site": "nowhere.example"}, "site に指定されたサイトはありません。"),
    ],
    ids=["search-syntax", "search-operator", "documents-search", "limit-text", "limit-huge", "offset-negative",
         "type", "child-of-text", "child-of-missing", "order", "fields", "unknown-parameter", "pages-offset-overflow",
         "forms-offset-overflow", "documents-offset-overflow", "ordered-offset-overflow", "limit-overflow",
         "forms-id-overflow", "documents-id-overflow", "foreign-key-overflow", "find-id-text", "find-id-overflow",
         "locale", "site"],
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


def test_the_last_offset_allowed_answers_an_empty_page(api):
    response = api.get("/api/v2/pages/", {"offset": str(2**31 - 1)})
    assert response.status_code == 200 and response.json()["items"] == []
