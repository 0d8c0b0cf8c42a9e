"""/inquiry/ on each portal: a signed-in employee asks the centre a question, typically after search found nothing.

The question becomes an Inquiry of that portal (受付方法 「ポータル」, 状態 「受付」) in the centre's inquiry list.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import FormView

from portal.roles import user_roles
from portal.sites import portal_for_request
from search.analysis import typed_query

from .forms import QUESTION_LIMIT, PortalInquiryForm
from . import states
from .models import Inquiry

RECENT = 5


def inquiry_url(query=""):
    """The inquiry form, with `query` (what the employee searched for) as the start of the question."""
    url = reverse("helpdesk:inquiry")
    return f"{url}?{urlencode({'q': query})}" if query else url


class InquiryFormView(FormView):
    template_name = "helpdesk/inquiry_form.html"
    form_class = PortalInquiryForm

    def dispatch(self, request, *args, **kwargs):
        """Only the portal's own users may ask its centre; anyone else is refused, not silently redirected."""
        self.portal, self.home = portal_for_request(request)
        if self.portal is None:
            raise Http404("このアドレスのポータルはありません。")
        if not user_roles(request.user, self.portal.key):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        user = self.request.user
        return {
            "question": typed_query(self.request.GET.get("q", ""))[:QUESTION_LIMIT],
            "contact_method": Inquiry.ContactMethod.EMAIL if user.email else Inquiry.ContactMethod.PHONE,
        }

    def get_form_kwargs(self):
        inquiry = Inquiry(
            portal=self.portal.key,
            channel=Inquiry.Channel.PORTAL,
            requester=self.request.user,
        )
        return {**super().get_form_kwargs(), "instance": inquiry, "user": self.request.user}

    def form_valid(self, form):
        inquiry = states.receive(form.save(commit=False), self.request.user, take=False)
        how = "メール" if inquiry.contact_method == Inquiry.ContactMethod.EMAIL else "電話"
        messages.success(
            self.request,
            f"問い合わせを受け付けました（受付番号 {inquiry.reference}）。{self.portal.centre}から{how}で回答します。",
        )
        return redirect("helpdesk:inquiry")

    def get_context_data(self, **kwargs):
        recent = Inquiry.objects.filter(portal=self.portal.key, requester=self.request.user)[:RECENT]
        return super().get_context_data(
            portal=self.portal,
            portal_home=self.home,
            searched=typed_query(self.request.GET.get("q", "")),
            recent=recent,
            question_limit=QUESTION_LIMIT,
            **kwargs,
        )
