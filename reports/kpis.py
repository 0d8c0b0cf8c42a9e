"""The contract KPIs: each a ratio, a mean or a count of measures, judged against the centre's target
(quality.KpiTargets). Values are rounded to one decimal before they are judged, so the judgement always agrees with
the figure shown and sent to the city."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from quality.models import KpiTargets

COMPARISONS = {
    "at_least": ("以上", lambda value, target: value >= target),
    "at_most": ("以下", lambda value, target: value <= target),
    "below": ("未満", lambda value, target: value < target),
}


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    definition: str
    kind: str  # ratio (percent of numerator / denominator), mean (numerator / denominator) or count
    numerator: str
    denominator: str
    target_field: str
    comparison: str
    unit: str
    monthly_target: bool = False  # the target is per month: judged for months and fiscal years only

    def evaluate(self, figures, targets, months=None):
        """The KpiResult of this KPI from {measure key: figure}; `months` is how many months the figures cover
        (None when they do not cover whole months: a month-based target is then not judged)."""
        numerator = figures.get(self.numerator, 0)
        denominator = figures.get(self.denominator, 0) if self.denominator else None
        target = Decimal(getattr(targets, self.target_field))
        if self.kind == "count":
            value = Decimal(numerator)
        elif not denominator:
            value = None
        else:
            scale = 100 if self.kind == "ratio" else 1
            value = (Decimal(numerator) * scale / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if self.monthly_target:
            target = target * months if months else None
        met = None if value is None or target is None else COMPARISONS[self.comparison][1](value, target)
        return KpiResult(self, value, numerator, denominator, target, met)


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    value: Decimal | None
    numerator: int
    denominator: int | None
    target: Decimal | None
    met: bool | None

    @property
    def text(self):
        if self.value is None:
            return "—"
        value = f"{self.value:,.0f}" if self.kpi.kind == "count" else f"{self.value:,.1f}"
        return f"{value}{self.kpi.unit}"

    @property
    def target_text(self):
        if self.target is None:
            return "—（月単位の目標）"
        number = f"{self.target:,.0f}" if self.target == self.target.to_integral() else f"{self.target:,.1f}"
        return f"{number}{self.kpi.unit}{COMPARISONS[self.kpi.comparison][0]}"

    @property
    def judgement(self):
        return {True: "達成", False: "未達成", None: "—"}[self.met]


KPIS = [
    Kpi("first_tier_rate", "初回応答率", "一次回答した件数 ÷ 回答した件数（受付日で集計）", "ratio", "first_tier", "answered",
        "first_tier_rate", "at_least", "%"),
    Kpi("average_handling", "平均対応時間", "受付から回答・記録完了までの分数の平均（回答した問い合わせ）", "mean",
        "handling_minutes", "handled", "average_handling_minutes", "at_most", "分"),
    Kpi("completion_rate", "完答率", "センター内で完了した件数（照会なし） ÷ 受け付けた件数", "ratio", "completed_in_centre",
        "received", "completion_rate", "at_least", "%"),
    Kpi("deadline_rate", "処理期限の達成率", "期限内に完了した処理案件 ÷ 期限が到来した処理案件（期限日で集計）", "ratio",
        "items_on_time", "items_due", "deadline_rate", "at_least", "%"),
    Kpi("error_rate", "処理誤り割合", "市から誤りを指摘された処理案件 ÷ 納品した処理案件（納品日で集計）", "ratio",
        "items_flagged", "items_delivered", "error_rate", "below", "%"),
    Kpi("security_incidents", "セキュリティインシデント発生件数", "個人情報の漏えい・紛失など（発生日で集計）", "count",
        "security_incidents", "", "security_incidents", "at_most", "件"),
    Kpi("proposals", "業務改善提案件数", "その期間に出された業務改善提案（提案日で集計）", "count", "proposals", "",
        "proposals", "at_least", "件", monthly_target=True),
]
KPI_MEASURES = sorted({key for kpi in KPIS for key in (kpi.numerator, kpi.denominator) if key})


def evaluate_all(figures, portal_key, months=None):
    targets = KpiTargets.for_portal(portal_key)
    return [kpi.evaluate(figures, targets, months) for kpi in KPIS]
