"""The section reviewers' inbox (Admin → 所管課への照会): the escalations addressed to the sections they approve for,
in the portal where they hold the 業務所管課 role, and nothing else; they reply there."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import states
from .forms import ReplyForm
from .models import Escalation


def inbox(user):
    return Escalation.objects.addressed_to(user).select_related("inquiry", "section", "asked_by", "replied_by")


class InboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "helpdesk/admin/inbox.html"
    page_title = "所管課への照会"
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        escalations = inbox(self.request.user)
        today = timezone.localdate()
        return super().get_context_data(
            waiting=[(e, e.is_overdue(today)) for e in escalations.unanswered()],
            answered=escalations.filter(replied_at__isnull=False).order_by("-replied_at")[:50],
            **kwargs,
        )


class ReplyView(WagtailAdminTemplateMixin, FormView):
    template_name = "helpdesk/admin/reply.html"
    form_class = ReplyForm
    header_icon = "mail"

    def dispatch(self, request, pk):
        self.escalation = inbox(request.user).filter(pk=pk).first()
        if self.escalation is None:
            raise Http404("照会が見つかりません。")
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"照会 {self.escalation.inquiry.reference}"

    def get_context_data(self, **kwargs):
        escalation = self.escalation
        return super().get_context_data(
            escalation=escalation,
            inquiry=escalation.inquiry,
            overdue=escalation.is_overdue(),
            earlier=escalation.inquiry.escalations.exclude(pk=escalation.pk).select_related("section"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            states.reply(self.escalation, text=form.cleaned_data["reply"], user=self.request.user)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, f"{self.escalation.inquiry.reference}の照会に回答しました。センターに通知しました。")
        return redirect("helpdesk_escalations")
