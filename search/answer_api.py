"""GET /api/v2/answer/?q=&portal=&locale= for a chatbot: the one best answer — the FAQ or procedure guide with its answer
text, 様式 and confidence — or, when nothing is confident enough (SEARCH_ANSWER_MIN_CONFIDENCE), a handoff to the
portal's inquiry form with the question filled in, so the employee is never left without a next step.

Every question is recorded in the query log with source 「チャットボット」: an answered one as one result, a handoff
as none, so the questions the chatbot could not answer show among 結果が0件の検索語 — the FAQs to write next.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.openapi import error_responses, text
from portal.sites import portal_url

from . import engine, querylog
from .analysis import typed_query
from .api import LANGUAGE_PARAMETER, PORTAL_PARAMETER, requested_language, requested_portal
from .models import QueryLog
from .serializers import AnswerSerializer, HandoffSerializer


def inquiry_url(portal_key, query):
    """The absolute address of the portal's inquiry form with the question filled in."""
    return portal_url(portal_key, f"{reverse('helpdesk:inquiry')}?{urlencode({'q': query})}")


class AnswerAPIView(APIView):
    """The answer API; answers only from what the caller could open in the requested portal."""

    token_scopes = ("answer",)

    @extend_schema(
        operation_id="answer",
        summary="チャットボットへの回答",
        description="確信度が基準以上なら最良の回答（FAQ または手続きガイド）、なければ問い合わせフォームへの案内。",
        tags=["回答"],
        parameters=[text("q", "質問", required=True), PORTAL_PARAMETER, LANGUAGE_PARAMETER],
        responses={
            200: PolymorphicProxySerializer("AnswerOrHandoff", [AnswerSerializer, HandoffSerializer], None),
            **error_responses(bad_request="q がない、またはパラメーターの指定が正しくない"),
        },
    )
    def get(self, request):
        portal_key, refusal = requested_portal(request)
        language, refusal = (None, refusal) if refusal else requested_language(request)
        if refusal:
            return refusal
        query = typed_query(request.query_params.get("q", ""))
        if not query:
            return Response({"detail": "q に質問を指定してください。"}, status=400)
        answer = engine.best_answer(
            query,
            user=request.user,
            portal_key=portal_key,
            request=request,
            min_confidence=settings.SEARCH_ANSWER_MIN_CONFIDENCE,
            language=language,
        )
        querylog.log_search(
            query, user=request.user, portal_key=portal_key, result_count=int(answer is not None),
            source=QueryLog.Source.CHATBOT,
        )
        if answer is None:
            return Response({"handoff": True, "inquiry_url": inquiry_url(portal_key, query)})
        return Response({"handoff": False, "answer": answer})
