"""/api/v2/inquiries/ (issue 10): the state machine holds on the API path too, and the JSON is scoped and masked."""

import pytest

from helpdesk.models import Inquiry
from portal.roles import CENTRE_STAFF, HELPDESK, READER
from tests.conftest import HOSTS

from .helpdesk_factories import agent, make_inquiry, reviewed_section  # noqa: F401 - agent is a fixture

pytestmark = pytest.mark.django_db

S = Inquiry.Status


def test_the_list_holds_only_the_callers_centre_and_filters_by_queue(portal_client, agent, role_user):
    mine = make_inquiry(agent)
    other = make_inquiry(role_user(HELPDESK, "education"), "education")
    data = portal_client("intranet", agent).get("/api/v2/inquiries/", {"queue": "mine", "limit": "100"}).json()
    references = [row["reference"] for row in data["results"]]
    assert mine.reference in references and other.reference not in references
    assert portal_client("intranet", agent).get("/api/v2/inquiries/", {"queue": "nowhere"}).json()["detail"].startswith("queue には")
    assert "limit" in portal_client("intranet", agent).get("/api/v2/inquiries/", {"limit": "x"}).json()["detail"]


def test_the_detail_is_masked_and_lists_the_allowed_moves(portal_client, agent):
    inquiry = make_inquiry(agent, question="電話は090-1234-5678です")
    data = portal_client("intranet", agent).get(f"/api/v2/inquiries/{inquiry.reference}/").json()
    assert "090" not in data["question"] and data["allowed_statuses"] == [S.ANSWERED, S.ESCALATED]
    assert [t["to_status"] for t in data["transitions"]] == [S.RECEIVED, S.IN_PROGRESS]


def test_moves_go_through_the_state_machine(portal_client, agent):
    inquiry = make_inquiry(agent)
    url = f"/api/v2/inquiries/{inquiry.reference}/transitions/"
    client = portal_client("intranet", agent)
    refused = client.post(url, {"to_status": "closed"}, content_type="application/json")
    assert refused.status_code == 400 and "「対応中」の問い合わせを「完了」にはできません" in refused.json()["detail"]
    assert client.post(url, {"to_status": "answered"}, content_type="application/json").json()["detail"].endswith("回答を入力してください。")
    done = client.post(url, {"to_status": "answered", "answer": "APIからの回答"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == S.ANSWERED and done.json()["answered_at"]


def test_escalation_through_the_api_needs_its_section_question_and_due_date(portal_client, agent):
    inquiry = make_inquiry(agent)
    url = f"/api/v2/inquiries/{inquiry.reference}/transitions/"
    client = portal_client("intranet", agent)
    missing = client.post(url, {"to_status": "escalated"}, content_type="application/json")
    assert missing.status_code == 400 and "所管課を選んでください" in missing.json()["detail"]
    import datetime

    from portal.business_days import BusinessCalendar

    due = BusinessCalendar("intranet").add(datetime.date.today(), 3).isoformat()
    body = {"to_status": "escalated", "section": reviewed_section("intranet").slug, "question": "確認したい", "due_date": due}
    assert client.post(url, body, content_type="application/json").json()["status"] == S.ESCALATED


@pytest.mark.parametrize("role, status", [(HELPDESK, 404), (CENTRE_STAFF, 404), (READER, 404)])
def test_another_centres_inquiry_is_not_found(portal_client, role_user, role, status):
    other = make_inquiry(role_user(HELPDESK, "education"), "education")
    client = portal_client("intranet", role_user(role, "intranet"))
    assert client.get(f"/api/v2/inquiries/{other.reference}/").status_code == status
    assert client.post(f"/api/v2/inquiries/{other.reference}/transitions/", {"to_status": "answered"}).status_code == status
    assert other.reference not in str(client.get("/api/v2/inquiries/").json())


def test_centre_staff_read_but_may_not_move(portal_client, agent, role_user):
    inquiry = make_inquiry(agent)
    client = portal_client("intranet", role_user(CENTRE_STAFF, "intranet"))
    assert client.get(f"/api/v2/inquiries/{inquiry.reference}/").status_code == 200
    response = client.post(f"/api/v2/inquiries/{inquiry.reference}/transitions/", {"to_status": "answered"}, content_type="application/json")
    assert response.status_code == 403 and "権限" in response.json()["detail"]


def test_signed_out_callers_are_refused(client):
    assert client.get("/api/v2/inquiries/", HTTP_HOST=HOSTS["intranet"]).status_code in (302, 401, 403)


def test_a_move_without_its_target_is_explained(portal_client, agent):
    inquiry = make_inquiry(agent)
    response = portal_client("intranet", agent).post(f"/api/v2/inquiries/{inquiry.reference}/transitions/", {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"].startswith("to_status に変更後の状態")
