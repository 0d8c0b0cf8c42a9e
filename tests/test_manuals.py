"""Work manuals: internal-only pages, the 所管課承認 workflow, the 改定履歴 and the editor's 改定理由."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageViewRestriction, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from manuals.models import ManualIndexPage, ManualPage, SectionApprovalTask
from pages.models import portal_home
from portal.models import Category, Section
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, SECTION_REVIEWER

from .conftest import ALL_PORTALS, ALL_ROLES

pytestmark = pytest.mark.django_db

INTERNAL_ROLES = {CENTRE_STAFF, HELPDESK, SECTION_REVIEWER, ADMINISTRATOR}
EDITORS = {CENTRE_STAFF, ADMINISTRATOR}
PUBLISHERS = {ADMINISTRATOR}


def index_of(portal_key):
    return ManualIndexPage.objects.descendant_of(portal_home(portal_key)).get()


def demo_manual(portal_key, slug):
    return ManualPage.objects.descendant_of(index_of(portal_key)).get(slug=slug)


def reviewer_of(section_slug, role_user, portal_key="intranet"):
    """A fresh section reviewer (業務所管課 role) registered as an approver of one section."""
    user = role_user(SECTION_REVIEWER, portal_key)
    Section.objects.get(slug=section_slug).reviewers.add(user)
    return user


def submitted_manual(portal_key, section_slug, staff, title="給与口座振込事務"):
    """A new manual written by centre staff and submitted to its index's 所管課承認 workflow."""
    manual = ManualPage(
        title=title,
        slug=f"test-{Section.objects.get(slug=section_slug).pk}-{staff.pk}",
        section=Section.objects.get(slug=section_slug),
        category=Category.objects.get(slug="kyuyo"),
        summary="給与の振込口座の届出を審査し登録する事務です。",
        deadline_text="届出の受付日から",
        deadline_working_days=5,
        revision_reason="制定",
        live=False,
    )
    index_of(portal_key).add_child(instance=manual)
    manual.save_revision(user=staff)
    manual.get_workflow().start(manual, staff)
    manual.refresh_from_db()
    return manual


def act(client, user, manual, action, comment=""):
    """Take a workflow action through the admin, as a reviewer clicking 承認 / 差し戻し would."""
    client.force_login(user)
    state = manual.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(manual.pk, action, state.pk))
    response = client.post(url, {"comment": comment}, HTTP_HOST="intranet.localhost")
    manual.refresh_from_db()
    return response


def denied(response):
    """Wagtail's admin answers a forbidden action with 403, or for a normal browser request a redirect home."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


# --- who may see and change manuals ----------------------------------------------------------------------------


@pytest.mark.parametrize("page_portal", ALL_PORTALS)
@pytest.mark.parametrize("user_portal", ALL_PORTALS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_permission_matrix(portal_client, role_user, role, user_portal, page_portal):
    user = role_user(role, user_portal)
    own_portal = user_portal == page_portal
    manual = demo_manual(page_portal, "fuyo-teate")
    client = portal_client(page_portal, user)

    for page in [index_of(page_portal), manual]:
        assert client.get(page.url).status_code == (200 if own_portal and role in INTERNAL_ROLES else 403)

    permissions = manual.permissions_for_user(user)
    assert permissions.can_edit() == (own_portal and role in EDITORS)
    assert permissions.can_publish() == (own_portal and role in PUBLISHERS)


def test_readers_never_see_manuals_in_navigation_or_on_the_home_page(portal_client, role_user):
    html = portal_client("intranet", role_user(READER, "intranet")).get("/").content.decode()
    assert index_of("intranet").url not in html
    assert "業務マニュアル" not in html


def test_index_lists_published_manuals_only(portal_client, role_user):
    html = portal_client("intranet", role_user(CENTRE_STAFF, "intranet")).get(index_of("intranet").url).content.decode()
    assert 'data-testid="manual-list"' in html
    assert "通勤手当認定事務" in html and "扶養手当認定事務" in html
    assert "年末調整事務" not in html and "会計年度任用職員の任用手続" not in html


def test_an_index_created_by_hand_is_restricted_and_under_the_section_workflow(homes):
    index_of("education").delete()
    index = ManualIndexPage(title="業務マニュアル（新）", slug="manuals-new")
    homes["education"].add_child(instance=index)

    restriction = PageViewRestriction.objects.get(page=index)
    names = set(restriction.groups.values_list("name", flat=True))
    assert "センター職員（教育）" in names and "業務所管課（教育）" in names
    assert "教職員" not in names and not any("総務" in name for name in names)
    tasks = [task.specific for task in WorkflowPage.objects.get(page=index).workflow.tasks]
    assert isinstance(tasks[0], SectionApprovalTask)
    assert [group.name for group in tasks[1].groups.all()] == ["管理者（教育）"]


# --- the page ---------------------------------------------------------------------------------------------------


def test_manual_page_shows_its_sections_flow_and_revision_history(portal_client, role_user):
    manual = demo_manual("intranet", "tsukin-teate")
    html = portal_client("intranet", role_user(HELPDESK, "intranet")).get(manual.url).content.decode()
    for heading in ["概要", "インプット", "アウトプット", "審査観点", "審査基準", "処理期限", "役割分担", "業務フロー", "使用システム・ツール", "関連法令"]:
        assert f">{heading}</h2>" in html
    assert "届出の受付日から7開庁日以内" in html
    flow = html[html.index('data-testid="manual-flow"') : html.index("</ol>", html.index('data-testid="manual-flow"'))]
    assert 'role="list"' in html[html.rindex("<ol", 0, html.index('data-testid="manual-flow"')) :]
    assert "aria-label" not in flow, "a label would replace what the step says for screen readers"
    steps = [re.sub(r"<[^>]+>|\s+", "", step) for step in re.findall(r"<li[^>]*>(.*?)</li>", flow, re.S)]
    assert len(steps) == 5
    assert steps[1] == "実施者：所属処理内容：届出内容を確認し承認する"
    assert steps[2] == "実施者：センター処理内容：経路・距離を審査し手当額を算定する留意事項：乗換検索の結果を保存する"
    assert html.count('data-testid="manual-history-row"') == 2
    assert "処理期限を10開庁日から7開庁日に短縮したため" in html and "制定" in html
    assert "第2版" in html and "令和" in html and "総務 花子" in html


# --- the 改定理由 in the editor -----------------------------------------------------------------------------------


def edit_form(manual, user):
    form_class = ManualPage.get_edit_handler().get_form_class()
    return form_class(instance=manual.get_latest_revision_as_object(), for_user=user)


def test_a_new_change_starts_with_an_empty_required_revision_reason(role_user):
    form = edit_form(demo_manual("intranet", "fuyo-teate"), role_user(CENTRE_STAFF, "intranet"))
    assert form.fields["revision_reason"].required
    assert form["revision_reason"].value() == ""


def test_a_change_still_under_way_keeps_its_reason(role_user):
    manual = demo_manual("intranet", "nenmatsu-chosei")
    form = edit_form(manual, role_user(SECTION_REVIEWER, "intranet"))
    assert form["revision_reason"].value() == "制定"


def test_admin_edit_page_opens_with_the_reason_field_for_centre_staff(client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    manual = demo_manual("intranet", "fuyo-teate")
    response = client.get(reverse("wagtailadmin_pages:edit", args=(manual.pk,)), HTTP_HOST="intranet.localhost")
    assert response.status_code == 200
    assert 'name="revision_reason"' in response.content.decode()


# --- the 所管課承認 workflow --------------------------------------------------------------------------------------


def test_section_approval_then_administrator_publishes(client, role_user):
    staff, admin = role_user(CENTRE_STAFF, "intranet"), role_user(ADMINISTRATOR, "intranet")
    manual = submitted_manual("intranet", "kyuyo", staff)
    assert isinstance(manual.current_workflow_task, SectionApprovalTask)

    act(client, reviewer_of("kyuyo", role_user), manual, "approve")
    assert manual.current_workflow_task.name == "公開承認（総務）"
    assert not manual.live

    act(client, admin, manual, "approve")
    assert manual.live and manual.current_workflow_task is None
    assert [entry.reason for entry in manual.revision_history()] == ["制定"]


def test_reviewer_of_another_section_can_neither_approve_nor_see_it_awaiting_review(client, role_user):
    manual = submitted_manual("intranet", "kyuyo", role_user(CENTRE_STAFF, "intranet"))
    other = reviewer_of("fukuri", role_user)
    task = manual.current_workflow_task

    assert denied(act(client, other, manual, "approve"))
    assert isinstance(manual.current_workflow_task, SectionApprovalTask) and not manual.live
    assert not task.get_task_states_user_can_moderate(other).exists()
    assert task.get_task_states_user_can_moderate(reviewer_of("kyuyo", role_user)).exists()


def test_rejected_manual_stays_unpublished_with_the_comment(client, portal_client, role_user):
    manual = submitted_manual("intranet", "kyuyo", role_user(CENTRE_STAFF, "intranet"))
    act(client, reviewer_of("kyuyo", role_user), manual, "reject", comment="審査基準の根拠条文を追記してください。")

    state = WorkflowState.objects.for_instance(manual).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "審査基準の根拠条文を追記してください。"
    assert not manual.live
    assert portal_client("intranet", role_user(ADMINISTRATOR, "intranet")).get(index_of("intranet").url + manual.slug + "/").status_code == 404


def test_demo_rejected_manual_is_not_live():
    manual = demo_manual("intranet", "kaikei-nendo-ninyo")
    assert not manual.live
    assert WorkflowState.objects.for_instance(manual).get().status == WorkflowState.STATUS_NEEDS_CHANGES


def test_section_without_reviewers_falls_back_to_the_portal_reviewer_group(client, role_user):
    section = Section.objects.create(name="試験課", slug="shiken")
    manual = submitted_manual("intranet", section.slug, role_user(CENTRE_STAFF, "intranet"))
    assert denied(act(client, role_user(SECTION_REVIEWER, "education"), manual, "approve"))
    act(client, role_user(SECTION_REVIEWER, "intranet"), manual, "approve")
    assert manual.current_workflow_task.name == "公開承認（総務）"


def test_section_reviewer_can_compare_revisions_of_the_manual_they_review(client, role_user):
    manual = demo_manual("intranet", "tsukin-teate")
    manual.deadline_working_days = 5
    manual.revision_reason = "処理期限の再短縮"
    manual.save_revision(user=role_user(CENTRE_STAFF, "intranet"))
    manual.get_workflow().start(manual, None)
    url = reverse("wagtailadmin_pages:revisions_compare", args=(manual.pk, "live", "latest"))

    client.force_login(reviewer_of("kyuyo", role_user))
    response = client.get(url, HTTP_HOST="intranet.localhost")
    assert response.status_code == 200
    assert "処理期限の再短縮" in response.content.decode()

    client.force_login(reviewer_of("fukuri", role_user))
    assert denied(client.get(url, HTTP_HOST="intranet.localhost"))


def test_demo_reviewer_sees_the_manual_awaiting_section_approval():
    reviewer = get_user_model().objects.get(username="somu-shokan")
    manual = demo_manual("intranet", "nenmatsu-chosei")
    task = manual.current_workflow_task
    assert isinstance(task, SectionApprovalTask)
    assert [state.workflow_state.object_id for state in task.get_task_states_user_can_moderate(reviewer)] == [str(manual.pk)]


def test_only_the_owning_sections_reviewers_are_mailed_on_submission(role_user, mailoutbox):
    reviewer, other = reviewer_of("kyuyo", role_user), reviewer_of("fukuri", role_user)
    for user in (reviewer, other):
        user.email = f"{user.username}@example.jp"
        user.save()
    submitted_manual("intranet", "kyuyo", role_user(CENTRE_STAFF, "intranet"))
    recipients = {address for mail in mailoutbox for address in mail.to}
    assert reviewer.email in recipients and other.email not in recipients


def test_section_reviewer_finds_and_opens_the_manual_awaiting_them_in_the_admin(client):
    client.force_login(get_user_model().objects.get(username="somu-shokan"))
    manual = demo_manual("intranet", "nenmatsu-chosei")
    dashboard = client.get("/admin/", HTTP_HOST="intranet.localhost").content.decode()
    assert "年末調整事務" in dashboard
    response = client.get(reverse("wagtailadmin_pages:edit", args=(manual.pk,)), HTTP_HOST="intranet.localhost")
    assert response.status_code == 200
    assert "承認" in response.content.decode()


def test_history_survives_a_purged_revision():
    manual = demo_manual("intranet", "tsukin-teate")
    first = manual.revisions.order_by("created_at", "pk").first()
    first.delete()
    history = manual.revision_history()
    assert [entry.reason for entry in history] == ["（記録なし）", "処理期限を10開庁日から7開庁日に短縮したため"]


def edit_post(client, manual, reason):
    """What the admin editor posts when centre staff change the deadline and press 「承認のために提出」."""
    data = nested_form_data(
        {
            "title": manual.title,
            "slug": manual.slug,
            "section": manual.section_id,
            "category": manual.category_id,
            "summary": manual.summary,
            "inputs": manual.inputs,
            "outputs": manual.outputs,
            "review_points": manual.review_points,
            "review_criteria": manual.review_criteria,
            "deadline_text": manual.deadline_text,
            "deadline_working_days": 3,
            "responsibilities": streamfield([]),
            "flow": streamfield([]),
            "tools": manual.tools,
            "laws": manual.laws,
            "revision_reason": reason,
            "comments": inline_formset([]),
        }
    )
    data["action-submit"] = "submit"
    return client.post(reverse("wagtailadmin_pages:edit", args=(manual.pk,)), data, HTTP_HOST="intranet.localhost")


def test_submitting_a_change_without_a_reason_is_refused_in_japanese(client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    manual = demo_manual("intranet", "fuyo-teate")
    response = edit_post(client, manual, "")
    assert response.status_code == 200
    assert response.context["form"].errors["revision_reason"] == ["この項目は必須です"]
    manual.refresh_from_db()
    assert manual.current_workflow_task is None and not manual.has_unpublished_changes


def test_submitting_a_change_with_a_reason_starts_section_approval(client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    manual = demo_manual("intranet", "fuyo-teate")
    assert edit_post(client, manual, "処理期限の短縮").status_code == 302
    manual.refresh_from_db()
    assert isinstance(manual.current_workflow_task, SectionApprovalTask)
    assert manual.live and manual.deadline_working_days == 10
    assert manual.get_latest_revision().content["revision_reason"] == "処理期限の短縮"
