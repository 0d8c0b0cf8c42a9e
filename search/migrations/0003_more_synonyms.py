"""More general equivalences between everyday words and personnel-administration terms. Adds missing terms and
appends missing variants; variants an administrator removed from an existing term are not restored."""

import re

from django.db import migrations

ADDITIONS = [
    ("配偶者", "夫、妻、旦那、主人、嫁、奥さん"),
    ("退職", "辞職、離職、辞め"),
    ("転居", "引っ越し、引越し、引越、住所変更"),
    ("兼業", "副業、ダブルワーク、掛け持ち、掛持ち"),
    ("控除", "天引き、差し引き、差引"),
    ("過払", "過払い、払いすぎ、払い過ぎ、もらいすぎ、もらい過ぎ"),
    ("支給日", "支払日、振込日、給料日、振り込まれ"),
    ("公務災害", "労災、労働災害"),
    ("在職証明書", "在職証明、在籍証明、勤務証明、職歴証明"),
    ("被扶養者", "扶養家族"),
    ("忌引", "不幸、服喪"),
    ("通勤手当", "ガソリン代"),
    ("育児休業", "育児休暇"),
]


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, variants in ADDITIONS:
        synonym, created = Synonym.objects.get_or_create(term=term, defaults={"variants": variants})
        if created:
            continue
        current = [variant.strip() for variant in re.split(r"[、,，\n]", synonym.variants) if variant.strip()]
        missing = [variant for variant in variants.split("、") if variant not in current]
        if missing:
            synonym.variants = "、".join(current + missing)
            synonym.save(update_fields=["variants"])


class Migration(migrations.Migration):
    dependencies = [("search", "0002_seed_synonyms")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
