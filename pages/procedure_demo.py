"""Demo 手続き案内 for both portals: a 手続き一覧 per portal and the procedures of common life events."""

from faq.models import FAQPage
from portal.models import Audience, Category, LifeEvent

from .demo import ensure_page
from .models import ProcedureIndexPage, ProcedurePage

SUBMIT_TO = {
    "intranet": "所属の庶務担当者を経由して総務事務センターへ（庶務事務システムで申請できるものはシステムから）",
    "education": "学校の事務職員を経由して教育総務事務センターへ",
}
AUDIENCES = {"intranet": ["seiki", "saininyo"], "education": ["kyoshokuin", "chorishi-komuin"]}

# slug, title, category slug, life event slugs, audiences ("" = everyone, "portal" = the portal's own staff),
# requirements, documents to submit, deadline, words that mark a related FAQ in its title
PROCEDURES = [
    (
        "marriage", "結婚したとき", "jinji", ["kekkon"], "",
        "婚姻により、氏名・住所・扶養親族・通勤経路のいずれかが変わるとき。",
        ["氏名変更届（氏名が変わる場合）", "扶養親族届（配偶者を扶養に入れる場合）", "住居届・通勤届（住所が変わる場合）"],
        "事実発生の日から15日以内", ["結婚", "婚姻", "氏名"],
    ),
    (
        "birth", "子が生まれたとき", "kyuyo", ["shussan", "ikuji"], "",
        "子が生まれ、扶養手当の認定、共済組合の被扶養者認定、出産費の請求、育児休業の取得などを行うとき。",
        ["扶養親族届", "被扶養者申告書（共済組合）", "出生を証明する書類の写し"],
        "出生の日から15日以内", ["出産", "出生", "育児"],
    ),
    (
        "moving", "引っ越したとき", "kyuyo", ["hikkoshi"], "",
        "住所が変わり、住居手当や通勤手当の認定内容が変わるとき。",
        ["住所変更届", "住居届（賃貸の場合は賃貸借契約書の写し）", "通勤届"],
        "転居の日から15日以内", ["住居", "住所", "引っ越"],
    ),
    (
        "commute", "通勤経路が変わったとき", "kyuyo", ["hikkoshi", "ido"], "",
        "転居・異動・交通機関の変更により、通勤の経路や方法が変わるとき。",
        ["通勤届", "定期券の写し（交通機関を利用する場合）"],
        "変更の日から15日以内", ["通勤"],
    ),
    (
        "retirement", "退職するとき", "jinji", ["taishoku"], "portal",
        "定年・自己都合などにより退職するとき。",
        ["退職願（自己都合の場合）", "組合員証・被扶養者証の返納", "退職後の住所等の届"],
        "退職予定日の1か月前まで", ["退職"],
    ),
    (
        "reappointment", "会計年度任用職員の任用が更新されるとき", "kaikei-nendo-nado", ["ido"], "kaikei-nendo",
        "会計年度任用職員として次年度も引き続き任用されるとき。",
        ["任用更新の意向確認書", "通勤届（経路が変わる場合）"],
        "所属から示された期限まで", ["会計年度", "任用"],
    ),
]


def _related_faqs(home, words):
    faqs = FAQPage.objects.live().descendant_of(home)
    return [faq for faq in faqs if any(word in faq.title for word in words)][:3]


def load(homes):
    categories = {category.slug: category for category in Category.objects.all()}
    events = {event.slug: event for event in LifeEvent.objects.all()}
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    for key, home in homes.items():
        index = ensure_page(
            home,
            ProcedureIndexPage,
            "procedures",
            title="手続き一覧",
            show_in_menus=True,
            search_description="ライフイベントや対象者から、必要な手続きと提出書類を探せます",
            intro="<p>結婚・出産・引っ越し・退職など、出来事ごとに必要な手続きをまとめています。</p>",
        )
        for slug, title, category, event_slugs, audience, requirements, documents, deadline, words in PROCEDURES:
            audience_slugs = AUDIENCES[key] if audience == "portal" else [audience] if audience else []
            if index.get_children().filter(slug=slug).exists():
                continue
            procedure = ProcedurePage(
                title=title,
                slug=slug,
                category=categories[category],
                requirements=f"<p>{requirements}</p>",
                submissions=[("item", document) for document in documents],
                deadline=deadline,
                submit_to=SUBMIT_TO[key],
                related_faqs=[("faq", faq) for faq in _related_faqs(home, words)],
                search_description=requirements,
            )
            procedure.audiences = [audiences[s] for s in audience_slugs]
            procedure.life_events = [events[s] for s in event_slugs]
            index.add_child(instance=procedure)
            procedure.save_revision().publish()
