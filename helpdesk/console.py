"""The agent's console: one keyboard-first screen for a contact in progress (/admin/inquiries/new/) and for working
on a recorded inquiry (/admin/inquiries/edit/<pk>/).

The record's fields are an ordinary form; what happens to the inquiry is one of the action buttons (回答を記録,
回答して完了, 所管課へ照会, 再回答, 完了, 再開 …), each a move of helpdesk.states made together with the edited fields
in one short transaction, so a refused move loses nothing typed. Suggestions come from /admin/inquiries/suggestions/
(helpdesk.suggestions) while the question is typed; static/helpdesk/console.js binds the keys.
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page

from portal.sites import portal_for_request

from . import states, suggestions
from .access import agents, handling_portals, load_inquiry
from .forms import AdjustmentForm, ConsoleForm, EscalationForm
from .models import AnswerTemplate, Inquiry

S = Inquiry.Status
STARTED_SALT = "helpdesk.console.started"
STARTED_MAX_AGE = 12 * 60 * 60


class Action:
    """A console button: the moves it makes in order, and its key (Alt+letter, shown on the button)."""

    def __init__(self, key, label, targets, shortcut, style="button"):
        self.key, self.label, self.targets, self.shortcut, self.style = key, label, targets, shortcut, style


ACTIONS = [
    Action("take", "対応開始", [S.IN_PROGRESS], "R"),
    Action("answer", "回答を記録", [S.ANSWERED], "R"),
    Action("answer_close", "回答して完了", [S.ANSWERED, S.CLOSED], "C"),
    Action("reanswer", "再回答を記録", [S.REANSWERED], "R"),
    Action("reanswer_close", "再回答して完了", [S.REANSWERED, S.CLOSED], "C"),
    Action("close", "完了", [S.CLOSED], "C"),
    Action("escalate", "所管課へ照会", [S.ESCALATED], "E", "button button-secondary"),
    Action("reopen", "再開", [S.IN_PROGRESS], "O", "button button-secondary"),
]
ACTIONS_BY_KEY = {action.key: action for action in ACTIONS}
KEYS = [
    ("Alt+Q", "問い合わせ内容へ"),
    ("Alt+J", "候補の一覧へ（↑↓で選び、Enterで参照に追加して回答に写す、Escで戻る）"),
    ("Alt+A", "回答へ"),
    ("Alt+T", "定型文（↑↓で選び、Enterで回答のカーソル位置に挿入）"),
    ("Ctrl+Enter / Alt+S", "保存"),
]


def actions_for(status):
    """The buttons an inquiry in `status` offers (a new contact is taken up when first saved: 対応中)."""
    return [action for action in ACTIONS if (status, action.targets[0]) in states.MOVES_BY_STATES]


def started_token():
    return signing.dumps(timezone.now().isoformat(), salt=STARTED_SALT)


def started_at(token):
    """When the console was opened for this contact, from the signed token the page carries; now if it is
    missing, forged or stale."""
    try:
        return parse_datetime(signing.loads(token or "", salt=STARTED_SALT, max_age=STARTED_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return timezone.now()


class ConsoleView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "helpdesk/admin/console.html"
    header_icon = "help"

    def dispatch(self, request, pk=None):
        portals = handling_portals(request.user)
        if pk is None:
            if not portals:
                raise PermissionDenied
            self.inquiry = None
            self.portal_key = self._portal_for_new(request, portals)
        else:
            self.inquiry = load_inquiry(request, pk)
            if self.inquiry.portal not in portals:
                raise PermissionDenied
            self.portal_key = self.inquiry.portal
        return super().dispatch(request, pk=pk)

    @staticmethod
    def _portal_for_new(request, portals):
        """The centre of a new contact: the one asked for, else the one whose host this is, else the first."""
        asked = request.POST.get("portal") or request.GET.get("portal")
        if asked in portals:
            return asked
        spec, _home = portal_for_request(request)
        return spec.key if spec and spec.key in portals else portals[0]

    def get_page_title(self):
        return self.inquiry.reference if self.inquiry else "電話・窓口の受付（新しい問い合わせ）"

    def get_page_subtitle(self):
        return self.inquiry.get_status_display() if self.inquiry else ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("inquiries:index"), "label": "問い合わせ"},
            {"url": "", "label": self.get_page_title()},
        ]

    def forms(self, data=None, action=None):
        inquiry = self.inquiry or Inquiry(portal=self.portal_key)
        form = ConsoleForm(
            data,
            instance=inquiry,
            portal_key=self.portal_key,
            agents=agents(self.portal_key),
            started_at=started_at(data.get("started")) if data else None,
            initial={} if self.inquiry else {"received_at": timezone.localtime().replace(second=0, microsecond=0)},
        )
        escalation = EscalationForm(data if action == "escalate" else None, portal_key=self.portal_key, prefix="escalation")
        if self.inquiry and not escalation.is_bound:
            escalation.fields["question"].initial = self.inquiry.masked_question()
        adjustment = AdjustmentForm(data if action == "adjust" else None, prefix="adjustment")
        return form, escalation, adjustment

    def get(self, request, pk=None):
        form, escalation, adjustment = self.forms()
        keys = suggestions.reference_keys(self.inquiry) if self.inquiry else []
        return self.render_to_response(self.get_context_data(form=form, escalation_form=escalation, adjustment_form=adjustment, reference_keys=keys))

    def post(self, request, pk=None):
        action = request.POST.get("action", "save")
        form, escalation, adjustment = self.forms(request.POST, action)
        keys = request.POST.getlist("reference")
        if action == "adjust":
            return self._adjust(adjustment, form, escalation, keys)
        if action != "save" and action not in ACTIONS_BY_KEY:
            form.add_error(None, "この操作はありません。")
        resolved = []
        for key in keys:
            try:
                resolved.append(suggestions.resolve_reference(key, user=request.user, portal_key=self.portal_key))
            except ValidationError as error:
                form.add_error(None, error.messages[0])
        if form.is_valid() and (action != "escalate" or escalation.is_valid()):
            try:
                inquiry = self._apply(form, escalation, action, resolved)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                return self._done(inquiry, action)
        context = self.get_context_data(form=form, escalation_form=escalation, adjustment_form=adjustment, reference_keys=keys)
        return self.render_to_response(context, status=400)

    def _apply(self, form, escalation, action, resolved):
        """Save the record and make the action's moves in one transaction; raises ValidationError (nothing kept)."""
        user = self.request.user
        with transaction.atomic():
            inquiry = form.save(commit=False)
            assignee = form.cleaned_data["assignee"]
            new = inquiry.pk is None
            if new:
                inquiry.assignee = assignee or user
                states.receive(inquiry, user)
            else:
                if assignee != inquiry.assignee:
                    states.assign(inquiry, assignee, user)
                if action == "save":
                    inquiry.save()
                    log(inquiry, "wagtail.edit", user=user)
            suggestions.set_references(inquiry, resolved, user)
            note = self.request.POST.get("note", "").strip()
            if action == "escalate":
                data = escalation.cleaned_data
                states.escalate(inquiry, section=data["section"], question=data["question"], due_date=data["due_date"], user=user)
            elif action != "save":
                for target in ACTIONS_BY_KEY[action].targets:
                    states.transition(inquiry, target, user, note)
        return inquiry

    def _done(self, inquiry, action):
        label = "保存" if action == "save" else ACTIONS_BY_KEY[action].label
        messages.success(self.request, f"{inquiry.reference}：{label}しました（状態：{inquiry.get_status_display()}）。")
        if inquiry.status == S.CLOSED and self.inquiry is None:
            return redirect(f"{reverse('inquiries:add')}?portal={inquiry.portal}")
        return redirect("inquiries:edit", inquiry.pk)

    def _adjust(self, adjustment, form, escalation, keys):
        if self.inquiry is not None and adjustment.is_valid():
            try:
                states.adjust(self.inquiry, user=self.request.user, **adjustment.cleaned_data)
            except ValidationError as error:
                adjustment.add_error(None, error.messages[0])
            else:
                messages.success(self.request, f"{self.inquiry.reference}：対応時間を補正しました。")
                return redirect("inquiries:edit", self.inquiry.pk)
        context = self.get_context_data(form=form, escalation_form=escalation, adjustment_form=adjustment, reference_keys=keys)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inquiry = self.inquiry
        status = inquiry.status if inquiry else S.IN_PROGRESS
        context.update(
            inquiry=inquiry,
            portal_key=self.portal_key,
            portals=handling_portals(self.request.user),
            actions=actions_for(status),
            started=started_token(),
            keys=KEYS,
            answer_templates=AnswerTemplate.objects.filter(portal=self.portal_key),
            references=self._reference_items(kwargs.get("reference_keys", [])),
            suggestions_url=reverse("inquiries:suggestions"),
        )
        if inquiry:
            context.update(
                transitions=inquiry.transitions.select_related("user"),
                escalations=inquiry.escalations.select_related("section", "asked_by", "replied_by"),
                adjustments=inquiry.adjustments.select_related("user"),
                may_make_faq=inquiry.has_answer and inquiry.faq_id is None,
            )
        return context

    def _reference_items(self, keys):
        """Title and link of each linked reference (for the chips the console shows)."""
        items = []
        for key in keys:
            try:
                fields = suggestions.resolve_reference(key, user=self.request.user, portal_key=self.portal_key)
            except ValidationError:
                continue
            target = next(iter(fields.values()))
            if isinstance(target, Inquiry):
                title, url = target.reference, reverse("inquiries:edit", args=[target.pk])
            elif isinstance(target, Page):
                title, url = target.title, target.url
            else:
                title, url = str(target), target.get_absolute_url()
            items.append({"key": key, "title": title, "url": url})
        return items


def suggestions_view(request):
    """GET ?q=&portal=&exclude=: the console's live suggestions as JSON (agents of that centre only)."""
    portal_key = request.GET.get("portal", "")
    if portal_key not in handling_portals(request.user):
        return JsonResponse({"detail": "このセンターの問い合わせを扱う権限がありません。"}, status=403)
    exclude = request.GET.get("exclude", "")
    data = suggestions.console_suggestions(
        request.GET.get("q", "")[:500],
        user=request.user,
        portal_key=portal_key,
        exclude=int(exclude) if exclude.isdigit() else None,
        request=request,
    )
    return JsonResponse(data)
