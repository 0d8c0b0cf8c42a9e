"""Random but plausible inquiries for load tests and benchmarks (never loaded by the demo)."""

import datetime
import random

from django.utils import timezone

from portal.models import Category

from .models import Inquiry

TOPICS = [
    ("給与", ["通勤手当", "扶養手当", "住居手当", "給与明細", "源泉徴収票", "期末手当", "時間外勤務手当", "口座振込"]),
    ("人事", ["育児休業", "介護休暇", "人事異動", "退職手続", "旧姓使用", "身分証明書", "研修"]),
    ("福利", ["健康診断", "共済組合", "人間ドック", "弔慰金", "被扶養者認定", "貸付"]),
    ("会計年度任用職員等", ["任用更新", "社会保険", "報酬", "年次休暇", "雇用保険"]),
]
ASKS = ["の手続きを教えてください", "の書類はどこに出しますか", "の期限はいつまでですか", "が反映されていません", "について変更したい"]
ANSWERS = ["庶務事務システムから申請するよう案内した。", "所属の庶務担当者経由で提出するよう案内した。", "期限と必要書類を案内した。"]
BATCH_SIZE = 5000


def generate_inquiries(count, portal_key, seed=0):
    """Create `count` answered inquiries for one portal in bulk; returns how many were created."""
    rng = random.Random(seed)
    categories = {category.name: category for category in Category.objects.all()}
    now = timezone.now()
    batch = []
    for number in range(count):
        category_name, topics = rng.choice(TOPICS)
        topic = rng.choice(topics)
        received = now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 365))
        batch.append(
            Inquiry(
                portal=portal_key,
                channel=rng.choice(Inquiry.Channel.values),
                category=categories.get(category_name),
                question=f"{topic}{rng.choice(ASKS)}（問い合わせ{number}）",
                answer=f"{topic}について、{rng.choice(ANSWERS)}",
                status=Inquiry.Status.CLOSED,
                received_at=received,
                answered_at=received + datetime.timedelta(minutes=rng.randint(2, 20)),
                answered_first_tier=rng.random() < 0.92,
                handling_minutes=rng.randint(2, 15),
            )
        )
        if len(batch) == BATCH_SIZE:
            Inquiry.objects.bulk_create(batch)
            batch = []
    Inquiry.objects.bulk_create(batch)
    return count
