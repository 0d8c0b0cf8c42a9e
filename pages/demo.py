"""Demo pages for both portals: home entry points, news, the annual schedule and general pages."""

import datetime

from django.utils import timezone

from portal.dates import fiscal_year
from portal.models import Audience

from .models import ContentPage, NewsIndexPage, NewsPage, ScheduleEvent, SchedulePage


def ensure_page(parent, model, slug, **fields):
    """The child of `parent` with this slug, created (and published) only if missing, so reloading is harmless."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


NEWS = {
    "intranet": [
        (0, "年末調整の書類提出について", True, "年末調整の申告書は庶務事務システムから提出してください。", ["seiki", "saininyo", "kaikei-nendo"]),
        (6, "通勤手当の認定事務の変更について", False, "通勤経路の認定基準を一部見直しました。", ["seiki", "saininyo"]),
        (13, "会計年度任用職員の任用更新手続について", False, "次年度の任用更新に関する手続の日程をお知らせします。", ["kaikei-nendo"]),
        (27, "庶務事務システムのメンテナンスに伴う停止のお知らせ", False, "土曜日の終日、システムを停止します。", []),
    ],
    "education": [
        (1, "年末調整の書類提出について（学校向け）", True, "各学校の事務職員がとりまとめの上、提出してください。", ["kyoshokuin", "kanrishoku"]),
        (8, "服務管理システムの操作説明会の開催", False, "新任管理職向けの操作説明会を開催します。", ["kanrishoku"]),
        (20, "調理士・校務員の勤務時間の取扱いについて", False, "長期休業期間中の勤務時間の取扱いをお知らせします。", ["chorishi-komuin"]),
    ],
}


def _working_day(date):
    """The date itself, or the Friday before when it falls on a weekend (centres take nothing in on weekends)."""
    return date - datetime.timedelta(days=max(0, date.weekday() - 4))


def _schedule_events(today):
    year = today.year
    fy = fiscal_year(today)
    return [
        (datetime.date(year, 10, 20), None, "年末調整の案内・申告書の配布", False),
        (datetime.date(year, 11, 28), None, "扶養控除等申告書・保険料控除申告書の提出締切", True),
        (datetime.date(year, 12, 10), None, "住宅借入金等特別控除申告書の提出締切", True),
        (datetime.date(year, 12, 25), None, "12月支給の給与で年末調整の精算", False),
        (datetime.date(year + 1, 1, 16), None, "源泉徴収票の配布", False),
        (datetime.date(fy + 1, 1, 30), None, "会計年度任用職員 次年度任用の意向確認 提出締切", True),
        (datetime.date(fy + 1, 3, 6), None, "人事異動に伴う扶養・住居・通勤手当の届出締切", True),
        (today + datetime.timedelta(days=10), None, "期末・勤勉手当の基準日届出の締切", True),
    ]


def load(homes, users):
    today = timezone.localdate()
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    for key, home in homes.items():
        news_index = ensure_page(
            home, NewsIndexPage, "news", title="お知らせ", show_in_menus=True, search_description="センターからのお知らせ"
        )
        for days_ago, title, important, summary, audience_slugs in NEWS[key]:
            ensure_page(
                news_index,
                NewsPage,
                f"news-{len(title)}-{days_ago}",
                title=title,
                date=today - datetime.timedelta(days=days_ago),
                important=important,
                summary=summary,
                body=_paragraph(summary + "詳しくは所属の庶務担当者にお問い合わせください。"),
                audiences=[audiences[slug] for slug in audience_slugs],
            )
        ensure_page(
            home,
            SchedulePage,
            "schedule",
            title="年間スケジュール（年末調整ほか）",
            show_in_menus=True,
            search_description="年末調整などの締切",
            intro="<p>年末調整をはじめ、年間の主な手続の日程です。締切は所属での取りまとめ期限ではなく、センター必着の日付です。</p>",
            events=[
                ScheduleEvent(date=_working_day(date), end_date=end, title=title, is_deadline=deadline)
                for date, end, title, deadline in _schedule_events(today)
            ],
        )
        ensure_page(
            home,
            ContentPage,
            "about",
            title=f"{home.title}の使い方",
            show_in_menus=True,
            search_description="検索と問い合わせの方法",
            body=_paragraph(
                "知りたいことは、まず上の検索欄に言葉や質問を入力してください。"
                "見つからない場合は、問い合わせフォームまたは電話でセンターへお問い合わせください（受付時間 平日8時30分〜17時15分）。"
            ),
        )


def feature_menu_pages(homes):
    """Fill each home's entry points from the pages in its menu; run after every app has added its pages.

    Only a home still without entry points (and without an editor's draft) gets them: editors' work is never replaced.
    """
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    for key, home in homes.items():
        home.refresh_from_db()  # as saved: publishing a new home leaves the object with has_unpublished_changes set
        if home.entry_points or home.has_unpublished_changes:
            continue
        menu_pages = sorted(home.get_children().live().in_menu().specific(), key=_link_order)
        links = [_link(page) for page in menu_pages]
        sections = {
            "featured_links": {"heading": "よく使う入口", "links": links},
            "audience_entries": {
                "heading": "対象者別のご案内",
                "entries": [
                    {
                        "audience": audiences[slug],
                        "title": f"{audiences[slug].name}の方へ",
                        "description": description,
                        "links": [_link(page) for page in menu_pages if page.slug in AUDIENCE_LISTINGS],
                    }
                    for slug, description in AUDIENCE_ENTRIES[key]
                ],
            },
        }
        home.entry_points = [(name, sections[name]) for name in HOME_LEADS_WITH[key]]
        home.save_revision().publish()


def _link(page):
    return {"title": page.title, "page": page, "url": "", "description": page.search_description}


def _link_order(page):
    """手続き一覧, FAQ and 様式集 first, then the rest of the menu in tree order (sorted() keeps it)."""
    return FIRST_LINKS.index(page.slug) if page.slug in FIRST_LINKS else len(FIRST_LINKS)


# Issue 2: the intranet home leads with its audiences, the education home with 手続き一覧 and FAQ.
HOME_LEADS_WITH = {
    "intranet": ["audience_entries", "featured_links"],
    "education": ["featured_links", "audience_entries"],
}
FIRST_LINKS = ["procedures", "faq", "forms"]
# The listings that narrow to one audience with ?audience= (the audience entries link there).
AUDIENCE_LISTINGS = ["procedures", "faq", "news"]
AUDIENCE_ENTRIES = {
    "intranet": [
        ("seiki", "給与・手当、休暇、福利厚生の手続"),
        ("kaikei-nendo", "任用・報酬・社会保険の手続"),
        ("kanrishoku", "承認・決裁と所属職員の手続"),
    ],
    "education": [
        ("kyoshokuin", "給与・手当、服務、福利厚生の手続"),
        ("kanrishoku", "服務管理システムでの承認と学校の取りまとめ"),
        ("chorishi-komuin", "勤務・給与の手続"),
    ],
}
