from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .models import Inquiry
from .views import InquiryViewSet


@hooks.register("register_admin_viewset")
def register_inquiry_viewset():
    return InquiryViewSet("inquiries")


@hooks.register("register_log_actions")
def register_inquiry_log_actions(actions):
    """The state machine's entries in the audit log; their label is the 受付番号, their data holds no text."""

    @actions.register_action("helpdesk.transition")
    class TransitionFormatter(LogFormatter):
        label = "問い合わせの状態変更"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            names = dict(Inquiry.Status.choices)
            return f"状態を「{names.get(data.get('from'), '')}」から「{names.get(data.get('to'), '')}」に変更"

    @actions.register_action("helpdesk.adjust")
    class AdjustFormatter(LogFormatter):
        label = "対応時間の補正"

        def format_message(self, log_entry):
            return f"対応時間を{(log_entry.data or {}).get('minutes', 0):+d}分補正"

    @actions.register_action("helpdesk.assign")
    class AssignFormatter(LogFormatter):
        label = "対応者の変更"

        def format_message(self, log_entry):
            return f"対応者を「{(log_entry.data or {}).get('assignee') or 'なし'}」に変更"
