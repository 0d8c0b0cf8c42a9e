"""What a search can find: one ResultType per searchable model, with the labels readers see."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class ResultType:
    key: str
    label: str
    model_label: str
    is_page: bool
    internal: bool = False
    # The short name a suggestion in the header box carries (FAQ / 手続き / 様式 …).
    short_label: str = ""

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None


RESULT_TYPES = [
    ResultType("faq", "よくある質問", "faq.FAQPage", True, short_label="FAQ"),
    ResultType("procedure", "手続きガイド", "pages.ProcedurePage", True, short_label="手続き"),
    ResultType("form", "様式", "forms.FormTemplate", False, short_label="様式"),
    ResultType("news", "お知らせ", "pages.NewsPage", True, short_label="お知らせ"),
    ResultType("manual", "業務マニュアル", "manuals.ManualPage", True, internal=True, short_label="マニュアル"),
    ResultType("inquiry", "過去の問い合わせ", "helpdesk.Inquiry", False, internal=True, short_label="過去の問い合わせ"),
]
RESULT_TYPES_BY_KEY = {result_type.key: result_type for result_type in RESULT_TYPES}


def type_of_page(page):
    """The ResultType of a page (by its specific class), or None for pages search does not list by type."""
    label = page.specific_class._meta.label if page.specific_class else ""
    return next((result_type for result_type in RESULT_TYPES if result_type.model_label == label), None)
