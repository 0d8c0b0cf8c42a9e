"""A year of demo register data per centre, so that the reports show believable figures after `make run`:
work items every business day (busier in 年末調整 and at the start of the fiscal year), a few late or wrong,
incidents now and then (rarely a personal-data one), and improvement proposals through their stages.
Nothing is added for a centre whose register already has work items."""

import datetime
import random
from functools import lru_cache

from django.utils import timezone

from helpdesk.models import Inquiry
from portal.business_days import BusinessCalendar
from portal.models import Category

from .models import ImprovementProposal, Incident, WorkItem

DAYS = 365
WORK = {
    "給与": ["通勤手当認定", "扶養手当認定", "住居手当認定", "給与口座変更", "時間外勤務手当の確認"],
    "人事": ["育児休業承認", "旧姓使用届", "退職手続", "人事異動の発令処理"],
    "福利": ["共済組合員証の交付", "被扶養者認定", "人間ドック助成"],
    "会計年度任用職員等": ["任用手続", "社会保険資格取得", "報酬の支払処理"],
}
DEADLINES = [3, 5, 5, 10]
INCIDENTS = [
    ("accident", False, "書類の誤送付（所属間）", "給与明細を別の所属へ送付した。", "宛先確認の漏れ", "発送前の二人確認を徹底"),
    ("accident", True, "個人情報を含む書類の紛失", "扶養認定の添付書類1件が所在不明となった。", "受付時の記録漏れ", "受付簿への記録と保管場所の固定"),
    ("trouble", False, "庶務事務システムの障害", "午前中、申請画面が表示されなかった。", "システムの設定変更", "切替時の確認手順を追加"),
    ("complaint", False, "電話がつながりにくい", "年末調整の時期に電話が長く待たされたとの苦情。", "繁忙期の体制不足", "繁忙期の応援体制を用意"),
]
PROPOSALS = [
    "受付票の様式統一", "定型回答の見直し", "FAQの月次更新", "処理状況の見える化", "チェックリストの電子化",
    "繁忙期の応援体制", "問い合わせ分類の整理", "マニュアルの改訂周期の設定",
]


def _volume(day, rng):
    """Work items received on a business day: more in December–January (年末調整) and April (年度切替)."""
    base = 14
    if day.month in (12, 1):
        base = 30
    elif day.month == 4:
        base = 24
    return max(0, int(rng.gauss(base, base / 4)))


def _work_items(portal_key, today, calendar, rng, categories):
    calendar.add = lru_cache(maxsize=None)(calendar.add)  # the same few hundred dates, asked thousands of times
    items = []
    first = today - datetime.timedelta(days=DAYS)
    for offset in range(DAYS + 1):
        day = first + datetime.timedelta(days=offset)
        if not calendar.is_business_day(day):
            continue
        for number in range(_volume(day, rng)):
            category = rng.choice(list(WORK))
            deadline = rng.choice(DEADLINES)
            due = calendar.add(day, deadline)
            item = WorkItem(
                portal=portal_key,
                number=f"{day:%Y%m%d}-{number + 1:03d}",
                title=rng.choice(WORK[category]),
                category=categories.get(category),
                received_on=day,
                deadline_days=deadline,
                due_date=due,
            )
            started = calendar.add(day, rng.choice([0, 0, 1]))
            late = rng.random() < 0.015
            completed = calendar.add(due, rng.randint(1, 3)) if late else calendar.add(started, rng.randint(0, deadline - 1))
            if started <= today:
                item.started_on = started
            if completed <= today and (not late or rng.random() < 0.9):
                item.completed_on = completed
                delivered = calendar.add(completed, 1)
                if delivered <= today:
                    item.delivered_on = delivered
                    flagged = calendar.add(delivered, rng.randint(1, 5))
                    if rng.random() < 0.012 and flagged <= today:
                        item.error_reported_on = flagged
                        item.error_note = "支給額の計算誤り（端数処理）"
            items.append(item)
    WorkItem.objects.bulk_create(items, batch_size=2000)


def _incidents(portal_key, today, rng):
    for months_ago in range(12):
        if rng.random() < 0.4:
            continue
        kind, security, title, description, cause, countermeasure = rng.choice(
            INCIDENTS if rng.random() < 0.15 else [row for row in INCIDENTS if not row[1]]
        )
        occurred = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=months_ago * 30 + rng.randint(0, 25)), datetime.time(10, 30))
        )
        closed = timezone.localdate(occurred) + datetime.timedelta(days=rng.randint(3, 20))
        complained = Inquiry.objects.filter(portal=portal_key, is_complaint=True, received_at__lte=occurred)
        Incident.objects.create(
            inquiry=complained.first() if kind == "complaint" else None,
            portal=portal_key,
            kind=kind,
            is_security_incident=security,
            title=title,
            occurred_at=occurred,
            description=description,
            cause=cause,
            countermeasure=countermeasure,
            reported_to_city_at=occurred + datetime.timedelta(hours=4) if kind == "accident" else None,
            reported_to="行政経営課 担当係長" if kind == "accident" else "",
            closed_on=closed if closed <= today else None,
        )


def _proposals(portal_key, today, rng):
    proposals = []
    for months_ago in range(12):
        month_first = (today.replace(day=1) - datetime.timedelta(days=months_ago * 28)).replace(day=1)
        for _ in range(rng.randint(4, 8)):
            proposed = month_first + datetime.timedelta(days=rng.randint(0, 27))
            if proposed > today:
                continue
            stages = [proposed]
            for gap in (7, 30, 60):
                following = stages[-1] + datetime.timedelta(days=gap + rng.randint(0, 10))
                if following > today or rng.random() < 0.2:
                    break
                stages.append(following)
            stages += [None] * (4 - len(stages))
            proposal = ImprovementProposal(
                portal=portal_key,
                title=rng.choice(PROPOSALS),
                proposer="業務改善チーム",
                description="現状の課題と改善の方法をまとめた。",
                expected_effect="処理時間の短縮と誤りの防止",
                proposed_on=stages[0],
                approved_on=stages[1],
                implemented_on=stages[2],
                measured_on=stages[3],
                measured_effect="1件あたりの処理時間が約1割短縮した。" if stages[3] else "",
            )
            proposal.status = proposal.stage_reached()
            proposals.append(proposal)
    ImprovementProposal.objects.bulk_create(proposals)


def load(homes, users):
    today = timezone.localdate()
    categories = {category.name: category for category in Category.objects.all()}
    for seed, portal_key in enumerate(homes):
        if WorkItem.objects.filter(portal=portal_key).exists():
            continue
        rng = random.Random(seed)
        _work_items(portal_key, today, BusinessCalendar(portal_key), rng, categories)
        _incidents(portal_key, today, rng)
        _proposals(portal_key, today, rng)
