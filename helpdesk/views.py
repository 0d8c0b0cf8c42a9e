"""The inquiry log in the admin, scoped to the centres the agent works for."""

from django.http import Http404
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.portals import PORTALS
from portal.roles import reads_internal

from .models import Inquiry


def visible_inquiries(user):
    return Inquiry.objects.filter(portal__in=[p.key for p in PORTALS if reads_internal(user, p.key)])


class InquiryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return visible_inquiries(self.request.user)


class OwnCentreObjectMixin:
    """Editing or deleting another centre's inquiry by URL is a 404."""

    def get_object(self, queryset=None):
        inquiry = super().get_object(queryset)
        if not visible_inquiries(self.request.user).filter(pk=inquiry.pk).exists():
            raise Http404
        return inquiry


class InquiryEditView(OwnCentreObjectMixin, generic.EditView):
    pass


class InquiryDeleteView(OwnCentreObjectMixin, generic.DeleteView):
    pass


class InquiryViewSet(ModelViewSet):
    model = Inquiry
    index_view_class = InquiryIndexView
    edit_view_class = InquiryEditView
    delete_view_class = InquiryDeleteView
    icon = "help"
    menu_label = "問い合わせ"
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        DateColumn("received_at", label="受付日時"),
        Column("portal", label="ポータル", accessor="get_portal_display"),
        Column("channel", label="受付方法", accessor="get_channel_display"),
        "question",
        Column("status", label="状態", accessor="get_status_display"),
    ]
    list_filter = ["portal", "status", "channel", "category"]
    search_fields = ["question", "answer"]
    search_backend_name = None
    inspect_view_enabled = True
    form_fields = [
        "portal",
        "channel",
        "received_at",
        "caller_audience",
        "category",
        "question",
        "answer",
        "status",
        "answered_at",
        "answered_first_tier",
        "escalated_to",
        "handling_minutes",
    ]
