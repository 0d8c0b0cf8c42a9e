from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from portal.portals import PORTALS
from portal.roles import SECTION_REVIEWER, user_roles

from .access import inquiry_portals
from .centre_admin import HelpdeskViewSetGroup
from .inbox import InboxView, ReplyView
from .models import Inquiry
from .views import InquiryViewSet

register_snippet(HelpdeskViewSetGroup)


@hooks.register("register_admin_viewset")
def register_inquiry_viewset():
    return InquiryViewSet("inquiries")


@hooks.register("register_admin_urls")
def register_inbox_urls():
    return [
        path("escalations/", InboxView.as_view(), name="helpdesk_escalations"),
        path("escalations/<int:pk>/", ReplyView.as_view(), name="helpdesk_escalation"),
    ]


class InboxMenuItem(MenuItem):
    """Shown to the portals' 業務所管課 reviewers only."""

    def is_shown(self, request):
        return any(SECTION_REVIEWER in user_roles(request.user, portal.key) for portal in PORTALS)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem("所管課への照会", reverse("helpdesk_escalations"), icon_name="mail", order=260)


@hooks.register("insert_global_admin_css")
def helpdesk_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("helpdesk/admin.css"))


@hooks.register("register_page_header_buttons")
def source_inquiries_button(page, user, view_name, next_url=None):
    """On an FAQ made from inquiries, a link to them for the centre's own staff."""
    if not hasattr(page.specific_deferred, "source_inquiries"):
        return
    inquiries = Inquiry.objects.filter(faq=page.pk, portal__in=inquiry_portals(user))
    count = inquiries.count()
    if count:
        url = f"{reverse('inquiries:index')}?faq={page.pk}"
        yield Button(f"元の問い合わせ（{count}件）", url, icon_name="help", priority=90)


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

    actions.register_action("helpdesk.faq", "FAQとの紐付け", "作成・紐付けたFAQを記録")
    actions.register_action("helpdesk.anonymise", "保管年限による匿名化", "保管年限を過ぎたため個人情報をマスク")
