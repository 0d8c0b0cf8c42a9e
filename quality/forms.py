"""Admin forms of the register: a record is filed only under a centre the user keeps the register of."""

import unicodedata

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from helpdesk.models import Inquiry

from .access import keeping_portals


class RegisterForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            portals = keeping_portals(self.for_user)
            self.fields["portal"].choices = [c for c in self.fields["portal"].choices if c[0] in portals]


def find_inquiry(portal_key, reference):
    """The inquiry of `portal_key` whose 受付番号 is `reference` (full-width characters allowed), or None."""
    return Inquiry.objects.filter(portal=portal_key, reference=unicodedata.normalize("NFKC", reference).strip()).first()


class IncidentForm(RegisterForm):
    """The related inquiry is named by its number, looked up in the incident's own centre only (a pick-list would
    hold a year of inquiries, and the other centre's)."""

    inquiry_reference = forms.CharField(
        label="関連する問い合わせ（受付番号）", required=False, help_text="苦情のもとになった問い合わせの受付番号（例：総-2026-00123）"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("inquiry", None)
        if self.instance.inquiry_id:
            self.initial["inquiry_reference"] = self.instance.inquiry.reference

    def clean(self):
        cleaned = super().clean()
        reference = cleaned.get("inquiry_reference", "")
        self.instance.inquiry = None
        if reference and cleaned.get("portal"):
            inquiry = find_inquiry(cleaned["portal"], reference)
            if inquiry is None:
                self.add_error("inquiry_reference", f"このセンターに受付番号「{reference}」の問い合わせはありません。")
            self.instance.inquiry = inquiry
        return cleaned
