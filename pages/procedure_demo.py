"""Demo 手続き案内 for both portals: a 手続き一覧 per portal and the procedures of common life events, each linking the
様式 it needs and the FAQs about it (run after the FAQ and 様式 demos)."""

from wagtail.utils.text import text_from_html

from faq.models import FAQPage
from forms.models import FormTemplate
from forms.references import Catalogue
from portal.models import Audience, Category, LifeEvent

from .demo import ensure_page
from .models import ProcedureIndexPage, ProcedurePage

SUBMIT_TO = {
    "intranet": "所属の庶務担当者を経由して総務事務センターへ（庶務事務システムで申請できるものはシステムから）",
    "education": "学校の事務職員を経由して教育総務事務センターへ",
}
RELATED_FAQS = 6
AUDIENCES = {"intranet": ["seiki", "saininyo"], "education": ["kyoshokuin", "chorishi-komuin"]}

# slug, title, category slug, life event slugs, audiences ("" = everyone, "portal" = the portal's own staff),
# requirements, what to submit per portal (a 様式 number of that portal's 様式集 becomes a link to the 様式, anything
# else is listed as written), deadline, words that mark a related FAQ in its title
PROCEDURES = [
    (
        "marriage", "結婚したとき", "jinji", ["kekkon"], "",
        "婚姻により、氏名・住所・扶養親族・通勤経路のいずれかが変わるとき。変わるものの届だけを提出します。",
        {
            "intranet": ["様式第1号", "様式第1号の2", "様式第5号", "様式第2号", "様式第4号", "様式第3号"],
            "education": ["様式第22号", "教様式第1号", "教様式第3号", "教様式第2号"],
        },
        "事実発生の日から15日以内", ["結婚", "婚姻", "氏名"],
    ),
    (
        "birth", "子が生まれたとき", "kyuyo", ["shussan", "ikuji"], "",
        "子が生まれ、扶養手当の認定、児童手当の請求、共済組合の被扶養者認定、育児休業の取得などを行うとき。",
        {
            "intranet": ["様式第5号", "様式第11号", "被扶養者申告書（共済組合）", "出生を証明する書類の写し"],
            "education": ["教様式第1号", "様式第4号", "様式第30号", "被扶養者申告書（共済組合）"],
        },
        "出生の日から15日以内", ["出産", "出生", "育児"],
    ),
    (
        "moving", "引っ越したとき", "kyuyo", ["hikkoshi"], "",
        "住所が変わり、住居手当や通勤手当の認定内容が変わるとき。",
        {
            "intranet": ["様式第2号", "様式第4号", "様式第3号", "賃貸借契約書の写し（賃貸の場合）"],
            "education": ["教様式第3号", "教様式第2号", "賃貸借契約書の写し（賃貸の場合）"],
        },
        "転居の日から15日以内", ["住居", "住所", "引っ越"],
    ),
    (
        "commute", "通勤経路が変わったとき", "kyuyo", ["hikkoshi", "ido"], "",
        "転居・異動・交通機関の変更により、通勤の経路や方法が変わるとき。",
        {
            "intranet": ["様式第3号", "定期券の写し（交通機関を利用する場合）"],
            "education": ["教様式第2号", "定期券の写し（交通機関を利用する場合）"],
        },
        "変更の日から15日以内", ["通勤"],
    ),
    (
        "retirement", "退職するとき", "jinji", ["taishoku"], "portal",
        "定年・自己都合などにより退職するとき。児童手当を受けている方は受給事由消滅の届も必要です。",
        {
            "intranet": ["退職願（自己都合の場合）", "様式第13号", "組合員証・被扶養者証の返納"],
            "education": ["退職願（自己都合の場合）", "組合員証・被扶養者証の返納"],
        },
        "退職予定日の1か月前まで", ["退職"],
    ),
    (
        "reappointment", "会計年度任用職員の任用が更新されるとき", "kaikei-nendo-nado", ["ido"], "kaikei-nendo",
        "会計年度任用職員として次年度も引き続き任用されるとき。",
        {
            "intranet": ["会計年度様式第3号", "様式第3号"],
            "education": ["任用更新の意向確認書", "教様式第2号"],
        },
        "所属から示された期限まで", ["会計年度", "任用"],
    ),
]


def _related_faqs(home, words, submissions, catalogue):
    """The FAQs whose question has one of `words` or whose answer names a 様式 the procedure needs."""
    form_ids = {template.pk for kind, template in submissions if kind == "form"}
    related = []
    for faq in FAQPage.objects.live().descendant_of(home).order_by("path"):
        named = {template.pk for template in catalogue.forms_in(text_from_html(faq.answer))}
        if any(word in faq.title for word in words) or named & form_ids:
            related.append(faq)
    return related[:RELATED_FAQS]


def _submissions(portal_key, documents):
    """Stream data for 提出書類: a 様式 of the portal by its number, or the text as written."""
    templates = {t.number: t for t in FormTemplate.objects.in_portal(portal_key)}
    return [("form", templates[d]) if d in templates else ("item", d) for d in documents]


def load(homes, users):
    categories = {category.slug: category for category in Category.objects.all()}
    events = {event.slug: event for event in LifeEvent.objects.all()}
    audiences = {audience.slug: audience for audience in Audience.objects.all()}
    for key, home in homes.items():
        catalogue = Catalogue(key)
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
            submissions = _submissions(key, documents[key])
            procedure = ProcedurePage(
                title=title,
                slug=slug,
                category=categories[category],
                requirements=f"<p>{requirements}</p>",
                submissions=submissions,
                deadline=deadline,
                submit_to=SUBMIT_TO[key],
                related_faqs=[("faq", faq) for faq in _related_faqs(home, words, submissions, catalogue)],
                search_description=requirements,
            )
            procedure.audiences = [audiences[s] for s in audience_slugs]
            procedure.life_events = [events[s] for s in event_slugs]
            index.add_child(instance=procedure)
            procedure.save_revision().publish()
