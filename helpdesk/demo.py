"""A believable year of inquiries for both centres, so that queues, the console, the sections' inbox and the reports
mean something right after `make run`.

Volume follows the centres' calendar: 30–60 a day, two to three times that in the 年末調整 (Nov–Jan) and 年度切替
(Mar–Apr) seasons, more on Mondays, none on closed days. Topics are the portal's own FAQs (so past answers and FAQs
meet in the console's suggestions) and follow their season; all channels; about one in twelve goes to the owning
section and comes back with a reply, a few still wait and a few are overdue; complaints, difficult cases, hand-overs,
reopened ones and employees' deflections. A few showcase inquiries carry personal data that the index must never
see. Everything is written with helpdesk.generate.save_histories, seeded, relative to today; a portal that already
has inquiries gets none (HELPDESK_DEMO_SCALE scales the volume, e.g. 0.05 in the tests).
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from faq.models import FAQPage
from portal.business_days import BusinessCalendar
from portal.models import Audience, Category, Section

from .generate import Change, History, save_histories
from .models import AnswerTemplate, Deflection, Escalation, HelpdeskPolicy, Inquiry, InquiryReference
from .notifications import section_reviewers

S = Inquiry.Status
JST = ZoneInfo("Asia/Tokyo")
DAYS = 365
# Inquiries on an ordinary business day before the month's factor; the month factors make the seasons.
DAILY = {"intranet": 28, "education": 20}
MONTH_FACTOR = {4: 3.2, 5: 1.2, 6: 1.5, 7: 1.0, 8: 0.7, 9: 0.9, 10: 1.0, 11: 2.2, 12: 3.5, 1: 2.0, 2: 1.0, 3: 2.6}
# Subcategory words and the months in which their questions come three times as often.
SEASONS = [
    ("年末調整", {11, 12, 1}),
    ("扶養控除", {11, 12, 1}),
    ("期末", {6, 12}),
    ("任用", {3, 4}),
    ("委嘱", {3, 4}),
    ("通勤手当", {3, 4}),
    ("住居手当", {4}),
    ("扶養手当", {4}),
    ("定期健診", {5, 6}),
    ("住民税", {6}),
    ("児童手当", {6}),
    ("教員免許", {1, 2}),
]
CHANNELS = {
    "intranet": [("phone", 60), ("email", 14), ("portal", 16), ("counter", 6), ("fax", 4)],
    "education": [("phone", 58), ("email", 10), ("portal", 14), ("counter", 3), ("fax", 15)],
}
AGENTS = {"intranet": ("somu-helpdesk", "somu-admin"), "education": ("kyoiku-helpdesk", "kyoiku-admin")}
AFFILIATIONS = {
    "intranet": [
        "中区役所 区政推進課", "西区役所 保険年金課", "北区役所 戸籍課", "財政局 財政課", "環境局 ごみ対策課",
        "健康福祉局 地域福祉課", "都市整備局 住宅課", "消防局 総務課", "交通局 経営企画課", "水道局 給水課",
        "こども青少年局 保育課", "市民局 広聴課",
    ],
    "education": [
        f"市立{name}{kind}"
        for name in ("青葉", "港", "北", "中央", "緑", "桜丘", "東", "西", "南", "川辺")
        for kind in ("小学校", "中学校")
    ]
    + ["市立中央高等学校", "市立みなと特別支援学校", "教育委員会事務局 教職員課"],
}
AUDIENCES = {
    "intranet": [("seiki", 70), ("kaikei-nendo", 18), ("saininyo", 6), ("kanrishoku", 6)],
    "education": [("kyoshokuin", 70), ("kaikei-nendo", 15), ("chorishi-komuin", 8), ("kanrishoku", 7)],
}
FAMILY_NAMES = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水".split()
OPENINGS = ["", "", "すみません、", "お世話になります。", "確認したいのですが、", "庶務担当です。職員から聞かれたのですが、"]
ASKS = ["の手続きを教えてほしい", "の書類はどこに出せばよいか", "の期限はいつまでか", "が反映されていない", "について確認したい", "の申請方法がわからない"]
ANSWER_LEADS = ["", "FAQのとおり、", "規定を確認のうえ、", "手続きの流れを説明し、"]
ESCALATION_CASES = ["退職日が月の途中の場合", "異動と同時に転居した場合", "届出が期限を過ぎていた場合", "過去にさかのぼって変更する場合"]
# Questions no FAQ answers yet (the FAQ化 candidates), with what the agent told the caller.
UNCOVERED = [
    ("庶務事務システム", "システム操作", "申請画面で「権限がありません」と表示されて先に進めない。", "所属の権限設定を確認し、庶務担当者から権限付与の申請をするよう案内した。"),
    ("給与", "給与明細", "給与明細の時間外勤務手当の時間数が実績と合わない。", "勤務実績の承認状況を確認し、未承認分は翌月支給となる旨を案内した。"),
    ("人事", "人事異動", "内示後に提出する書類は何があるか。", "異動時に提出が必要な書類の一覧を案内した。"),
    ("福利", "共済関係", "共済組合の貸付を繰り上げて返済したい。", "繰上償還申込書の提出先と締切日を案内した。"),
]
SHOWCASE = {
    "intranet": [
        ("phone", "給与", "通勤手当", "引っ越しで通勤経路が変わった。職員番号123456、電話は090-1234-5678。通勤手当の届出はいつまで？",
         "転居の日から15日以内に庶務事務システムで通勤届を提出するよう案内した。", S.ANSWERED),
        ("email", "福利", "共済関係", "結婚したので扶養に入れたい。住所は川崎市幸区大宮町1-2-3です。",
         "扶養親族届と続柄を確認できる書類を所属経由で提出するよう案内した。", S.CLOSED),
    ],
    "education": [
        ("phone", "給与", "年末調整", "学校で年末調整の書類を集めたが、提出先がわからない。", "各学校で取りまとめの上、教育総務事務センターへ送付するよう案内した。", S.ANSWERED),
        ("phone", "福利厚生", "定期健診", "校務員です。健康診断の結果提出について知りたい。連絡先 045-123-4567",
         "結果の写しを学校の事務職員経由で提出するよう案内した。", S.CLOSED),
    ],
}
# portal: (the demo reader who asked, category, question): sent from the portal, not yet taken up.
FROM_PORTAL = {
    "intranet": ("shokuin", "給与", "旧姓のまま給与明細が届きます。氏名の変更はどこに届け出ればよいですか。"),
    "education": ("kyoshokuin", "給与", "講師の任用が更新されたとき、通勤手当の届出は出し直す必要がありますか。"),
}
ANSWER_TEMPLATES = [
    ("庶務事務システムでの申請案内", "庶務事務システムにログインし、「申請」メニューから該当の届出を選んで入力してください。添付書類がある場合は画像（PDF）で添付できます。"),
    ("所属経由での提出", "所属の庶務担当者を経由して、センターへ提出してください。締切日を過ぎた場合は翌月の処理となります。"),
    ("折り返しの連絡", "確認のうえ、本日中に折り返しご連絡します。"),
    ("所管課に確認中", "担当の所管課に確認しています。回答がありしだいご連絡します。"),
    ("様式のダウンロード", "様式はポータルの「様式集」からダウンロードできます。最新の版をご利用ください。"),
]


def scale():
    return getattr(settings, "HELPDESK_DEMO_SCALE", 1.0)


def weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


class DemoYear:
    """One centre's year of inquiries, built in memory."""

    def __init__(self, portal_key, users, rng):
        self.portal_key, self.users, self.rng = portal_key, users, rng
        self.calendar = BusinessCalendar(portal_key)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.agent, self.supervisor = (users[name] for name in AGENTS[portal_key])
        self.faqs = list(FAQPage.objects.live().filter(path__startswith=self._home_path()).select_related("category"))
        self.audiences = {audience.slug: audience for audience in Audience.objects.all()}
        self.categories = {category.name: category for category in Category.objects.all()}
        self.sections = self._reviewed_sections()
        self.days = HelpdeskPolicy.for_portal(portal_key).escalation_business_days

    def _home_path(self):
        from pages.models import portal_home

        return portal_home(self.portal_key).path

    def _reviewed_sections(self):
        """Sections this centre can escalate to (with reviewers here), with one reviewer each to reply."""
        found = []
        for section in Section.objects.all():
            reviewer = section_reviewers(section, self.portal_key).first()
            if reviewer is not None:
                found.append((section, reviewer))
        return found

    def moment(self, day, live):
        """A time of `day` in office hours (phone and counter), or for mail and portal any time into the evening."""
        start, end = (8 * 60 + 45, 17 * 60 + 15) if live else (7 * 60, 22 * 60)
        minute = int(self.rng.triangular(start, end, 10 * 60 if live else 13 * 60))
        return datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60, self.rng.randrange(60)), JST)

    def later(self, moment, minutes):
        return moment + datetime.timedelta(minutes=minutes, seconds=self.rng.randrange(60))

    def topic(self, day):
        """An FAQ of the season (or, one time in eight, a question no FAQ answers)."""
        if not self.faqs or self.rng.random() < 0.12:
            return None
        weights = [3 if any(word in faq.subcategory and day.month in months for word, months in SEASONS) else 1 for faq in self.faqs]
        return self.rng.choices(self.faqs, weights=weights)[0]

    def texts(self, faq):
        rng = self.rng
        if faq is None:
            category, subcategory, question, answer = rng.choice(UNCOVERED)
            return self.categories.get(category), subcategory, rng.choice(OPENINGS) + question, answer
        if rng.random() < 0.3:
            question = faq.title.rstrip("。？") + rng.choice(["。", "か。", "。急ぎで確認したい。"])
        else:
            question = f"{faq.subcategory}{rng.choice(ASKS)}。"
        question = rng.choice(OPENINGS) + question
        first_sentence = strip_tags(faq.answer).split("。")[0].strip()
        answer = f"{rng.choice(ANSWER_LEADS)}{first_sentence}。FAQを案内した。"
        return faq.category, faq.subcategory, question, answer

    def inquiry(self, day):
        rng = self.rng
        channel = weighted(rng, CHANNELS[self.portal_key])
        live = channel in Inquiry.LIVE_CHANNELS
        received = self.moment(day, live)
        faq = self.topic(day)
        category, subcategory, question, answer = self.texts(faq)
        if rng.random() < 0.1:
            question += f" 折り返しは内線{rng.randint(2000, 7999)}へ。"
        audience = weighted(rng, AUDIENCES[self.portal_key])
        if category is not None and category.name.startswith("会計年度"):
            audience = "kaikei-nendo"
        inquiry = Inquiry(
            portal=self.portal_key,
            channel=channel,
            received_at=received,
            requester_name=f"{rng.choice(FAMILY_NAMES)}" if live and rng.random() < 0.4 else "",
            requester_affiliation=rng.choice(AFFILIATIONS[self.portal_key]),
            requester_audience=self.audiences.get(audience),
            category=category,
            subcategory=subcategory,
            question=question,
            answer=answer,
            is_complaint=rng.random() < 0.015,
            is_difficult=rng.random() < 0.03,
        )
        if channel == "portal":
            inquiry.requester_name = ""
            inquiry.contact_method = Inquiry.ContactMethod.EMAIL
        history = History(inquiry, receiver=self.agent)
        if faq is not None and rng.random() < 0.6:
            history.references.append(InquiryReference(page=faq, added_by=self.agent, added_at=received))
        self.story(history, received, live)
        return history

    def story(self, history, received, live):
        """What happened to the inquiry after its receipt, ending where an inquiry of that age would be now."""
        rng, inquiry = self.rng, history.inquiry
        age_days = self.calendar.count(received, self.today)
        taken = received if live else self.later(received, rng.randint(10, 240))
        if taken > self.now:
            inquiry.assignee = None
            return
        recent = age_days <= 1
        if recent and not live and rng.random() < 0.4:
            inquiry.assignee = None
            return
        handover = rng.random() < 0.03
        answerer = self.supervisor if handover else self.agent
        inquiry.assignee = answerer
        history.changes.append(Change(S.IN_PROGRESS, taken, self.agent))
        if self.sections and rng.random() < (0.09 if MONTH_FACTOR[received.month] > 2 else 0.06):
            self.escalation(history, taken, age_days)
            return
        answered = self.later(taken, max(1, round(rng.lognormvariate(1.55, 0.5))))
        if answered > self.now or (recent and rng.random() < (0.1 if live else 0.3)):
            return  # a callback or reply still to be made
        history.changes.append(Change(S.ANSWERED, answered, answerer))
        closed = self.later(answered, rng.randint(0, 3) if live else rng.randint(30, 600))
        if closed > self.now:
            return
        history.changes.append(Change(S.CLOSED, closed, answerer))
        if rng.random() < 0.01 and age_days > 2:
            reopened = self.later(closed, 24 * 60)
            history.changes += [
                Change(S.IN_PROGRESS, reopened, self.agent, "問い合わせ者から再度の連絡"),
                Change(S.ANSWERED, self.later(reopened, 6), self.agent),
                Change(S.CLOSED, self.later(reopened, 8), self.agent),
            ]

    def escalation(self, history, taken, age_days):
        rng, inquiry = self.rng, history.inquiry
        section, reviewer = rng.choice(self.sections)
        inquiry.assignee = self.agent
        asked = self.later(taken, rng.randint(3, 10))
        due = self.calendar.add(asked, self.days)
        case = rng.choice(ESCALATION_CASES)
        escalation = Escalation(
            section=section,
            question=f"{inquiry.subcategory or '本件'}について、{case}の取扱いを確認したい。",
            due_date=due,
            asked_by=self.agent,
            asked_at=asked,
        )
        history.escalations.append(escalation)
        history.changes.append(Change(S.ESCALATED, asked, self.agent, f"照会先：{section}"))
        late = rng.random() < 0.12
        reply_day = self.calendar.add(asked, rng.randint(self.days + 1, self.days + 4) if late else rng.randint(0, self.days))
        replied = self.moment(reply_day, True)
        if replied > self.now or (reply_day > due and age_days < 15 and rng.random() < 0.5):
            return  # still waiting (overdue once its due date has passed)
        escalation.reply = f"{case}は、事実の発生日にさかのぼって取り扱ってください。必要書類は通常と同じです。"
        escalation.replied_by, escalation.replied_at = reviewer, replied
        history.changes.append(Change(S.SECTION_ANSWERED, replied, reviewer))
        reanswered = self.later(replied, rng.randint(30, 300))
        if reanswered > self.now:
            return
        inquiry.answer = f"所管課（{section}）に確認し、{case}の取扱いを案内した。"
        history.changes.append(Change(S.REANSWERED, reanswered, self.agent))
        closed = self.later(reanswered, rng.randint(1, 60))
        if closed <= self.now:
            history.changes.append(Change(S.CLOSED, closed, self.agent))

    def volume(self, day):
        base = DAILY[self.portal_key] * MONTH_FACTOR[day.month] * (1.25 if day.weekday() == 0 else 1.0)
        return max(0, round(self.rng.gauss(base, base * 0.15) * scale()))

    def year(self):
        histories, deflections = [], []
        day = self.today - datetime.timedelta(days=DAYS)
        while day <= self.today:
            if self.calendar.is_business_day(day):
                for _ in range(self.volume(day)):
                    history = self.inquiry(day)
                    if history.inquiry.received_at <= self.now:
                        histories.append(history)
                deflections += self.deflections(day)
            day += datetime.timedelta(days=1)
        return histories, deflections

    def deflections(self, day):
        """Employees who found their answer on the inquiry form instead of sending it."""
        found = []
        for _ in range(round(self.volume(day) * 0.25)):
            faq = self.topic(day)
            moment = self.moment(day, False)
            if faq is not None and moment <= self.now:
                found.append(Deflection(portal=self.portal_key, question=self.texts(faq)[2], page=faq, created_at=moment))
        return found

    def showcase(self):
        """The hand-written inquiries of the README and tests, received in the last hours."""
        histories = []
        for hours_ago, (channel, category, subcategory, question, answer, status) in enumerate(SHOWCASE[self.portal_key], 1):
            received = self.now - datetime.timedelta(hours=hours_ago * 2)
            inquiry = Inquiry(
                portal=self.portal_key,
                channel=channel,
                category=self.categories.get(category),
                subcategory=subcategory,
                question=question,
                answer=answer,
                received_at=received,
                assignee=self.agent,
            )
            changes = [Change(S.IN_PROGRESS, received, self.agent), Change(S.ANSWERED, self.later(received, 6), self.agent)]
            if status == S.CLOSED:
                changes.append(Change(S.CLOSED, self.later(received, 7), self.agent))
            histories.append(History(inquiry, changes, receiver=self.agent))
        username, category, question = FROM_PORTAL[self.portal_key]
        requester = self.users[username]
        inquiry = Inquiry(
            portal=self.portal_key,
            channel=Inquiry.Channel.PORTAL,
            category=self.categories.get(category),
            question=question,
            requester=requester,
            contact_method=Inquiry.ContactMethod.EMAIL,
            received_at=self.now - datetime.timedelta(minutes=30),
        )
        histories.append(History(inquiry, receiver=requester))
        return histories


def load(homes, users):
    for portal_key in ("intranet", "education"):
        HelpdeskPolicy.objects.get_or_create(portal=portal_key)
        for order, (title, body) in enumerate(ANSWER_TEMPLATES):
            AnswerTemplate.objects.get_or_create(portal=portal_key, title=title, defaults={"body": body, "sort_order": order})
        if Inquiry.objects.filter(portal=portal_key).exists():
            continue
        demo = DemoYear(portal_key, users, random.Random(f"helpdesk-demo-{portal_key}"))
        histories, deflections = demo.year()
        save_histories(histories + demo.showcase())
        Deflection.objects.bulk_create(deflections, batch_size=2000)
