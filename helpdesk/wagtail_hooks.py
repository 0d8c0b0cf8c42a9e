from wagtail import hooks

from .views import InquiryViewSet


@hooks.register("register_admin_viewset")
def register_inquiry_viewset():
    return InquiryViewSet("inquiries")
