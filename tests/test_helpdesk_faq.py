"""FAQ化 (issue 10): an answered inquiry becomes a masked draft FAQ in the 所管課承認 workflow, or is linked to the
existing FAQ it duplicates."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from faq.models import FAQPage
from helpdesk.models import Inquiry
from portal.models import Category
from portal.roles import CENTRE_STAFF

from .helpdesk_factories import agent, make_inquiry, reviewed_section  # noqa: F401 - agent is a fixture

pytestmark = pytest.mark.django_db

S = Inquiry.Status
QUESTION = "通勤手当の届出期限を知りたい。職員番号123456、電話090-1234-5678です。"


def answered(agent):
    return make_inquiry(
        agent,
        status=S.CLOSED,
        question=QUESTION,
        answer="住所変更から15日以内に届け出てください。問い合わせは内線1234の山田まで。 yamada@city.example.jp",
        category=Category.objects.get(slug="kyuyo"),
        subcategory="通勤手当",
    )


def test_the_draft_is_prefilled_masked_and_similar_faqs_come_first(portal_client, agent):
    inquiry = answered(agent)
    response = portal_client("intranet", agent).get(reverse("inquiries:make_faq", args=[inquiry.pk]))
    page = response.content.decode()
    form = response.context["form"]
    assert "123456" not in form.initial["question"] and "090" not in form.initial["question"]
    assert "yamada@" not in form.initial["answer"] and "［メール］" in form.initial["answer"]
    assert form.initial["category"].slug == "kyuyo" and form.initial["subcategory"] == "通勤手当"
    similar = response.context["similar"]
    assert similar and all(isinstance(faq, FAQPage) for faq in similar)
    assert page.index('data-testid="faq-similar"') < page.index('data-testid="faq-draft-form"')
    assert "通勤手当" in similar[0].title


def test_making_the_faq_sends_a_draft_through_the_section_approval_and_links_both_ways(portal_client, agent):
    inquiry = answered(agent)
    client = portal_client("intranet", agent)
    response = client.post(
        reverse("inquiries:make_faq", args=[inquiry.pk]),
        {
            "question": "転居したときの通勤手当の届出期限は？",
            "answer": "住所変更から15日以内です。\n庶務事務システムから届け出てください。",
            "category": Category.objects.get(slug="kyuyo").pk,
            "subcategory": "通勤手当",
            "section": reviewed_section("intranet").pk,
        },
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    faq = inquiry.faq
    assert faq is not None and not faq.live and faq.title == "転居したときの通勤手当の届出期限は？"
    assert "<p>庶務事務システムから届け出てください。</p>" in faq.get_latest_revision_as_object().answer
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(faq.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.workflow.name == "所管課承認（総務）"
    assert list(faq.source_inquiries.all()) == [inquiry]
    assert faq.title in client.get(reverse("inquiries:edit", args=[inquiry.pk])).content.decode()
    listed = client.get(reverse("inquiries:index"), {"faq": faq.pk}).content.decode()
    assert inquiry.reference in listed


def test_an_inquiry_can_be_linked_to_the_existing_faq_instead(portal_client, agent):
    inquiry = answered(agent)
    faq = FAQPage.objects.live().filter(title__contains="通勤手当").first()
    portal_client("intranet", agent).post(reverse("inquiries:make_faq", args=[inquiry.pk]), {"link": faq.pk})
    inquiry.refresh_from_db()
    assert inquiry.faq_id == faq.pk and FAQPage.objects.filter(title=QUESTION).count() == 0


def test_an_faq_of_the_other_portal_cannot_be_linked(portal_client, agent):
    inquiry = answered(agent)
    other = FAQPage.objects.live().exclude(url_path__startswith="/intranet/").first()
    assert portal_client("intranet", agent).post(reverse("inquiries:make_faq", args=[inquiry.pk]), {"link": other.pk}).status_code == 404
    inquiry.refresh_from_db()
    assert inquiry.faq is None


def test_only_answered_inquiries_become_faqs(portal_client, agent):
    inquiry = make_inquiry(agent)
    response = portal_client("intranet", agent).get(reverse("inquiries:make_faq", args=[inquiry.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("inquiries:edit", args=[inquiry.pk])


def test_centre_staff_may_propose_the_faq_too(portal_client, agent, role_user):
    inquiry = answered(agent)
    assert portal_client("intranet", role_user(CENTRE_STAFF, "intranet")).get(reverse("inquiries:make_faq", args=[inquiry.pk])).status_code == 200
