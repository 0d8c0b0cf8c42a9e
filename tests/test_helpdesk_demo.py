"""The demo year of inquiries (issue 10), as the tests load it (HELPDESK_DEMO_SCALE=0.05): both centres, every
channel, the seasons, escalations with replies and the state machine's own bookkeeping."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import ExtractMonth

from helpdesk.models import AnswerTemplate, Deflection, Escalation, Inquiry, InquiryTransition
from helpdesk.states import MOVES_BY_STATES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("portal_key", ["intranet", "education"])
def test_each_centre_has_a_believable_year(portal_key):
    inquiries = Inquiry.objects.filter(portal=portal_key)
    assert inquiries.count() > 200
    assert set(inquiries.values_list("channel", flat=True)) == set(Inquiry.Channel.values)
    months = Counter(dict(inquiries.annotate(month=ExtractMonth("received_at")).values_list("month").annotate(n=Count("pk"))))
    assert months[12] > 2 * months[8] and months[4] > 2 * months[8]
    assert Escalation.objects.filter(inquiry__portal=portal_key, replied_at__isnull=False).exists()
    assert inquiries.filter(is_complaint=True).exists() and inquiries.filter(references__isnull=False).exists()
    assert Deflection.objects.filter(portal=portal_key).exists()
    assert AnswerTemplate.objects.filter(portal=portal_key).exists()
    assert inquiries.filter(reference__startswith="総-" if portal_key == "intranet" else "教-").count() == inquiries.count()


def test_the_demo_history_is_one_the_state_machine_allows():
    inquiry = Inquiry.objects.filter(escalations__replied_at__isnull=False, status=Inquiry.Status.CLOSED).first()
    steps = list(inquiry.transitions.values_list("from_status", "to_status"))
    assert steps[0] == ("", "received") and all(step in MOVES_BY_STATES for step in steps[1:])
    assert not inquiry.completed_in_centre and not inquiry.answered_first_tier
    first_tier = Inquiry.objects.filter(answered_at__isnull=False, answered_first_tier=True).count()
    assert 0.8 < first_tier / Inquiry.objects.filter(answered_at__isnull=False).count() < 0.98


def test_loading_the_demo_again_adds_no_inquiries():
    before = (Inquiry.objects.count(), InquiryTransition.objects.count(), AnswerTemplate.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Inquiry.objects.count(), InquiryTransition.objects.count(), AnswerTemplate.objects.count()) == before
