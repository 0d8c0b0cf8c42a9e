"""保管年限 (issue 10): the command anonymises inquiries past their centre's retention and keeps what reports count."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from helpdesk.models import HelpdeskPolicy, Inquiry
from portal.roles import HELPDESK, READER

from .helpdesk_factories import make_inquiry

pytestmark = pytest.mark.django_db

S = Inquiry.Status
JST = ZoneInfo("Asia/Tokyo")
PERSONAL = "山田です。電話は090-1234-5678、職員番号123456。扶養手当の件"


@pytest.fixture
def old_and_new(role_user):
    agent = role_user(HELPDESK, "intranet")
    requester = role_user(READER, "intranet")
    old = make_inquiry(
        agent,
        status=S.CLOSED,
        question=PERSONAL,
        answer="折り返しは090-1234-5678へ",
        requester=requester,
        requester_name="山田",
        contact_phone="090-1234-5678",
        received_at=datetime.datetime(2015, 6, 1, 10, tzinfo=JST),
    )
    new = make_inquiry(agent, status=S.CLOSED, question=PERSONAL, requester_name="山田")
    return old, new


def run(*args):
    out = io.StringIO()
    call_command("anonymise_inquiries", *args, stdout=out)
    return out.getvalue()


def test_inquiries_past_retention_lose_personal_data_but_keep_their_figures(old_and_new):
    old, new = old_and_new
    before = {name: getattr(old, name) for name in ("reference", "category_id", "handling_minutes", "answered_at", "status", "answered_first_tier")}
    assert "対象 1件" in run("--dry-run", "--portal", "intranet")
    old.refresh_from_db()
    assert old.anonymised_at is None

    assert "匿名化 1件" in run("--portal", "intranet")

    old.refresh_from_db()
    new.refresh_from_db()
    assert old.requester is None and old.requester_name == "" and old.contact_phone == ""
    assert "090" not in old.question + old.answer and "扶養手当の件" in old.question
    assert {name: getattr(old, name) for name in before} == before and old.anonymised_at
    assert new.requester_name == "山田" and new.question == PERSONAL
    assert ModelLogEntry.objects.for_instance(old).filter(action="helpdesk.anonymise").exists()
    assert "匿名化 0件" in run("--portal", "intranet")


def test_the_retention_is_the_centres_own_setting(old_and_new):
    old, _ = old_and_new
    HelpdeskPolicy.objects.update_or_create(portal="intranet", defaults={"retention_years": 30})
    assert "対象 0件" in run("--dry-run", "--portal", "intranet")
    assert "保管年限30年" in run("--dry-run", "--portal", "intranet")


def test_a_wrong_portal_is_a_japanese_error():
    with pytest.raises(CommandError, match="ポータル「nowhere」はありません"):
        run("--portal", "nowhere")
