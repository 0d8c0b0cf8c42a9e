"""手続き一覧 as a reader uses it: filters by category, audience and life event combine, with counts."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from forms.models import FormTemplate
from pages.models import ProcedureIndexPage, ProcedurePage
from portal.models import Audience, Category, LifeEvent
from portal.roles import CENTRE_STAFF, READER

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(homes):
    """A fresh 手続き一覧 with three known procedures, beside the demo one."""
    index = ProcedureIndexPage(title="テスト手続き一覧", slug="test-procedures")
    homes["intranet"].add_child(instance=index)
    index.save_revision().publish()
    kyuyo, jinji = Category.objects.get(slug="kyuyo"), Category.objects.get(slug="jinji")
    events = {event.slug: event for event in LifeEvent.objects.all()}
    seiki = Audience.objects.get(slug="seiki")
    for slug, category, life_events, audiences in [
        ("p-move", kyuyo, ["hikkoshi"], []),
        ("p-commute", kyuyo, ["hikkoshi", "ido"], [seiki]),
        ("p-retire", jinji, ["taishoku"], [seiki]),
    ]:
        page = ProcedurePage(
            title=f"{slug}の手続き", slug=slug, category=category, requirements="<p>要件</p>", deadline="15日以内"
        )
        page.life_events = [events[s] for s in life_events]
        page.audiences = audiences
        index.add_child(instance=page)
        page.save_revision().publish()
    return index


def listed(client, index, **params):
    response = client.get(index.get_url_parts()[2], params)
    assert response.status_code == 200
    return sorted(page.slug for page in response.context["procedures"]), response


def counts(response, facet_key):
    facet = next(facet for facet in response.context["facets"] if facet["key"] == facet_key)
    return {option["term"].slug: option["count"] for option in facet["options"] if option["count"]}


def test_filters_combine_and_counts_follow_the_other_choices(index, portal_client, role_user):
    client = portal_client("intranet", role_user(READER, "intranet"))

    slugs, response = listed(client, index)
    assert slugs == ["p-commute", "p-move", "p-retire"]
    assert counts(response, "life_event") == {"hikkoshi": 2, "ido": 1, "taishoku": 1}
    assert counts(response, "category") == {"kyuyo": 2, "jinji": 1}

    slugs, response = listed(client, index, life_event="hikkoshi")
    assert slugs == ["p-commute", "p-move"]
    assert counts(response, "category") == {"kyuyo": 2}
    assert counts(response, "life_event") == {"hikkoshi": 2, "ido": 1, "taishoku": 1}

    slugs, _ = listed(client, index, life_event="hikkoshi", category="kyuyo", audience="kaikei-nendo")
    assert slugs == ["p-move"], "a procedure for everyone stays; one only for 正規職員 goes"

    slugs, response = listed(client, index, category="jinji", life_event="hikkoshi")
    assert slugs == []
    assert "条件に合う手続きはありません" in response.content.decode()


def test_procedure_page_shows_what_to_submit_by_when_and_where(homes, portal_client, role_user):
    procedure = ProcedurePage.objects.live().descendant_of(homes["intranet"]).get(slug="moving")
    html = portal_client("intranet", role_user(READER, "intranet")).get(procedure.get_url_parts()[2]).content.decode()
    assert procedure.title in html
    assert 'data-testid="procedure-submissions"' in html
    assert procedure.deadline in html and procedure.submit_to in html


def test_submitted_forms_show_the_current_version_and_unpublished_ones_are_not_linked(homes, portal_client, role_user):
    current = FormTemplate.objects.get(portal="intranet", number="様式第3号")
    withdrawn = FormTemplate.objects.get(portal="intranet", number="様式第8号")
    withdrawn.unpublish()
    procedure = ProcedurePage.objects.live().descendant_of(homes["intranet"]).get(slug="moving")
    procedure.submissions = [("form", current), ("form", withdrawn)]
    procedure.save_revision().publish()

    html = portal_client("intranet", role_user(READER, "intranet")).get(procedure.get_url_parts()[2]).content.decode()
    version = current.current_version()
    assert f'href="{current.get_absolute_url()}"' in html and f'href="{current.history_url}"' in html
    assert f"PDF {filesizeformat(version.file_size)}" in html
    assert f"{withdrawn.number} {withdrawn.title} <span" in html and "現在は配布していません" in html
    assert withdrawn.get_absolute_url() not in html and withdrawn.history_url not in html


def test_each_portal_lists_its_procedures_in_the_menu(homes):
    for home in homes.values():
        index = ProcedureIndexPage.objects.child_of(home).get()
        assert index.show_in_menus and index.live
        assert ProcedurePage.objects.live().child_of(index).count() >= 5


def test_editors_can_open_a_procedure(index, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    procedure = ProcedurePage.objects.child_of(index).first()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[procedure.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:add", args=["pages", "procedurepage", index.pk])).status_code == 200
