"""FAQ化: an answered inquiry becomes a draft FAQ (question and answer masked, for every employee to read) that goes
through the portal's normal 所管課承認 workflow; the existing FAQs most like it are shown first, and the inquiry can
be linked to one of them instead of making a duplicate."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from faq.models import FAQIndexPage, FAQPage
from portal.models import Audience, Category, Section
from search import engine

from .access import load_inquiry

SIMILAR = 5


def as_rich_text(text):
    """Plain text as paragraphs of rich text."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


class FAQDraftForm(forms.Form):
    question = forms.CharField(label="質問（FAQのタイトル）", max_length=255, error_messages={"required": "質問を入力してください。"})
    answer = forms.CharField(label="回答", widget=forms.Textarea(attrs={"rows": 8}), error_messages={"required": "回答を入力してください。"})
    category = forms.ModelChoiceField(label="業務分類", queryset=Category.objects.all(), error_messages={"required": "業務分類を選んでください。"})
    subcategory = forms.CharField(label="小分類", max_length=100, required=False)
    section = forms.ModelChoiceField(label="業務所管課", queryset=Section.objects.all(), required=False, help_text="承認する所管課です。")
    audiences = forms.ModelMultipleChoiceField(label="対象者", queryset=Audience.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, portal_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audiences"].queryset = Audience.objects.filter(portal__in=["", portal_key])


class FAQDraftView(WagtailAdminTemplateMixin, FormView):
    template_name = "helpdesk/admin/faq_draft.html"
    form_class = FAQDraftForm
    header_icon = "help"

    def dispatch(self, request, pk):
        self.inquiry = load_inquiry(request, pk)
        self.index = FAQIndexPage.objects.filter(path__startswith=self._home().path).first()
        if not self.inquiry.has_answer or self.index is None:
            messages.error(request, "FAQにできるのは回答済みの問い合わせです。")
            return redirect("inquiries:edit", pk)
        return super().dispatch(request, pk)

    def _home(self):
        from pages.models import portal_home

        return portal_home(self.inquiry.portal)

    def get_page_title(self):
        return f"{self.inquiry.reference}をFAQにする"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "portal_key": self.inquiry.portal}

    def get_initial(self):
        inquiry = self.inquiry
        escalation = inquiry.escalations.order_by("-asked_at").first()
        return {
            "question": inquiry.masked_question()[:255],
            "answer": inquiry.masked_answer(),
            "category": inquiry.category,
            "subcategory": inquiry.subcategory,
            "section": escalation.section if escalation else None,
        }

    def similar_faqs(self):
        """The FAQs of the portal most like the question, best first, to catch duplicates before writing one."""
        response = engine.search(
            self.inquiry.masked_question(), user=self.request.user, portal_key=self.inquiry.portal, types=["faq"], limit=SIMILAR
        )
        found = FAQPage.objects.in_bulk([row["id"] for row in response.results])
        return [found[row["id"]] for row in response.results if row["id"] in found]

    def get_context_data(self, **kwargs):
        return super().get_context_data(inquiry=self.inquiry, similar=self.similar_faqs(), **kwargs)

    def post(self, request, *args, **kwargs):
        link = request.POST.get("link")
        if link:
            return self._link_existing(link)
        return super().post(request, *args, **kwargs)

    def _link_existing(self, pk):
        faq = FAQPage.objects.descendant_of(self.index).filter(pk=pk if str(pk).isdigit() else None).first()
        if faq is None:
            raise Http404("このセンターのFAQではありません。")
        self._set_faq(faq)
        messages.success(self.request, f"{self.inquiry.reference}を既存のFAQ「{faq.title}」に紐付けました。")
        return redirect("inquiries:edit", self.inquiry.pk)

    def _set_faq(self, faq):
        self.inquiry.faq = faq
        self.inquiry.save(update_fields=["faq"])
        log(self.inquiry, "helpdesk.faq", user=self.request.user, data={"faq": faq.pk})

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        with transaction.atomic():
            faq = FAQPage(
                title=data["question"],
                answer=as_rich_text(data["answer"]),
                category=data["category"],
                subcategory=data["subcategory"],
                section=data["section"],
                live=False,
                owner=user,
            )
            faq.slug = faq.external_id
            faq.audiences.set(data["audiences"])
            self.index.add_child(instance=faq)
            faq.save_revision(user=user, log_action=True)
            workflow = faq.get_workflow()
            if workflow is not None:
                workflow.start(faq, user)
            self._set_faq(faq)
        messages.success(self.request, f"FAQの下書き「{faq.title}」を作成し、所管課承認に回しました。")
        return redirect(reverse("inquiries:edit", args=[self.inquiry.pk]))
