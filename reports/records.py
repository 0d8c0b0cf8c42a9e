"""The columns of a drill-down: the records behind a figure, each linked to its own admin page."""

from django.utils import timezone

from portal.masking import mask_personal_data
from portal.dates import wareki


def _when(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
        return f"{wareki(value)} {value:%H:%M}"
    return wareki(value)


def _yes(value):
    return "○" if value else ""


COLUMNS = {
    "helpdesk.Inquiry": (
        ["category"],
        [
            ("受付番号", lambda r: r.reference),
            ("受付日時", lambda r: _when(r.received_at)),
            ("受付方法", lambda r: r.get_channel_display()),
            ("業務分類", lambda r: r.category or ""),
            ("小分類", lambda r: r.subcategory),
            ("状態", lambda r: r.get_status_display()),
            ("回答日時", lambda r: _when(r.answered_at)),
            ("対応時間（分）", lambda r: r.handling_minutes if r.handling_minutes is not None else ""),
            ("一次回答", lambda r: _yes(r.answered_first_tier)),
            ("完答", lambda r: _yes(r.completed_in_centre)),
        ],
    ),
    "helpdesk.Escalation": (
        ["inquiry", "section"],
        [
            ("受付番号", lambda r: r.inquiry.reference),
            ("照会先", lambda r: r.section),
            ("照会日時", lambda r: _when(r.asked_at)),
            ("回答期限", lambda r: _when(r.due_date)),
            ("所管課の回答日時", lambda r: _when(r.replied_at) or "未回答"),
        ],
    ),
    "helpdesk.Deflection": (
        ["page"],
        [
            ("日時", lambda r: _when(r.created_at)),
            ("入力された質問（マスク済み）", lambda r: r.question[:80]),
            ("解決したページ", lambda r: r.page.title if r.page else ""),
        ],
    ),
    "quality.WorkItem": (
        ["category"],
        [
            ("管理番号", lambda r: r.number),
            ("件名", lambda r: mask_personal_data(r.title)),
            ("業務分類", lambda r: r.category or ""),
            ("受付日", lambda r: _when(r.received_on)),
            ("処理期限日", lambda r: _when(r.due_date)),
            ("完了日", lambda r: _when(r.completed_on)),
            ("納品日", lambda r: _when(r.delivered_on)),
            ("誤り指摘日", lambda r: _when(r.error_reported_on)),
        ],
    ),
    "quality.Incident": (
        [],
        [
            ("件名", lambda r: str(r)),
            ("個人情報", lambda r: _yes(r.is_security_incident)),
            ("発生日時", lambda r: _when(r.occurred_at)),
            ("市への報告", lambda r: _when(r.reported_to_city_at)),
            ("完了日", lambda r: _when(r.closed_on)),
        ],
    ),
    "quality.ImprovementProposal": (
        [],
        [
            ("件名", lambda r: str(r)),
            ("状態", lambda r: r.get_status_display()),
            ("提案日", lambda r: _when(r.proposed_on)),
            ("承認日", lambda r: _when(r.approved_on)),
            ("実施日", lambda r: _when(r.implemented_on)),
        ],
    ),
}


def columns_for(model):
    """(related fields to fetch with the records, [(heading, value of a record)]) for a model."""
    return COLUMNS[model._meta.label]
