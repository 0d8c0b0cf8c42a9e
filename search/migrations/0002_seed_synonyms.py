"""A starting dictionary of general equivalences between everyday words and official personnel-administration
terms; administrators edit it in the admin (検索の同義語)."""

from django.db import migrations

SYNONYMS = [
    ("通勤手当", "交通費、通勤費、定期代、通勤定期"),
    ("住居手当", "家賃補助、住宅手当、家賃手当"),
    ("年末調整", "年調"),
    ("会計年度任用職員", "会計年度職員、非常勤職員、臨時職員、パートタイム職員、パート職員"),
    ("年次休暇", "年休、年次有給休暇、有給休暇、有給、有休"),
    ("超過勤務", "残業、超勤、時間外勤務、時間外労働"),
    ("期末手当", "ボーナス、賞与、期末勤勉手当"),
    ("勤勉手当", "ボーナス、賞与、期末勤勉手当"),
    ("育児休業", "育休"),
    ("産前産後休暇", "産休、出産休暇"),
    ("病気休暇", "病休"),
    ("社会保険", "社保"),
    ("雇用保険", "失業保険"),
    ("源泉徴収票", "源泉、源泉票"),
    ("扶養手当", "家族手当"),
    ("給与", "給料、月給、俸給"),
    ("振替休日", "振休、代休"),
    ("共済組合", "共済"),
    ("組合員証", "保険証、健康保険証"),
    ("健康診断", "健診"),
    ("退職手当", "退職金"),
    ("出張旅費", "出張費"),
    ("住民税", "市県民税、市民税、県民税"),
    ("児童手当", "子ども手当"),
    ("特別休暇", "特休"),
    ("忌引", "忌引き、忌引休暇、慶弔休暇"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, variants in SYNONYMS:
        Synonym.objects.get_or_create(term=term, defaults={"variants": variants})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
