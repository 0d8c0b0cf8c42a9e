"""Twenty employees at once on the embedded default: gunicorn (several worker processes and threads) on an SQLite
file with the demo content (tests.servers.portal_server), all signing in together, then reading FAQ pages and searching (each GET writes a view
count or a query log), get no error — no "database is locked"."""

import threading

import pytest
import requests

pytestmark = pytest.mark.slow
USERS = 20
HOST = "intranet.localhost"


def employee(base, faq_path, results):
    session = requests.Session()
    session.headers["Host"] = HOST

    def record(response, expected=200):
        results.append((response.request.path_url, response.status_code, expected))

    login = session.get(f"{base}/login/", timeout=60)
    record(login)
    record(
        session.post(
            f"{base}/login/",
            data={"username": "shokuin", "password": "demo-pass-2026", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers={"Referer": f"http://{HOST}/login/"},
            allow_redirects=False,
            timeout=60,
        ),
        302,
    )
    for _ in range(4):
        record(session.get(f"{base}{faq_path}", timeout=60))
        record(session.get(f"{base}/api/v2/search/", params={"q": "通勤手当"}, timeout=60))
        record(session.get(f"{base}/search/", params={"q": "年末調整"}, timeout=60))


def test_twenty_employees_at_once_get_no_errors(portal_server, homes):
    from faq.models import FAQPage

    faq_path = FAQPage.objects.descendant_of(homes["intranet"]).live().first().get_url_parts()[2]
    results = []
    threads = [threading.Thread(target=employee, args=(portal_server, faq_path, results)) for _ in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == USERS * 14
    assert [result for result in results if result[1] != result[2]] == []
