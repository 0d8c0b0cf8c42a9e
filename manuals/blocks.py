"""Blocks of a work manual's tabular parts: who does what (役割分担) and the ordered business flow (業務フロー)."""

from wagtail import blocks

PARTIES = [
    ("city", "市（業務所管課）"),
    ("centre", "センター"),
    ("department", "所属（各課・学校）"),
    ("employee", "職員本人"),
]


class ResponsibilityBlock(blocks.StructBlock):
    """One task and the party responsible for it, so the split between the city and the centre is explicit."""

    task = blocks.CharBlock(label="事務", max_length=200)
    party = blocks.ChoiceBlock(choices=PARTIES, label="担当")
    note = blocks.CharBlock(label="備考", required=False, max_length=200)

    class Meta:
        icon = "group"
        label = "役割"


class FlowStepBlock(blocks.StructBlock):
    """One step of the business flow: who acts, what they do, and anything to watch for."""

    actor = blocks.CharBlock(label="実施者", max_length=100)
    action = blocks.CharBlock(label="処理内容", max_length=300)
    note = blocks.CharBlock(label="留意事項", required=False, max_length=300)

    class Meta:
        icon = "arrow-right"
        label = "手順"
