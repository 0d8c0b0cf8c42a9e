"""The inquiry log in the admin, scoped to the centres the agent works for."""

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_views import ScopedObjectMixin
from portal.portals import PORTALS
from portal.roles import reads_internal

from .models import Inquiry


def own_portals(user):
    """The keys of the portals whose inquiries `user` works on."""
    return [p.key for p in PORTALS if reads_internal(user, p.key)]


def visible_inquiries(user):
    return Inquiry.objects.filter(portal__in=own_portals(user))


class InquiryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return visible_inquiries(self.request.user)


class OwnCentreObjectMixin(ScopedObjectMixin):
    """Opening another centre's inquiry by URL is a 404."""

    scope = staticmethod(visible_inquiries)


class OwnCentreFormMixin:
    """An inquiry can be recorded only for the agent's own centre."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        portals = own_portals(self.request.user)
        form.fields["portal"].choices = [(key, label) for key, label in form.fields["portal"].choices if key in portals]
        return form


class InquiryCreateView(OwnCentreFormMixin, generic.CreateView):
    pass


class InquiryEditView(OwnCentreObjectMixin, OwnCentreFormMixin, generic.EditView):
    pass


class InquiryCopyView(OwnCentreObjectMixin, OwnCentreFormMixin, generic.CopyView):
    pass


class InquiryDeleteView(OwnCentreObjectMixin, generic.DeleteView):
    pass


class InquiryInspectView(OwnCentreObjectMixin, generic.InspectView):
    pass


class InquiryHistoryView(OwnCentreObjectMixin, HistoryView):
    pass


class InquiryUsageView(OwnCentreObjectMixin, UsageView):
    pass


class InquiryViewSet(ModelViewSet):
    model = Inquiry
    index_view_class = InquiryIndexView
    add_view_class = InquiryCreateView
    edit_view_class = InquiryEditView
    copy_view_class = InquiryCopyView
    delete_view_class = InquiryDeleteView
    inspect_view_class = InquiryInspectView
    history_view_class = InquiryHistoryView
    usage_view_class = InquiryUsageView
    icon = "help"
    menu_label = "問い合わせ"
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        TitleColumn("reference", label="受付番号", url_name="inquiries:inspect"),
        DateColumn("received_at", label="受付日時"),
        Column("portal", label="ポータル", accessor="get_portal_display"),
        Column("channel", label="受付方法", accessor="get_channel_display"),
        "question",
        Column("requester", label="問い合わせた職員"),
        Column("status", label="状態", accessor="get_status_display"),
    ]
    list_filter = ["portal", "status", "channel", "category"]
    search_fields = ["reference", "question", "answer"]
    search_backend_name = None
    inspect_view_enabled = True
    form_fields = [
        "portal",
        "channel",
        "received_at",
        "requester_name",
        "requester_affiliation",
        "requester_audience",
        "category",
        "subcategory",
        "question",
        "contact_method",
        "contact_phone",
        "answer",
        "is_complaint",
        "is_difficult",
    ]
