"""Admin reports on our own query log: what people search for most, what finds nothing, and what finds results
nobody opens (the FAQs to write next); and the queries kept off the search page's 「よく検索されている言葉」. Each
administrator sees only the searches and hidden queries of the portals they administer."""

import datetime

import django_filters
from django.db.models import Avg, Count, Max
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet

from portal.admin_views import OwnCentreViewSet, OwnPortalChoicesForm
from portal.portals import PORTALS
from portal.scope import administered_portals

from .models import HiddenPopularQuery, QueryLog
from .picks import EditorsPickViewSet

PERIODS = [("7", "過去7日"), ("30", "過去30日"), ("90", "過去90日"), ("365", "過去1年")]
permission_policy = ModelPermissionPolicy(QueryLog)


class PeriodFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, days):
        if not days:
            return queryset
        return queryset.filter(created_at__gte=timezone.now() - datetime.timedelta(days=int(days)))


class QueryLogFilterSet(WagtailFilterSet):
    period = PeriodFilter(label="期間", choices=PERIODS, empty_label="全期間")
    portal = django_filters.ChoiceFilter(label="ポータル", choices=[(p.key, p.title) for p in PORTALS])

    class Meta:
        model = QueryLog
        fields = ["period", "portal"]


class SourceQueryLogFilterSet(QueryLogFilterSet):
    source = django_filters.ChoiceFilter(label="検索元", choices=QueryLog.Source.choices)

    class Meta(QueryLogFilterSet.Meta):
        fields = ["period", "portal", "source"]


class QueryReportView(ReportView):
    """Searches grouped by normalized query, most frequent first; subclasses narrow down which searches count and
    explain it in `help_text`, shown above the table."""

    model = QueryLog
    permission_policy = permission_policy
    permission_required = "view"
    filterset_class = SourceQueryLogFilterSet
    results_template_name = "search/query_report_results.html"
    header_icon = "search"
    sources = QueryLog.Source.values
    help_text = "検索画面、検索API（ヘルプデスク画面など）とチャットボットの質問を数えます。「検索元」で絞り込めます。"
    columns = [
        Column("normalized_query", label="検索語"),
        Column("searches", label="検索回数"),
        Column("average_results", label="平均件数", accessor=lambda row: round(row["average_results"] or 0, 1)),
        Column("clicks", label="クリック数"),
        DateColumn("last_searched", label="最終検索日時"),
    ]
    list_export = ["normalized_query", "searches", "average_results", "clicks", "last_searched"]
    export_headings = {column.name: column.label for column in columns}

    def narrow(self, queryset):
        return queryset

    def get_queryset(self):
        logs = QueryLog.objects.filter(portal__in=administered_portals(self.request.user), source__in=self.sources)
        return self.narrow(
            logs.values("normalized_query")
            .annotate(
                searches=Count("pk"),
                average_results=Avg("result_count"),
                clicks=Count("clicked_at"),
                last_searched=Max("created_at"),
            )
            .order_by("-searches", "-last_searched")
        )


class TopQueriesView(QueryReportView):
    page_title = "よく検索される語"
    index_url_name = "search_reports:top"
    index_results_url_name = "search_reports:top_results"


class ZeroResultQueriesView(QueryReportView):
    page_title = "結果が0件の検索語"
    index_url_name = "search_reports:zero"
    index_results_url_name = "search_reports:zero_results"

    def narrow(self, queryset):
        return queryset.filter(result_count=0)


class UnclickedQueriesView(QueryReportView):
    """Searches that found something yet never led to a click: the answer is missing or badly titled. Only searches
    whose clicks are recorded count, or every helpdesk-screen search would look unanswered."""

    page_title = "結果を開かれなかった検索語（次に書くFAQの候補）"
    index_url_name = "search_reports:unclicked"
    index_results_url_name = "search_reports:unclicked_results"
    filterset_class = QueryLogFilterSet
    sources = QueryLog.CLICK_TRACKED_SOURCES
    help_text = (
        "検索画面での検索だけを数えます。検索API（ヘルプデスク画面など）の検索は、結果が開かれたかを記録できないため"
        "含めません。"
    )

    def narrow(self, queryset):
        return queryset.filter(result_count__gt=0).filter(clicks=0)


REPORTS = [
    ("top", TopQueriesView, 1300),
    ("zero", ZeroResultQueriesView, 1310),
    ("unclicked", UnclickedQueriesView, 1320),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for name, view, _order in REPORTS:
        urls.append(path(f"{name}/", view.as_view(), name=name))
        urls.append(path(f"{name}/results/", view.as_view(results_only=True), name=f"{name}_results"))
    return [path("search-reports/", (urls, "search_reports", "search_reports"))]


class QueryLogMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")


def _menu_item(name, view, order):
    return lambda: QueryLogMenuItem(
        view.page_title, reverse(f"search_reports:{name}"), name=f"search-{name}", icon_name="search", order=order
    )


for _name, _view, _order in REPORTS:
    hooks.register("register_reports_menu_item", _menu_item(_name, _view, _order))


class HiddenPopularQueryForm(OwnPortalChoicesForm):
    own_portals = staticmethod(administered_portals)


class HiddenPopularQueryViewSet(OwnCentreViewSet):
    """Admin → 設定 → 表示しない検索語: each administrator lists and edits those of their own portal only."""

    model = HiddenPopularQuery
    icon = "view"
    menu_label = "表示しない検索語"
    add_to_settings_menu = True
    edit_handler = ObjectList(HiddenPopularQuery.panels, base_form_class=HiddenPopularQueryForm)
    list_display = [
        "query",
        Column("portal", label="ポータル", accessor="get_portal_display"),
        "note",
        DateColumn("created_at", label="登録日時"),
    ]

    def get_queryset(self, request):
        return HiddenPopularQuery.objects.filter(portal__in=administered_portals(request.user))


register_snippet(HiddenPopularQueryViewSet)


register_snippet(EditorsPickViewSet)


@hooks.register("construct_settings_menu")
def hide_wagtails_shared_search_promotions(request, menu_items):
    """Wagtail's 「提案された検索結果」 shares every pick between the portals; おすすめ検索結果 replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "promoted-search-results"]
