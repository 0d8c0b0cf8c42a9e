"""Demo inquiries: a few answered ones per portal (with personal data the index must never see), one escalated and
one sent from each portal's inquiry form that the helpdesk has not picked up yet."""

import datetime

from django.utils import timezone

from portal.models import Category, Section

from . import states
from .models import Inquiry

INQUIRIES = {
    "intranet": [
        ("phone", "給与", "引っ越しで通勤経路が変わった。職員番号123456、電話は090-1234-5678。通勤手当の届出はいつまで？",
         "転居の日から15日以内に庶務事務システムで通勤届を提出するよう案内した。", "answered"),
        ("email", "福利", "結婚したので扶養に入れたい。住所は川崎市幸区大宮町1-2-3です。",
         "扶養親族届と続柄を確認できる書類を所属経由で提出するよう案内した。", "closed"),
        ("counter", "人事", "育児休業の延長はどこに出すのか。", "", "escalated"),
    ],
    "education": [
        ("phone", "給与", "学校で年末調整の書類を集めたが、提出先がわからない。", "各学校で取りまとめの上、教育総務事務センターへ送付するよう案内した。", "answered"),
        ("phone", "福利厚生", "校務員です。健康診断の結果提出について知りたい。連絡先 045-123-4567",
         "結果の写しを学校の事務職員経由で提出するよう案内した。", "closed"),
    ],
}

# portal: (the demo reader who asked, category, question)
FROM_PORTAL = {
    "intranet": ("shokuin", "給与", "旧姓のまま給与明細が届きます。氏名の変更はどこに届け出ればよいですか。"),
    "education": ("kyoshokuin", "給与", "講師の任用が更新されたとき、通勤手当の届出は出し直す必要がありますか。"),
}
AGENTS = {"intranet": "somu-helpdesk", "education": "kyoiku-helpdesk"}


def load(homes, users):
    now = timezone.now()
    for portal_key, rows in INQUIRIES.items():
        agent = users[AGENTS[portal_key]]
        for hours_ago, (channel, category, question, answer, status) in enumerate(rows, start=1):
            if Inquiry.objects.filter(portal=portal_key, question=question).exists():
                continue
            inquiry = Inquiry(
                portal=portal_key,
                channel=channel,
                category=Category.objects.filter(name=category).first(),
                question=question,
                answer=answer,
                received_at=now - datetime.timedelta(hours=hours_ago * 5),
            )
            states.receive(inquiry, agent)
            if status == "escalated":
                states.escalate(
                    inquiry, section=Section.objects.get(slug="jinji"), question=question, due_date=now.date(), user=agent
                )
                continue
            states.transition(inquiry, Inquiry.Status.ANSWERED, agent)
            if status == "closed":
                states.transition(inquiry, Inquiry.Status.CLOSED, agent)
    for portal_key, (username, category, question) in FROM_PORTAL.items():
        if Inquiry.objects.filter(portal=portal_key, question=question).exists():
            continue
        inquiry = Inquiry(
            portal=portal_key,
            channel=Inquiry.Channel.PORTAL,
            category=Category.objects.filter(name=category).first(),
            question=question,
            requester=users[username],
            contact_method=Inquiry.ContactMethod.EMAIL,
            received_at=now - datetime.timedelta(minutes=30),
        )
        states.receive(inquiry, users[username], take=False)
