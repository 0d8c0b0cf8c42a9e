from django.urls import path

from .api import DailyFiguresAPIView

urlpatterns = [path("daily/", DailyFiguresAPIView.as_view(), name="reports_daily_api")]
