"""Bulk actions (/admin/bulk/<app>/<model>/<action>/?id=…) keep to the same scope as the single-object views and are
recorded in the audit log (issue 9)."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import registry as log_registry
from wagtail.models import Collection, Page

from forms.models import FormVersion
from pages.models import NewsPage, portal_home
from portal.models import ClosureDay
from portal.portals import PORTALS_BY_KEY
from portal.roles import ADMINISTRATOR, READER
from portal.scope import BOTH, LOGGED_PORTAL, portal_of
from search.models import EditorsPick

pytestmark = pytest.mark.django_db


def bulk_url(model, action, *objects):
    ids = "&".join(f"id={obj.pk}" for obj in objects)
    return reverse("wagtail_bulk_action", args=(model._meta.app_label, model._meta.model_name, action)) + f"?{ids}"


def intranet_versions():
    return list(FormVersion.objects.filter(template__portal="intranet").select_related("template")[:2])


def test_the_other_centres_versions_are_neither_listed_nor_deleted(signed_in):
    versions = intranet_versions()
    client = signed_in(ADMINISTRATOR, "education")

    listing = client.get(bulk_url(FormVersion, "delete", *versions))
    deleting = client.post(bulk_url(FormVersion, "delete", *versions))

    assert listing.status_code == 404 and deleting.status_code == 404
    assert versions[0].label not in listing.content.decode()
    assert FormVersion.objects.filter(pk__in=[v.pk for v in versions]).count() == 2


def test_own_and_other_centres_ids_mixed_act_on_the_own_ones_only(signed_in):
    own = FormVersion.objects.filter(template__portal="education").first()
    other = intranet_versions()[0]
    client = signed_in(ADMINISTRATOR, "education")

    listing = client.get(bulk_url(FormVersion, "delete", own, other)).content.decode()
    client.post(bulk_url(FormVersion, "delete", own, other))

    assert str(own.template) in listing and str(other.template) not in listing
    assert not FormVersion.objects.filter(pk=own.pk).exists()
    assert FormVersion.objects.filter(pk=other.pk).exists()


def test_employees_get_the_403_page_for_bulk_actions(signed_in):
    versions = intranet_versions()
    client = signed_in(READER, "intranet")
    assert client.get(bulk_url(FormVersion, "delete", *versions)).status_code == 403
    assert client.post(bulk_url(FormVersion, "delete", *versions)).status_code == 403
    assert FormVersion.objects.filter(pk__in=[v.pk for v in versions]).count() == 2


def object_of_intranet(model):
    """An object of `model` belonging to the intranet portal (made when the demo has none)."""
    if issubclass(model, Page):
        return NewsPage.objects.live().descendant_of(portal_home("intranet")).first()
    if model is get_user_model():
        return get_user_model().objects.get(username="somu-center")
    collection = Collection.objects.get(name=PORTALS_BY_KEY["intranet"].centre)
    if model is get_document_model():
        return model.objects.create(title="総務の文書", collection=collection, file=ContentFile(b"x", name="somu.txt"))
    if model is apps.get_model("wagtailimages", "Image"):
        return model.objects.create(title="総務の画像", collection=collection, file=get_test_image_file())
    if model is ClosureDay:
        return ClosureDay.objects.create(date=datetime.date(2030, 5, 7), name="システム切替", portal="intranet")
    if model is EditorsPick:
        return EditorsPick.objects.create(portal="intranet", query="共済", page=object_of_intranet(Page))
    return next((obj for obj in model.objects.all() if portal_of(obj) == "intranet"), None)


def every_bulk_action():
    bulk_action_registry._scan_for_bulk_actions()
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            for action in actions:
                yield apps.get_model(app_label, model_name), action


def test_every_bulk_action_of_every_model_is_a_404_for_the_other_centres_objects(signed_in):
    """Shared vocabularies (both portals edit them) are the only objects another centre's 管理者 may reach."""
    client = signed_in(ADMINISTRATOR, "education")
    checked = []
    for model, action in every_bulk_action():
        obj = object_of_intranet(model)
        if obj is None:
            assert all(portal_of(o) == BOTH for o in model.objects.all()), f"{model.__name__}: no intranet object"
            continue
        before = model.objects.filter(pk=obj.pk).values().get()
        for method in (client.get, client.post):
            response = method(bulk_url(model, action, obj))
            assert response.status_code == 404, (model.__name__, action, method.__name__)
            assert str(obj) not in response.content.decode()
        assert model.objects.filter(pk=obj.pk).values().get() == before, (model.__name__, action)
        checked.append((model.__name__, action))
    assert {("FormVersion", "delete"), ("Page", "unpublish"), ("User", "set_active_state"), ("Image", "delete")} <= set(
        checked
    )


def logs_of(obj):
    return list(log_registry.get_logs_for_instance(obj))


def test_bulk_deletes_and_other_actions_are_logged_with_who_and_which_portal(signed_in):
    client = signed_in(ADMINISTRATOR, "education")
    version = FormVersion.objects.filter(template__portal="education").first()
    staff = get_user_model().objects.get(username="kyoiku-center")

    client.post(bulk_url(FormVersion, "delete", version))
    client.post(bulk_url(get_user_model(), "set_active_state", staff), {"mark_as_active": "False"})

    [deleted] = logs_of(version)
    assert deleted.action == "wagtail.delete" and deleted.deleted
    assert deleted.user.groups.filter(name="管理者（教育）").exists()
    assert deleted.data[LOGGED_PORTAL] == "education"
    latest = logs_of(staff)[0]
    assert latest.action == "portal.bulk_action" and latest.message.startswith("一括操作「")
    assert latest.data[LOGGED_PORTAL] == "education"


def test_a_page_action_wagtail_logs_itself_is_logged_once(signed_in):
    page = NewsPage.objects.live().descendant_of(portal_home("education")).first()
    signed_in(ADMINISTRATOR, "education").post(bulk_url(Page, "unpublish", page))
    page.refresh_from_db()
    assert not page.live
    assert [entry.action for entry in logs_of(page)].count("wagtail.unpublish") == 1
    assert not [entry for entry in logs_of(page) if entry.action == "portal.bulk_action"]
