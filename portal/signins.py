"""Sign-in throttling with django-axes: the lockout rules, the lockout page, and who may see and lift a lockout.

Every login form (the portal's /login/, which the admin uses too, and Wagtail's /_util/login/ for private pages)
authenticates through `axes.backends.AxesStandaloneBackend`, so the same rules apply everywhere:

- an account is locked after AXES_FAILURE_LIMIT wrong passwords in a row (its own successful sign-in starts the
  count again); an address after LOGIN_ADDRESS_FAILURE_LIMIT failures for any accounts in the lockout period (a
  higher limit, since a school or an office signs in from behind one address; signing in to one's own account does
  not clear them). Either lasts AXES_COOLOFF_TIME, during which even the right password is refused;
- a refused sign-in gets the login page again with a Japanese message (HTTP 429);
- successes and failures are recorded (axes AccessLog, AccessFailureLog) for Admin → レポート;
- a portal's 管理者 sees and unlocks the accounts of the users they manage (portal.users.manageable_users),
  superusers every account and address.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .users import manageable_users

LOCKED_MESSAGE = (
    "ログインに続けて失敗したため、このアカウント（またはこの端末のアドレス）からのログインを{minutes}分間停止しています。"
    "時間をおいてからもう一度お試しください。急ぐときは、ポータルの管理者にロックの解除を依頼してください。"
)


def _failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PortalAxesHandler(AxesDatabaseHandler):
    """axes' database handler with the per-address limit scaled to LOGIN_ADDRESS_FAILURE_LIMIT, and an account's
    count cleared by its own successful sign-in (AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"])."""

    def get_failures(self, request, credentials=None):
        account, address = self.get_user_attempts(request, credentials)
        scaled = _failures(address) * settings.AXES_FAILURE_LIMIT // settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(_failures(account), scaled)

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username()).delete()


def lockout_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, original_response=None, credentials=None):
    """The login page again, saying why the sign-in was refused (AXES_LOCKOUT_CALLABLE)."""
    context = {
        "form": AuthenticationForm(request),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "locked_message": LOCKED_MESSAGE.format(minutes=lockout_minutes()),
    }
    return render(request, "portal/login.html", context, status=429)


def _recent_attempts():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


def scoped_usernames(user):
    """The usernames whose sign-ins `user` may see and unlock; None for a superuser (all, even unknown ones)."""
    if user.is_superuser:
        return None
    return manageable_users(user).values("username")


def locked_accounts(user):
    """[{username, failures, last_attempt}] of the accounts locked now that `user` may unlock."""
    attempts = _recent_attempts().exclude(username=None)
    usernames = scoped_usernames(user)
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    rows = attempts.values("username").annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
    return [row for row in rows.order_by("username") if row["failures"] >= settings.AXES_FAILURE_LIMIT]


def locked_addresses():
    """[{ip_address, failures, last_attempt}] of the addresses locked now (superusers only: an address may be
    shared by users of both portals)."""
    rows = _recent_attempts().values("ip_address").annotate(
        failures=Sum("failures_since_start"), last_attempt=Max("attempt_time")
    )
    return [row for row in rows.order_by("ip_address") if row["failures"] >= settings.LOGIN_ADDRESS_FAILURE_LIMIT]


def unlock_account(user, username):
    """Forget the failed sign-ins of `username` if `user` may; returns whether anything was unlocked."""
    if not user.is_superuser and not manageable_users(user).filter(username=username).exists():
        return False
    return AccessAttempt.objects.filter(username=username).delete()[0] > 0


def unlock_address(user, ip_address):
    if not user.is_superuser:
        return False
    return AccessAttempt.objects.filter(ip_address=ip_address).delete()[0] > 0
