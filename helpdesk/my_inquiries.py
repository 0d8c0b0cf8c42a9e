"""/inquiry/mine/: an employee's own inquiries to this portal's centre, with their state and, once answered, the
answer. Nobody else's: another employee's 受付番号 is a 404."""

from django.http import Http404
from django.views.generic import DetailView, ListView

from .inquiry_form import PortalUserMixin
from .models import Inquiry

PER_PAGE = 20


class OwnInquiriesMixin(PortalUserMixin):
    def get_queryset(self):
        return Inquiry.objects.filter(portal=self.portal.key, requester=self.request.user).select_related("category")

    def get_context_data(self, **kwargs):
        return super().get_context_data(portal=self.portal, portal_home=self.home, **kwargs)


class MyInquiriesView(OwnInquiriesMixin, ListView):
    template_name = "helpdesk/my_inquiries.html"
    context_object_name = "inquiries"
    paginate_by = PER_PAGE


class MyInquiryView(OwnInquiriesMixin, DetailView):
    template_name = "helpdesk/my_inquiry.html"
    context_object_name = "inquiry"

    def get_object(self, queryset=None):
        inquiry = self.get_queryset().filter(reference=self.kwargs["reference"]).first()
        if inquiry is None:
            raise Http404("この受付番号の問い合わせはありません。")
        return inquiry
