"""Reads of inquiries and work manuals by centre staff are recorded for that centre's 管理者 and exportable
(issue 9)."""

import pytest
from django.urls import reverse

from audit.models import ReadLog
from helpdesk.models import Inquiry
from manuals.models import ManualIndexPage, ManualPage
from pages.models import portal_home
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER

from .conftest import exported

pytestmark = pytest.mark.django_db

READS = "/admin/reports/reads/"


def manual_of(portal_key):
    index = ManualIndexPage.objects.descendant_of(portal_home(portal_key)).get()
    return ManualPage.objects.live().child_of(index).first()


def test_opening_an_inquiry_or_a_manual_is_recorded_for_the_own_centres_administrator(signed_in, portal_client, role_user):
    inquiry = Inquiry.objects.filter(portal="intranet").first()
    manual = manual_of("intranet")
    agent = signed_in(HELPDESK, "intranet")
    assert agent.get(reverse("inquiries:inspect", args=(inquiry.pk,))).status_code == 200
    assert agent.get(reverse("inquiries:edit", args=(inquiry.pk,))).status_code == 200
    staff = role_user(CENTRE_STAFF, "intranet")
    assert portal_client("intranet", staff).get(manual.url).status_code == 200

    reads = ReadLog.objects.order_by("timestamp")
    assert [(read.label, read.portal) for read in reads] == [
        (f"問い合わせ No.{inquiry.pk}", "intranet"),
        (f"問い合わせ No.{inquiry.pk}", "intranet"),
        (manual.title, "intranet"),
    ]
    assert reads.last().user == staff and inquiry.question not in str(list(reads.values()))

    own = signed_in(ADMINISTRATOR, "intranet").get(READS).content.decode()
    assert manual.title in own and f"問い合わせ No.{inquiry.pk}" in own
    other = signed_in(ADMINISTRATOR, "education").get(READS).content.decode()
    assert manual.title not in other and f"問い合わせ No.{inquiry.pk}" not in other
    for role in (READER, HELPDESK, CENTRE_STAFF):
        assert signed_in(role, "intranet").get(READS).status_code in (302, 403), role


def test_the_read_log_exports_with_formula_cells_neutralised(signed_in):
    manual = manual_of("education")
    ManualPage.objects.filter(pk=manual.pk).update(title='=HYPERLINK("http://evil.example/")')
    manual.refresh_from_db()
    signed_in(CENTRE_STAFF, "education").get(manual.url)
    client = signed_in(ADMINISTRATOR, "education")

    for export_format in ("csv", "xlsx"):
        header, *rows = exported(client, READS, export_format)
        assert header == ["日時", "閲覧者", "種類", "対象", "ポータル"]
        assert ['\'=HYPERLINK("http://evil.example/")'] == [row[3] for row in rows if "HYPERLINK" in str(row[3])]
