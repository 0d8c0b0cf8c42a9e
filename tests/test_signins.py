"""Sign-in throttling on the real login views (/login/ and Wagtail's /_util/login/), the sign-in records and the
unlock, as the portals' 管理者 and superusers use them."""

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.models import PageViewRestriction

from portal.roles import ADMINISTRATOR, READER

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOCKED = "ログインに続けて失敗したため"


@pytest.fixture
def employee(role_user):
    """employee(portal_key) -> a reader with a known password."""

    def make(portal_key="intranet"):
        user = role_user(READER, portal_key)
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


def sign_in(user_or_name, password, address="10.0.0.1", path="/login/"):
    """A fresh browser posting the login form; returns (response, client)."""
    client = Client(HTTP_HOST="intranet.localhost", REMOTE_ADDR=address)
    username = getattr(user_or_name, "username", user_or_name)
    return client.post(path, {"username": username, "password": password}), client


def signed_in(client):
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused_in_japanese(employee):
    user = employee()
    for _ in range(30):
        response, _ = sign_in(user, "wrong")
    assert response.status_code == 429

    response, client = sign_in(user, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert LOCKED in html and "30分間" in html and 'data-testid="login"' in html


def test_a_successful_sign_in_starts_the_accounts_count_again(employee, settings):
    user = employee()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(user, "wrong")[0].status_code == 200
    response, client = sign_in(user, PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(user, "wrong")
    response, client = sign_in(user, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_an_address_trying_many_accounts_is_locked_for_every_account(employee, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 15
    for number in range(15):
        sign_in(f"guess-{number}", "wrong", address="10.0.0.66")
    victim = employee()

    response, client = sign_in(victim, PASSWORD, address="10.0.0.66")
    assert response.status_code == 429 and not signed_in(client)
    response, client = sign_in(victim, PASSWORD, address="10.0.0.7")
    assert response.status_code == 302 and signed_in(client)


def test_a_few_colleagues_mistyping_behind_one_address_are_not_locked_out(employee):
    colleagues = [employee() for _ in range(3)]
    for colleague in colleagues:
        for _ in range(3):
            sign_in(colleague, "typo", address="10.0.0.20")
    response, client = sign_in(colleagues[0], PASSWORD, address="10.0.0.20")
    assert response.status_code == 302 and signed_in(client)


def test_wagtails_second_login_form_counts_and_obeys_the_same_lockout(employee, settings):
    user = employee()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(user, "wrong")
    sign_in(user, "wrong", path="/_util/login/")

    response, client = sign_in(user, PASSWORD, path="/_util/login/")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)
    assert sign_in(user, PASSWORD)[0].status_code == 429


def test_private_pages_and_collections_offer_no_shared_password():
    every_option = [key for key, _label in PageViewRestriction.RESTRICTION_CHOICES]
    form = PageViewRestrictionForm(private_page_options=every_option)
    choices = dict(form.fields["restriction_type"].choices)
    assert PageViewRestriction.PASSWORD not in choices and PageViewRestriction.GROUPS in choices
    assert "password" not in form.fields


def test_sign_ins_are_recorded_and_shown_to_the_users_own_administrators(employee, role_user):
    own, other = employee("intranet"), employee("education")
    for user in (own, other):
        sign_in(user, "wrong")
        sign_in(user, PASSWORD)
    assert AccessLog.objects.filter(username=own.username).count() == 1
    assert AccessFailureLog.objects.filter(username=own.username).count() == 1

    admin = Client(HTTP_HOST="intranet.localhost")
    admin.force_login(role_user(ADMINISTRATOR, "intranet"))
    for url in ["/admin/signins/successes/", "/admin/signins/failures/"]:
        html = admin.get(url).content.decode()
        assert own.username in html and other.username not in html
    exported = b"".join(admin.get("/admin/signins/failures/", {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert own.username in exported and other.username not in exported

    reader = Client(HTTP_HOST="intranet.localhost")
    reader.force_login(own)
    assert reader.get("/admin/signins/successes/").status_code in (302, 403)


def _lock(user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(user, "wrong", address="10.0.0.99")


def test_administrators_unlock_their_own_portals_users_only(employee, role_user, settings):
    own, other = employee("intranet"), employee("education")
    _lock(own, settings)
    _lock(other, settings)
    admin = Client(HTTP_HOST="intranet.localhost")
    admin.force_login(role_user(ADMINISTRATOR, "intranet"))

    listing = admin.get("/admin/signins/locked/").content.decode()
    assert own.username in listing and other.username not in listing and "10.0.0.99" not in listing

    refused = admin.post("/admin/signins/locked/", {"username": other.username}, follow=True).content.decode()
    assert "解除できるログイン制限はありません" in refused
    assert sign_in(other, PASSWORD, address="10.0.0.5")[0].status_code == 429

    done = admin.post("/admin/signins/locked/", {"username": own.username}, follow=True).content.decode()
    assert f"「{own.username}」のログイン制限を解除しました" in done
    response, client = sign_in(own, PASSWORD, address="10.0.0.5")
    assert response.status_code == 302 and signed_in(client)
    history = admin.get("/admin/reports/site-history/").content.decode()
    assert "ログイン制限の解除" in history


def test_superusers_see_and_unlock_every_account_and_address(employee, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT
    other = employee("education")
    _lock(other, settings)
    superuser = Client(HTTP_HOST="intranet.localhost")
    superuser.force_login(get_user_model().objects.create_superuser("t-signin-root", password="x"))

    listing = superuser.get("/admin/signins/locked/").content.decode()
    assert other.username in listing and "10.0.0.99" in listing
    superuser.post("/admin/signins/locked/", {"ip_address": "10.0.0.99"})
    assert sign_in(other, PASSWORD, address="10.0.0.99")[0].status_code == 302
