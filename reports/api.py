"""GET /api/v2/reports/daily/?portal=&from=&to=: a centre's daily figures as JSON, for the city's no-code tool
(kintone). The same figures as the 日次報告 and the 日別件数 table of the weekly and monthly reports.

Authentication is pluggable: REPORTS_API_AUTHENTICATION_CLASSES (settings) lists DRF authentication classes,
session authentication today; an API-token class is added there, without touching this view."""

from django.conf import settings
from django.utils.module_loading import import_string
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.dates import wareki
from portal.portals import PORTALS_BY_KEY

from . import periods
from .access import reporting_portals
from .measures import COUNTED
from .sections import Sections

MAX_DAYS = 366
FIELDS = ["received", "answered_on_day", "escalated_on_day", "carried_over", "items_received", "items_completed",
          "items_delivered", "items_carried_over", "errors_found", "incidents"]


def authentication_classes():
    return [import_string(path) for path in settings.REPORTS_API_AUTHENTICATION_CLASSES]


class DailyFiguresAPIView(APIView):
    permission_classes = [IsAuthenticated]

    def get_authenticators(self):
        return [authentication() for authentication in authentication_classes()]

    def get(self, request):
        portal_key = request.query_params.get("portal", "")
        if portal_key not in PORTALS_BY_KEY:
            return Response({"detail": f"portal は {' または '.join(PORTALS_BY_KEY)} を指定してください。"}, status=400)
        if portal_key not in reporting_portals(request.user):
            return Response({"detail": "このセンターの報告を見る権限がありません。"}, status=404)
        try:
            first = periods.parse_date(request.query_params.get("from"), "from")
            last = periods.parse_date(request.query_params.get("to", request.query_params.get("from")), "to")
            period = periods.date_range(first, last, MAX_DAYS)
        except periods.PeriodError as error:
            return Response({"detail": str(error)}, status=400)
        days = Sections(portal_key, period).daily_figures()
        return Response(
            {
                "portal": portal_key,
                "centre": PORTALS_BY_KEY[portal_key].centre,
                "from": first.isoformat(),
                "to": last.isoformat(),
                "fields": {key: COUNTED[key].label for key in FIELDS},
                "days": [
                    {"date": day["date"].isoformat(), "wareki": wareki(day["date"]), **{key: day[key] for key in FIELDS}}
                    for day in days
                ],
            }
        )
