"""The form employees use to ask their centre a question from the portal."""

import re
import unicodedata

from django import forms
from django.core.validators import MaxLengthValidator

from portal.models import Category
from search.analysis import CONTROL_CHARS

from .masking import DASH
from .models import Inquiry

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
