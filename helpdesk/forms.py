"""Forms of the inquiry loop: the employee's question on the portal, and the agent's console, escalation, the
section's reply and handling-time corrections in the admin."""

import datetime
import re
import unicodedata

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from portal.business_days import BusinessCalendar
from portal.dates import wareki
from portal.models import Audience, Category, Section
from portal.portals import PORTALS_BY_KEY
from portal.roles import SECTION_REVIEWER, group_name
from search.analysis import CONTROL_CHARS

from portal.masking import DASH
from .models import HelpdeskPolicy, Inquiry

QUESTION_LIMIT = 2000
PHONE_OR_EXTENSION = re.compile(rf"(?:内線)?(?:[\d\s()+]|{DASH})*")


class PortalInquiryForm(forms.ModelForm):
    """Who asks is the signed-in account, so the form asks only what is needed to answer and how to reach them."""

    # A validator rather than max_length: the browser would otherwise cut a long pasted text without a word.
    question = forms.CharField(
        label="問い合わせ内容",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        validators=[
            MaxLengthValidator(
                QUESTION_LIMIT, "問い合わせ内容は%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
            )
        ],
        error_messages={"required": "問い合わせ内容を入力してください。"},
        help_text="知りたいこと、いつ・何の手続きかなどを書いてください。",
    )
    category = forms.ModelChoiceField(
        label="業務分類（任意）", queryset=Category.objects.all(), required=False, empty_label="わからない・選ばない"
    )

    class Meta:
        model = Inquiry
        fields = ["question", "category", "contact_method", "contact_phone"]
        widgets = {"contact_method": forms.RadioSelect}
        labels = {"contact_method": "回答の連絡方法", "contact_phone": "電話番号・内線番号"}
        help_texts = {"contact_phone": "電話での連絡を希望する場合に入力してください（例：内線1234、045-123-4567）。"}
        error_messages = {"contact_method": {"required": "回答の連絡方法を選んでください。"}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["contact_method"].required = True
        self.fields["contact_method"].choices = [
            (Inquiry.ContactMethod.EMAIL, f"メール（{user.email or '登録されたアドレスがありません'}）"),
            (Inquiry.ContactMethod.PHONE, Inquiry.ContactMethod.PHONE.label),
        ]

    def clean_question(self):
        """Invisible control characters pasted with the text (a bell, terminal colours) carry nothing: dropped."""
        return CONTROL_CHARS.sub("", self.cleaned_data["question"])

    def clean_contact_phone(self):
        phone = unicodedata.normalize("NFKC", self.cleaned_data["contact_phone"]).strip()
        if phone and not (PHONE_OR_EXTENSION.fullmatch(phone) and sum(c.isdigit() for c in phone) >= 3):
            raise forms.ValidationError("電話番号・内線番号は数字で入力してください（例：内線1234、045-123-4567）。")
        return phone

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if method == Inquiry.ContactMethod.EMAIL and not self.user.email:
            self.add_error(
                "contact_method", "メールアドレスが登録されていません。電話を選び、電話番号か内線番号を入力してください。"
            )
        if method == Inquiry.ContactMethod.PHONE and not cleaned.get("contact_phone") and "contact_phone" not in self.errors:
            self.add_error("contact_phone", "電話での連絡を希望する場合は、電話番号か内線番号を入力してください。")
        return cleaned


class ConsoleForm(forms.ModelForm):
    """The agent's record of a contact. Status, timestamps and derived figures are not fields: the console's
    action buttons move the inquiry through helpdesk.states."""

    assignee = forms.ModelChoiceField(label="対応者", queryset=None, required=False, empty_label="（未割当）")

    class Meta:
        model = Inquiry
        fields = [
            "channel",
            "received_at",
            "requester_name",
            "requester_affiliation",
            "requester_audience",
            "contact_phone",
            "category",
            "subcategory",
            "question",
            "answer",
            "is_complaint",
            "is_difficult",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 5}),
            "answer": forms.Textarea(attrs={"rows": 7}),
            "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {"received_at": "メール・FAX・ポータルは届いた日時。電話・窓口は画面を開いた時刻が受付日時になります。"}
        error_messages = {"question": {"required": "問い合わせ内容を入力してください。"}}

    def __init__(self, *args, portal_key, agents, started_at=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.portal_key = portal_key
        self.started_at = started_at
        self.fields["assignee"].queryset = agents
        self.fields["assignee"].initial = self.instance.assignee_id
        self.fields["requester_audience"].queryset = Audience.objects.filter(portal__in=["", portal_key])
        self.fields["received_at"].required = False
        self.fields["channel"].widget.attrs["data-console-channel"] = ""

    def clean_received_at(self):
        """Phone and counter contacts are received when the console was opened for them; the other channels when
        the mail, FAX or form arrived, which cannot be in the future."""
        value = self.cleaned_data.get("received_at")
        if self.instance.pk:
            return self.instance.received_at if value is None else value
        if self.cleaned_data.get("channel") in Inquiry.LIVE_CHANNELS or value is None:
            return self.started_at or timezone.now()
        if value > timezone.now() + datetime.timedelta(minutes=1):
            raise forms.ValidationError("受付日時に未来の日時は指定できません。")
        return value


class EscalationForm(forms.Form):
    """A question for the owning section with its due date in business days."""

    section = forms.ModelChoiceField(
        label="照会先の所管課", queryset=None, error_messages={"required": "照会先の所管課を選んでください。"}
    )
    question = forms.CharField(
        label="照会内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "所管課に確認したいことを入力してください。"},
        help_text="所管課に伝える内容です。問い合わせ者の氏名・連絡先は必要な場合だけ書いてください。",
    )
    due_date = forms.DateField(
        label="回答期限",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "回答期限を入力してください。", "invalid": "回答期限は日付で入力してください。"},
    )

    def __init__(self, *args, portal_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.portal_key = portal_key
        self.calendar = BusinessCalendar(portal_key)
        self.business_days = HelpdeskPolicy.for_portal(portal_key).escalation_business_days
        self.fields["section"].queryset = sections_with_reviewers(portal_key)
        self.fields["due_date"].initial = self.default_due_date()
        self.fields["due_date"].help_text = f"受付日から{self.business_days}開庁日後が標準です（土日祝日・年末年始・閉所日を除く）。"

    def default_due_date(self):
        return self.calendar.add(timezone.localdate(), self.business_days)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("回答期限に過去の日付は指定できません。")
        reason = self.calendar.closed_because(due)
        if reason:
            raise forms.ValidationError(f"{wareki(due, with_weekday=True)}は{reason}で閉庁日です。開庁日を指定してください。")
        return due


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="所管課の回答",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "回答を入力してください。"},
    )


class AdjustmentForm(forms.Form):
    minutes = forms.IntegerField(
        label="補正（分）",
        min_value=-600,
        max_value=600,
        help_text="対応時間に加える分数（減らすときは負の数）",
        error_messages={
            "required": "補正する分数を入力してください。",
            "invalid": "補正は分数（整数）で入力してください。",
            "min_value": "補正は-600分から600分の間で入力してください。",
            "max_value": "補正は-600分から600分の間で入力してください。",
        },
    )
    reason = forms.CharField(label="理由", max_length=500, error_messages={"required": "補正の理由を入力してください。"})

    def clean_minutes(self):
        if self.cleaned_data["minutes"] == 0:
            raise forms.ValidationError("0分の補正はできません。")
        return self.cleaned_data["minutes"]


def sections_with_reviewers(portal_key):
    """The sections that can receive an escalation from this centre: those with 承認者 in its 業務所管課 group."""
    group = group_name(SECTION_REVIEWER, PORTALS_BY_KEY[portal_key])
    return Section.objects.filter(reviewers__is_active=True, reviewers__groups__name=group).distinct()
