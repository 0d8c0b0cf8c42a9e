"""Admin screens for sign-ins: the records of successful and failed sign-ins (レポート) and the sign-ins locked now,
with their unlock (設定). A portal's 管理者 sees and unlocks only the users they manage; superusers everything."""

import logging

import django_filters
from axes.models import AccessFailureLog, AccessLog
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from . import signins

logger = logging.getLogger(__name__)
MANAGE_USERS = "auth.change_user"
UNLOCK_ACTION = "portal.unlock_signin"


class SigninFilterSet(WagtailFilterSet):
    username = django_filters.CharFilter(label="ユーザー名")
    attempt_time = django_filters.DateFromToRangeFilter(label="日時", widget=DateRangePickerWidget)

    class Meta:
        model = AccessLog
        fields = ["username", "attempt_time"]


class FailedSigninFilterSet(SigninFilterSet):
    class Meta(SigninFilterSet.Meta):
        model = AccessFailureLog


class SigninReportView(ReportView):
    """Sign-in records of the users the viewer manages, newest first, exportable."""

    permission_policy = ModelPermissionPolicy(get_user_model())
    permission_required = "change"
    header_icon = "user"
    filterset_class = SigninFilterSet
    columns = [
        DateColumn("attempt_time", label="日時"),
        Column("username", label="ユーザー名"),
        Column("ip_address", label="IPアドレス"),
        Column("path_info", label="画面"),
    ]
    list_export = ["attempt_time", "username", "ip_address", "path_info"]
    export_headings = {"attempt_time": "日時", "username": "ユーザー名", "ip_address": "IPアドレス", "path_info": "画面"}

    def get_queryset(self):
        records = self.model.objects.order_by("-attempt_time")
        usernames = signins.scoped_usernames(self.request.user)
        return records if usernames is None else records.filter(username__in=usernames)


class SuccessfulSigninsView(SigninReportView):
    model = AccessLog
    page_title = "ログインの記録"
    index_url_name = "signins:successes"
    index_results_url_name = "signins:successes_results"
    export_filename = "signins"


class FailedSigninsView(SigninReportView):
    model = AccessFailureLog
    page_title = "ログインに失敗した記録"
    index_url_name = "signins:failures"
    index_results_url_name = "signins:failures_results"
    filterset_class = FailedSigninFilterSet
    columns = SigninReportView.columns + [BooleanColumn("locked_out", label="ロック中")]
    list_export = SigninReportView.list_export + ["locked_out"]
    export_headings = {**SigninReportView.export_headings, "locked_out": "ロック中"}
    export_filename = "failed-signins"


class LockedSigninsView(WagtailAdminTemplateMixin, TemplateView):
    """The accounts (and, for superusers, the addresses) locked now, each with a button that lifts the lockout."""

    template_name = "portal/locked_signins.html"
    page_title = "ログイン制限中のアカウント"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MANAGE_USERS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        """Tables of (heading, column label, form field, rows with the locked `value`)."""
        user = self.request.user
        accounts = [{**row, "value": row["username"]} for row in signins.locked_accounts(user)]
        tables = [("アカウント", "ユーザー名", "username", accounts)]
        if user.is_superuser:
            addresses = [{**row, "value": row["ip_address"]} for row in signins.locked_addresses()]
            tables.append(("アドレス", "IPアドレス", "ip_address", addresses))
        return super().get_context_data(tables=tables, minutes=signins.lockout_minutes(), **kwargs)

    def post(self, request):
        username, address = request.POST.get("username", ""), request.POST.get("ip_address", "")
        if username and signins.unlock_account(request.user, username):
            target = get_user_model().objects.filter(username=username).first()
            if target is not None:
                log(instance=target, action=UNLOCK_ACTION, user=request.user)
            messages.success(request, f"「{username}」のログイン制限を解除しました。")
        elif address and signins.unlock_address(request.user, address):
            logger.warning("%s がアドレス %s のログイン制限を解除しました。", request.user.get_username(), address)
            messages.success(request, f"アドレス {address} のログイン制限を解除しました。")
        else:
            messages.error(request, "解除できるログイン制限はありません。")
        return redirect("signins:locked")


def admin_urls():
    urls = [path("locked/", LockedSigninsView.as_view(), name="locked")]
    for name, view in [("successes", SuccessfulSigninsView), ("failures", FailedSigninsView)]:
        urls += [
            path(f"{name}/", view.as_view(), name=name),
            path(f"{name}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return [path("signins/", (urls, "signins", "signins"))]


class UserManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_USERS)


def menu_item(url_name, label, icon, order):
    return UserManagerMenuItem(label, reverse(url_name), name=url_name.replace(":", "-"), icon_name=icon, order=order)
