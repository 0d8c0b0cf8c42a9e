"""The permission matrix: every role × page type × portal, for viewing, editing, approving and publishing."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState

from faq.models import FAQPage
from manuals.models import SectionApprovalTask
from pages.models import ContentPage, HomePage, NewsIndexPage, NewsPage, ProcedurePage, SchedulePage, portal_home
from portal.models import Section
from portal.portals import PORTALS
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, ROLES, SECTION_REVIEWER, group_name

from .conftest import ALL_PORTALS, ALL_ROLES

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, NewsIndexPage, NewsPage, SchedulePage, ContentPage]
EDITORS = {CENTRE_STAFF, ADMINISTRATOR}
PUBLISHERS = {ADMINISTRATOR}


def page_of(page_type, portal_key):
    home = portal_home(portal_key)
    return page_type.objects.live().descendant_of(home, inclusive=True).first()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda t: t.__name__)
@pytest.mark.parametrize("page_portal", ALL_PORTALS)
@pytest.mark.parametrize("user_portal", ALL_PORTALS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_permission_matrix(portal_client, role_user, role, user_portal, page_portal, page_type):
    user = role_user(role, user_portal)
    page = page_of(page_type, page_portal)
    own_portal = user_portal == page_portal

    response = portal_client(page_portal, user).get(page.url)
    assert response.status_code == (200 if own_portal else 403)

    permissions = page.permissions_for_user(user)
    assert permissions.can_edit() == (own_portal and role in EDITORS)
    assert permissions.can_publish() == (own_portal and role in PUBLISHERS)


@pytest.mark.parametrize("role", [CENTRE_STAFF, HELPDESK, SECTION_REVIEWER, ADMINISTRATOR])
def test_centre_roles_reach_the_admin_and_readers_do_not(client, role_user, role):
    client.force_login(role_user(role, "intranet"))
    assert client.get("/admin/", HTTP_HOST="intranet.localhost").status_code == 200


def test_readers_opening_the_admin_get_the_403_page_not_a_login_loop(client, role_user):
    client.force_login(role_user(READER, "intranet"))
    for address in ["/admin/", "/admin/pages/", "/login/?next=/admin/"]:
        response = client.get(address, HTTP_HOST="intranet.localhost", follow=True)
        assert response.status_code == 403, address
        assert len(response.redirect_chain) <= 1, address
        assert "権限がありません" in response.content.decode()


def test_centre_staff_draft_is_not_live_until_an_administrator_publishes(role_user):
    staff = role_user(CENTRE_STAFF, "education")
    news = page_of(NewsPage, "education")
    news.title = "下書きの見出し"
    revision = news.save_revision(user=staff)
    news.refresh_from_db()
    assert news.title != "下書きの見出し" and news.has_unpublished_changes
    assert not news.permissions_for_user(staff).can_publish()
    assert news.permissions_for_user(role_user(ADMINISTRATOR, "education")).can_publish()
    revision.publish(user=role_user(ADMINISTRATOR, "education"))
    news.refresh_from_db()
    assert news.title == "下書きの見出し"


# --- approval: the owning section (所管課) approves FAQs and procedures before an administrator publishes ---------

SECTION_REVIEWED_TYPES = [FAQPage, ProcedurePage]
OWNING_SECTION = {"intranet": "kyuyo", "education": "kyoshokuin-ka"}


def submitted(page_type, portal_key, staff, section=None):
    """A demo page of `page_type` changed by centre staff (its owning section set to `section` where the type has
    one) and submitted to the workflow of its listing."""
    page = page_of(page_type, portal_key)
    page.title = f"{page.title}（改）"
    if hasattr(page, "section"):
        page.section = section
    page.save_revision(user=staff)
    page.get_workflow().start(page, staff)
    page.refresh_from_db()
    return page


def may_act(page, user):
    """Whether `user` is offered 承認 / 差し戻し on the page's current workflow step."""
    return bool(page.current_workflow_task.specific.get_actions(page, user))


@pytest.mark.parametrize("page_type", SECTION_REVIEWED_TYPES, ids=lambda t: t.__name__)
@pytest.mark.parametrize("page_portal", ALL_PORTALS)
@pytest.mark.parametrize("user_portal", ALL_PORTALS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_approval_matrix(role_user, role, user_portal, page_portal, page_type):
    """The section step is for the owning section's reviewers in the page's portal (a reviewer of the same section
    in the other portal included in the test), the publish step for that portal's administrators."""
    section = Section.objects.get(slug=OWNING_SECTION[page_portal])
    user = role_user(role, user_portal)
    section.reviewers.add(user)
    page = submitted(page_type, page_portal, role_user(CENTRE_STAFF, page_portal), section)
    own_portal = user_portal == page_portal

    assert isinstance(page.current_workflow_task.specific, SectionApprovalTask)
    assert may_act(page, user) == (own_portal and role == SECTION_REVIEWER)

    page.current_workflow_task_state.approve(user=get_user_model().objects.filter(is_superuser=True).first())
    page.refresh_from_db()
    assert page.current_workflow_task.name == f"公開承認（{'総務' if page_portal == 'intranet' else '教育'}）"
    assert not page.title.endswith("（改）")
    assert may_act(page, user) == (own_portal and role == ADMINISTRATOR)


def act(client, user, page, action, host):
    client.force_login(user)
    state = page.current_workflow_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk)), {"comment": ""}, HTTP_HOST=host)
    page.refresh_from_db()


def test_faq_change_is_approved_by_its_section_then_published_by_an_administrator(client, role_user):
    reviewer = get_user_model().objects.get(username="somu-shokan")
    faq = submitted(FAQPage, "intranet", role_user(CENTRE_STAFF, "intranet"), Section.objects.get(slug="kyuyo"))

    client.force_login(reviewer)
    assert faq.title in client.get("/admin/", HTTP_HOST="intranet.localhost").content.decode()
    act(client, role_user(SECTION_REVIEWER, "intranet"), faq, "approve", "intranet.localhost")
    assert isinstance(faq.current_workflow_task.specific, SectionApprovalTask), "a reviewer of another section cannot"

    act(client, reviewer, faq, "approve", "intranet.localhost")
    assert faq.current_workflow_task.name == "公開承認（総務）" and not faq.title.endswith("（改）")
    act(client, role_user(ADMINISTRATOR, "intranet"), faq, "approve", "intranet.localhost")
    assert faq.live and faq.title.endswith("（改）") and faq.current_workflow_task is None


def test_procedure_without_a_section_is_approved_by_the_portals_section_reviewers(client, role_user):
    procedure = submitted(ProcedurePage, "education", role_user(CENTRE_STAFF, "education"))
    assert not may_act(procedure, role_user(SECTION_REVIEWER, "intranet"))
    act(client, role_user(SECTION_REVIEWER, "education"), procedure, "reject", "edu.localhost")
    assert WorkflowState.objects.for_instance(procedure).get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not procedure.title.endswith("（改）")


def test_news_goes_straight_to_the_administrators(client, role_user):
    staff = role_user(CENTRE_STAFF, "intranet")
    news = page_of(NewsPage, "intranet")
    news.title = "公開承認待ちのお知らせ"
    news.save_revision(user=staff)
    news.get_workflow().start(news, staff)
    news.refresh_from_db()
    assert news.current_workflow_task.name == "公開承認（総務）" and news.title != "公開承認待ちのお知らせ"
    assert not may_act(news, staff) and not may_act(news, role_user(SECTION_REVIEWER, "intranet"))
    act(client, role_user(ADMINISTRATOR, "intranet"), news, "approve", "intranet.localhost")
    assert news.title == "公開承認待ちのお知らせ" and news.current_workflow_task is None


# --- role groups after a plain `manage.py migrate` ----------------------------------------------------------------


def expected_role_permissions():
    """{group name: {"app_label.codename", ...}} as portal.roles defines them, for both portals."""
    return {group_name(role.key, portal): set(role.model_permissions) for portal in PORTALS for role in ROLES}


def role_permissions_in_database():
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        for group in Group.objects.filter(name__in=expected_role_permissions())
    }


def test_migrate_restores_role_groups_and_their_permissions():
    Group.objects.get(name="センター職員（総務）").permissions.clear()
    Group.objects.get(name="管理者（教育）").delete()
    call_command("migrate", verbosity=0)
    assert role_permissions_in_database() == expected_role_permissions()


@pytest.mark.slow
def test_a_fresh_database_has_complete_role_groups_and_both_portals_after_a_plain_migrate(tmp_path):
    """What a new deployment gets from `manage.py migrate` alone, without `setup_portals`."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    report = subprocess.run(
        [*manage, "shell", "-v0", "-c", (
            "import json; from django.contrib.auth.models import Group; from wagtail.models import Site; "
            "print(json.dumps({'groups': {g.name: sorted(f'{p.content_type.app_label}.{p.codename}' "
            "for p in g.permissions.all()) for g in Group.objects.all()}, "
            "'sites': sorted(s.hostname for s in Site.objects.all())}))"
        )],
        env=env, check=True, timeout=120, capture_output=True, text=True,
    )
    state = json.loads(report.stdout)
    assert {name: set(perms) for name, perms in state["groups"].items()} == expected_role_permissions()
    assert state["sites"] == sorted(settings.PORTAL_HOSTS.values())
