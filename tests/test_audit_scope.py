"""Every log view shows a viewer only the entries of their own centres, also once the object is deleted (issue 9)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, PageLogEntry

from audit.backfill import record_missing_portals
from audit.models import PortalModelLogEntry, PortalPageLogEntry
from helpdesk.models import Inquiry
from manuals.models import ManualPage
from pages.models import NewsPage, portal_home
from portal.roles import ADMINISTRATOR, HELPDESK, READER
from portal.scope import LOGGED_PORTAL

from .conftest import exported

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"


def deleted_intranet_inquiry(signed_in):
    """An intranet inquiry logged and then deleted through the admin by the intranet 管理者; its log label is its
    受付番号, never the caller's name or number."""
    administrator = signed_in(ADMINISTRATOR, "intranet")
    inquiry = Inquiry.objects.create(portal="intranet", question="ZQ照会 山田 090-1234-5678")
    log_registry.log(inquiry, "wagtail.create")
    response = administrator.post(reverse("inquiries:delete", args=(inquiry.pk,)))
    assert response.status_code in (200, 302)
    return inquiry


def test_site_history_and_its_exports_show_the_other_centre_nothing(signed_in):
    reference = deleted_intranet_inquiry(signed_in).reference

    for role in (ADMINISTRATOR, HELPDESK):
        client = signed_in(role, "education")
        assert reference not in client.get(SITE_HISTORY).content.decode(), role
        assert not any(reference in str(cell) for row in exported(client, SITE_HISTORY) for cell in row), role
        assert not any(reference in str(cell) for row in exported(client, SITE_HISTORY, "xlsx") for cell in row), role


def test_own_centre_sees_its_deleted_objects_entries_and_superusers_everything(signed_in):
    inquiry = deleted_intranet_inquiry(signed_in)
    entries = ModelLogEntry.objects.filter(content_type__model="inquiry", object_id=str(inquiry.pk))
    assert {entry.data[LOGGED_PORTAL] for entry in entries} == {"intranet"}

    own = signed_in(ADMINISTRATOR, "intranet").get(SITE_HISTORY).content.decode()
    assert inquiry.reference in own and "山田" not in own and "090-1234" not in own
    client = Client(HTTP_HOST="edu.localhost")
    client.force_login(get_user_model().objects.create_superuser("audit-root", "root@example.jp", "x"))
    assert inquiry.reference in client.get(SITE_HISTORY).content.decode()


def filter_choices(response, name):
    """The objects a report's filter offers (none when Wagtail leaves the filter out for lack of choices)."""
    field = response.context["filters"].form.fields.get(name)
    return list(field.queryset) if field is not None else []


def test_site_history_filters_offer_only_the_own_centres_people(signed_in):
    deleted_intranet_inquiry(signed_in)
    intranet_agent = ModelLogEntry.objects.filter(content_type__model="inquiry").latest("timestamp").user

    offered = filter_choices(signed_in(ADMINISTRATOR, "education").get(SITE_HISTORY), "user")

    assert intranet_agent not in offered
    assert intranet_agent in filter_choices(signed_in(ADMINISTRATOR, "intranet").get(SITE_HISTORY), "user")


def test_a_deleted_pages_entries_stay_with_its_centre(signed_in):
    page = NewsPage.objects.live().descendant_of(portal_home("intranet")).first()
    title = page.title
    page.delete(user=get_user_model().objects.get(username="somu-admin"))

    assert PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.delete").get().data[LOGGED_PORTAL] == "intranet"
    assert title in signed_in(ADMINISTRATOR, "intranet").get(SITE_HISTORY, {"action": "wagtail.delete"}).content.decode()
    assert title not in signed_in(ADMINISTRATOR, "education").get(SITE_HISTORY, {"action": "wagtail.delete"}).content.decode()


def test_entries_written_before_portals_were_recorded_get_one_or_stay_with_superusers():
    """ModelLogEntry.objects writes as Wagtail did before the audit app: no portal recorded."""
    kept = Inquiry.objects.create(portal="education", question="既存の記録")
    gone = Inquiry.objects.create(portal="intranet", question="削除済みの記録")
    old_kept = ModelLogEntry.objects.log_action(kept, "wagtail.create")
    old_gone = ModelLogEntry.objects.log_action(gone, "wagtail.create")
    gone.delete()

    record_missing_portals()

    old_kept.refresh_from_db()
    old_gone.refresh_from_db()
    assert old_kept.data[LOGGED_PORTAL] == "education"
    assert old_gone.data[LOGGED_PORTAL] is None
    assert not PortalModelLogEntry.objects.viewable_by_user(get_user_model().objects.get(username="somu-admin")).filter(
        pk=old_gone.pk
    )


def test_every_log_listing_uses_the_scoped_log_models():
    assert log_registry.get_log_entry_models() == {PortalModelLogEntry, PortalPageLogEntry}
    assert log_registry.get_log_model_for_model(Inquiry) is PortalModelLogEntry
    assert log_registry.get_log_model_for_model(NewsPage) is PortalPageLogEntry


def test_object_histories_of_the_other_centre_are_refused(signed_in):
    inquiry = Inquiry.objects.filter(portal="intranet").first()
    page = NewsPage.objects.live().descendant_of(portal_home("intranet")).first()
    client = signed_in(ADMINISTRATOR, "education")
    assert client.get(reverse("inquiries:history", args=(inquiry.pk,))).status_code == 404
    for name in ("wagtailadmin_pages:history", "wagtailadmin_pages:workflow_history"):
        response = client.get(reverse(name, args=(page.pk,)))  # Wagtail: back to the dashboard with a message
        assert response.status_code in (302, 403) and page.title not in response.content.decode(), name
    employee = signed_in(READER, "intranet")
    assert employee.get(reverse("wagtailadmin_pages:history", args=(page.pk,))).status_code == 403
    assert employee.get(SITE_HISTORY).status_code == 403


def test_workflow_and_page_type_reports_keep_to_the_own_centre(signed_in):
    manual = ManualPage.objects.descendant_of(portal_home("intranet")).first()
    requester = get_user_model().objects.get(username="somu-center")
    manual.save_revision(user=requester)
    manual.get_workflow().start(manual, requester)
    manual.title = "ZQ総務の最新マニュアル"
    manual.save_revision(user=requester)
    client = signed_in(ADMINISTRATOR, "education")

    workflows_response = client.get("/admin/reports/workflow/")
    workflows = workflows_response.content.decode()
    tasks = client.get("/admin/reports/workflow_tasks/").content.decode()
    usage = client.get("/admin/reports/page-types-usage/").content.decode()
    chosen_other_site = client.get("/admin/reports/page-types-usage/", {"site": manual.get_site().root_page.path})

    assert requester not in filter_choices(workflows_response, "requested_by") and manual.title not in workflows
    assert manual.title not in tasks
    assert "ZQ総務" not in usage and "ZQ総務" not in chosen_other_site.content.decode()
    assert "ZQ総務" in signed_in(ADMINISTRATOR, "intranet").get("/admin/reports/page-types-usage/").content.decode()
