"""/api/v2/inquiries/: the inquiries of the caller's centres as JSON, and their status changes through the same state
machine as the console (a refused move is a 400 with the same Japanese message). Question and answer are masked:
JSON leaves the portal (spreadsheets, the city's tools), so it carries no personal data."""

import unicodedata

from django.http import Http404
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.models import Section

from . import states
from .access import handling_portals, load_inquiry, visible_inquiries
from .forms import EscalationForm
from .models import Inquiry
from .views import QUEUES_BY_KEY

MAX_LIMIT = 100


def inquiry_json(inquiry, *, detail=False):
    data = {
        "reference": inquiry.reference,
        "portal": inquiry.portal,
        "channel": inquiry.channel,
        "received_at": inquiry.received_at,
        "status": inquiry.status,
        "status_label": inquiry.get_status_display(),
        "assignee": inquiry.assignee.get_username() if inquiry.assignee else None,
        "category": inquiry.category.name if inquiry.category else None,
        "subcategory": inquiry.subcategory,
        "answered_at": inquiry.answered_at,
        "closed_at": inquiry.closed_at,
        "handling_minutes": inquiry.handling_minutes,
        "answered_first_tier": inquiry.answered_first_tier,
        "completed_in_centre": inquiry.completed_in_centre,
        "is_complaint": inquiry.is_complaint,
        "is_difficult": inquiry.is_difficult,
    }
    if detail:
        data["question"] = inquiry.masked_question()
        data["answer"] = inquiry.masked_answer()
        data["allowed_statuses"] = [move.target for move in states.moves_from(inquiry.status)]
        data["transitions"] = [
            {"from_status": t.from_status, "to_status": t.to_status, "user": t.user.get_username() if t.user else None, "at": t.at}
            for t in inquiry.transitions.select_related("user")
        ]
    return data


def _bad_request(message):
    return Response({"detail": message}, status=400)


def _number(value, default, maximum, name):
    value = unicodedata.normalize("NFKC", value or "").strip()
    if not value:
        return default, None
    if not value.isdigit() or int(value) > maximum:
        return None, f"{name}は0から{maximum}までの整数で指定してください。"
    return int(value), None


class InquiryListAPIView(APIView):
    """GET ?queue=&status=&limit=&offset=: newest first."""

    def get(self, request):
        inquiries = visible_inquiries(request.user).select_related("assignee", "category")
        queue, status = request.query_params.get("queue"), request.query_params.get("status")
        if queue:
            if queue not in QUEUES_BY_KEY:
                return _bad_request(f"queue には {'、'.join(QUEUES_BY_KEY)} のいずれかを指定してください。")
            inquiries = QUEUES_BY_KEY[queue].select(inquiries, request.user, timezone.localdate())
        if status:
            if status not in Inquiry.Status.values:
                return _bad_request(f"status には {'、'.join(Inquiry.Status.values)} のいずれかを指定してください。")
            inquiries = inquiries.filter(status=status)
        limit, error = _number(request.query_params.get("limit"), 20, MAX_LIMIT, "limit")
        if error:
            return _bad_request(error)
        offset, error = _number(request.query_params.get("offset"), 0, 1_000_000, "offset")
        if error:
            return _bad_request(error)
        return Response(
            {"count": inquiries.count(), "results": [inquiry_json(i) for i in inquiries[offset : offset + max(limit, 1)]]}
        )


def _by_reference(request, reference, *, handle=False):
    found = Inquiry.objects.filter(reference=reference).values_list("pk", flat=True).first()
    if found is None:
        raise Http404
    return load_inquiry(request, found, handle=handle)


class InquiryDetailAPIView(APIView):
    def get(self, request, reference):
        return Response(inquiry_json(_by_reference(request, reference), detail=True))


class InquiryTransitionAPIView(APIView):
    """POST {"to_status", "note", "answer"} (and for エスカレーション中 "section" slug, "question", "due_date")."""

    def post(self, request, reference):
        inquiry = _by_reference(request, reference)
        if inquiry.portal not in handling_portals(request.user):
            return Response({"detail": "この問い合わせの状態を変更する権限がありません。"}, status=403)
        data = request.data
        target = str(data.get("to_status", ""))
        if isinstance(data.get("answer"), str):
            inquiry.answer = data["answer"]
        note = str(data.get("note", ""))
        try:
            if target == Inquiry.Status.ESCALATED:
                return self._escalate(request, inquiry, data)
            states.transition(inquiry, target, request.user, note)
        except states.TransitionRefused as error:
            return _bad_request(error.messages[0])
        inquiry.refresh_from_db()
        return Response(inquiry_json(inquiry, detail=True))

    def _escalate(self, request, inquiry, data):
        section = Section.objects.filter(slug=str(data.get("section", ""))).first()
        form = EscalationForm(
            {
                "escalation-section": section.pk if section else "",
                "escalation-question": data.get("question", ""),
                "escalation-due_date": data.get("due_date", ""),
            },
            portal_key=inquiry.portal,
            prefix="escalation",
        )
        if not form.is_valid():
            return _bad_request(" ".join(message for errors in form.errors.values() for message in errors))
        states.escalate(inquiry, user=request.user, **form.cleaned_data)
        inquiry.refresh_from_db()
        return Response(inquiry_json(inquiry, detail=True))
