"""/inquiry/ on each portal: a signed-in employee asks the centre a question, typically after search found nothing.

While they type, matching FAQs and procedures are offered (live, and once more before sending if they have not
seen any). Opening one keeps what they typed (a draft in their session); answering 「解決しました」 there records
a Deflection instead of an inquiry, 「解決しない」 brings them back to the form as they left it. Otherwise the
question becomes an Inquiry of that portal (受付方法 「ポータル」, 状態 「受付」) with its 受付番号.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import FormView
from wagtail.models import Page

from faq.models import FAQPage
from pages.models import ProcedurePage
from portal.scope import request_portal
from search.analysis import typed_query

from . import states
from .forms import QUESTION_LIMIT, PortalInquiryForm
from portal.masking import mask_personal_data
from .models import Deflection, Inquiry
from .suggestions import employee_suggestions

RECENT = 5
DRAFT_KEY = "helpdesk_inquiry_draft"
DRAFT_FIELDS = ["question", "category", "contact_method", "contact_phone"]
DEFLECTING_PAGES = (FAQPage, ProcedurePage)


class PortalUserMixin:
    """Only the portal's own users may ask its centre; anyone else is refused, not silently redirected."""

    def dispatch(self, request, *args, **kwargs):
        """Asks the centre of this host's portal (users of the other portal get the 403 page from
        portal.middleware.PortalMembershipMiddleware)."""
        self.portal, self.home = request_portal(request)
        if self.portal is None:
            raise Http404("このアドレスのポータルはありません。")
        return super().dispatch(request, *args, **kwargs)

    def draft(self):
        """What the employee had typed before opening a suggestion, if it was typed on this portal."""
        draft = self.request.session.get(DRAFT_KEY) or {}
        return draft if draft.get("portal") == self.portal.key else {}

    def save_draft(self, data):
        self.request.session[DRAFT_KEY] = {"portal": self.portal.key, **{name: data.get(name, "") for name in DRAFT_FIELDS}}

    def clear_draft(self):
        self.request.session.pop(DRAFT_KEY, None)


class InquiryFormView(PortalUserMixin, FormView):
    template_name = "helpdesk/inquiry_form.html"
    form_class = PortalInquiryForm

    def get_initial(self):
        user = self.request.user
        initial = {
            "question": typed_query(self.request.GET.get("q", ""))[:QUESTION_LIMIT],
            "contact_method": Inquiry.ContactMethod.EMAIL if user.email else Inquiry.ContactMethod.PHONE,
        }
        draft = self.draft()
        if draft and not self.request.GET.get("q"):
            initial.update({name: value for name, value in draft.items() if name in DRAFT_FIELDS and value})
        return initial

    def get_form_kwargs(self):
        inquiry = Inquiry(portal=self.portal.key, channel=Inquiry.Channel.PORTAL, requester=self.request.user)
        return {**super().get_form_kwargs(), "instance": inquiry, "user": self.request.user}

    def post(self, request, *args, **kwargs):
        opened = request.POST.get("open", "")
        if opened.isdigit():
            self.save_draft(request.POST)
            return redirect("helpdesk:inquiry_answer", int(opened))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        question = form.cleaned_data["question"]
        if not self.request.POST.get("send") and not self.request.POST.get("suggestions_seen"):
            suggestions = employee_suggestions(question, user=self.request.user, portal_key=self.portal.key, request=self.request)
            if suggestions:
                return self.render_to_response(self.get_context_data(form=form, suggestions=suggestions, checking=True))
        with transaction.atomic():
            inquiry = states.receive(form.save(commit=False), self.request.user, take=False)
        self.clear_draft()
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
            suggestions_url=reverse("helpdesk:inquiry_suggestions"),
            **kwargs,
        )


class SuggestionsView(PortalUserMixin, View):
    """GET ?q=: the FAQs and procedures matching what the employee is typing, as JSON for the form's script."""

    def get(self, request):
        query = typed_query(request.GET.get("q", ""))[:QUESTION_LIMIT]
        results = employee_suggestions(query, user=request.user, portal_key=self.portal.key, request=request) if query else []
        return JsonResponse(
            {"results": [{key: row[key] for key in ("id", "type_label", "title", "snippet")} for row in results]}
        )


class SuggestedAnswerView(PortalUserMixin, View):
    """A suggested FAQ or procedure shown inside the inquiry form's frame, with 「解決しました」 and the way back."""

    def page(self, pk):
        page = Page.objects.filter(pk=pk).live().descendant_of(self.home).specific().first()
        if not isinstance(page, DEFLECTING_PAGES):
            raise Http404("このページはありません。")
        if not all(restriction.accept_request(self.request) for restriction in page.get_view_restrictions()):
            raise Http404("このページはありません。")
        return page

    def get(self, request, pk):
        return TemplateResponse(
            request,
            "helpdesk/inquiry_answer.html",
            {"portal": self.portal, "portal_home": self.home, "suggested": self.page(pk), "draft": self.draft()},
        )

    def post(self, request, pk):
        """「解決しました」: the question (masked, without who asked) is kept as a deflection, nothing is sent."""
        page = self.page(pk)
        question = self.draft().get("question", "")
        Deflection.objects.create(portal=self.portal.key, question=mask_personal_data(question)[:QUESTION_LIMIT], page=page)
        self.clear_draft()
        messages.success(request, f"「{page.title}」で解決したことを記録しました。ありがとうございました。")
        return redirect(page.url)
