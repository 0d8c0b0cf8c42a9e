from django.urls import path

from .inquiry_form import InquiryFormView

app_name = "helpdesk"

urlpatterns = [
    path("inquiry/", InquiryFormView.as_view(), name="inquiry"),
]
