"""Editors' picks (おすすめ検索結果): each portal's 管理者 edit their own (Admin → 設定), readers of that portal see
them above the results and in the header box's suggestions."""

import logging

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column

from portal.admin_views import OwnCentreViewSet
from portal.outside_links import link_allowed, request_host
from portal.portals import PORTALS_BY_KEY
from portal.scope import administered_portals, creator_portal, portal_of

from .models import EditorsPick, normalised_pick_query
from .result_types import type_of_page

logger = logging.getLogger(__name__)


def readable(request, page):
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def pick_type(page):
    """A pick's type for the suggestion list: that of the page it points to, else おすすめ."""
    result_type = type_of_page(page) if page is not None else None
    if result_type is None:
        return {"type": "pick", "type_label": "おすすめ"}
    return {"type": result_type.key, "type_label": result_type.short_label}


def picks_for(request, query, portal, home):
    """The picks of this portal for `query` that the reader may open: live pages of the portal they may see, and
    outside addresses still on the allow-list (a pick saved before the allow-list, or after it shrank, is skipped)."""
    picks = []
    matching = EditorsPick.objects.filter(portal=portal.key, normalized_query=normalised_pick_query(query))
    for pick in matching.select_related("page"):
        shown = {"title": pick.display_title, "description": pick.description, "internal": pick.page_id is not None}
        shown.update(pick_type(pick.page))
        if pick.page_id is None:
            if link_allowed(pick.url, [request_host(request)]):
                picks.append({**shown, "url": pick.url})
        elif pick.page.live and pick.page.is_descendant_of(home) and readable(request, pick.page):
            picks.append({**shown, "url": pick.page.get_url(request=request)})
    return picks


class EditorsPickForm(WagtailAdminModelForm):
    """A 管理者 adds picks to the portals they administer only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not self.for_user.is_superuser:
            portals = administered_portals(self.for_user)
            self.fields["portal"].choices = [c for c in self.fields["portal"].choices if c[0] in portals]


class EditorsPickViewSet(OwnCentreViewSet):
    model = EditorsPick
    icon = "pick"
    menu_label = "おすすめ検索結果"
    add_to_settings_menu = True
    menu_order = 900
    edit_handler = ObjectList(EditorsPick.panels, base_form_class=EditorsPickForm)
    list_display = [
        "query",
        Column("display_title", label="表示する結果"),
        Column("portal", label="ポータル", accessor="get_portal_display"),
        "sort_order",
    ]
    list_filter = ["portal"]
    search_fields = ["query", "title"]
    search_backend_name = None

    def get_queryset(self, request):
        picks = EditorsPick.objects.select_related("page")
        return picks if request.user.is_superuser else picks.filter(portal__in=administered_portals(request.user))


def adopt_search_promotions():
    """Wagtail's search promotions (one set shared by both portals, used before おすすめ検索結果) become picks of the
    portal of their page, or of the portal of whoever created them; any other stays in Wagtail's table, shown
    nowhere, and is named in the log for a superuser. Runs after every migrate (search.apps)."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    for promotion in SearchPromotion.objects.select_related("query", "page"):
        portal = portal_of(promotion.page) if promotion.page_id else creator_portal(promotion)
        if portal not in PORTALS_BY_KEY:
            logger.warning("おすすめ検索結果に移せませんでした（ポータルが不明）: %s", promotion)
            continue
        EditorsPick.objects.create(
            portal=portal,
            query=promotion.query.query_string,
            page=promotion.page,
            url=promotion.external_link_url,
            title=promotion.external_link_text or "",
            description=promotion.description,
            sort_order=promotion.sort_order or 0,
        )
        promotion.delete()
