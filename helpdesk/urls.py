from django.urls import path

from . import api, inquiry_form, my_inquiries

app_name = "helpdesk"

urlpatterns = [
    path("inquiry/", inquiry_form.InquiryFormView.as_view(), name="inquiry"),
    path("inquiry/suggestions/", inquiry_form.SuggestionsView.as_view(), name="inquiry_suggestions"),
    path("inquiry/answer/<int:pk>/", inquiry_form.SuggestedAnswerView.as_view(), name="inquiry_answer"),
    path("inquiry/mine/", my_inquiries.MyInquiriesView.as_view(), name="my_inquiries"),
    path("inquiry/mine/<str:reference>/", my_inquiries.MyInquiryView.as_view(), name="my_inquiry"),
    path("api/v2/inquiries/", api.InquiryListAPIView.as_view(), name="api_inquiries"),
    path("api/v2/inquiries/<str:reference>/", api.InquiryDetailAPIView.as_view(), name="api_inquiry"),
    path("api/v2/inquiries/<str:reference>/transitions/", api.InquiryTransitionAPIView.as_view(), name="api_inquiry_transitions"),
]
