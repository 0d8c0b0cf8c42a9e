"""Demo 様式 with old, current and upcoming versions (files made in code), a 様式集 page per portal and a multi-step
online form; reloading adds nothing twice."""

import datetime
import io
import re
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import Workbook

from pages.demo import ensure_page
from portal.dates import wareki
from portal.models import Category, Section

from .models import STEP, FormIndexPage, FormTemplate, FormVersion, OnlineFormField, OnlineFormPage


def pdf_bytes(text):
    """A one-page PDF showing `text` (ASCII), valid enough for viewers and for content sniffing."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def xlsx_bytes(text):
    workbook = Workbook()
    workbook.active["A1"] = text
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx_bytes(text):
    """The smallest Word document Word opens: content types, package relationship and one paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


MAKERS = {"pdf": pdf_bytes, "xlsx": xlsx_bytes, "docx": docx_bytes}


def sample_file(kind, text, name=None):
    """An uploadable file of `kind` (pdf, xlsx or docx)."""
    return ContentFile(MAKERS[kind](text), name=name or f"{text}.{kind}")


# Versions of a 様式 that lists none: issued long ago, revised this year.
USUAL_VERSIONS = [(-800, "初版"), (-150, "記入例を追加し、記入欄を整理")]

# The 様式 the demo FAQs (shared/data/faq_*.jsonl) and procedures name, with the numbers and titles they use:
# number, title, section slug, category slug, file kind, description, versions as (days from today, summary) or None.
TEMPLATES = {
    "intranet": [
        ("様式第1号", "氏名変更届", "jinji", "jinji", "docx", "婚姻などで氏名が変わったときに提出します。", None),
        ("様式第1号の2", "旧姓使用申出書", "jinji", "jinji", "docx", "氏名の変更後も職務上旧姓を使用するときに提出します。", None),
        ("様式第2号", "住所変更届", "jinji", "jinji", "docx", "転居などで住所が変わったときに提出します。", None),
        ("様式第3号", "通勤届", "kyuyo", "kyuyo", "pdf", "通勤経路や通勤方法が変わったときに提出します。", [
            (-900, "初版"),
            (-200, "自転車通勤の距離区分を変更"),
        ]),
        ("様式第4号", "住居届", "kyuyo", "kyuyo", "docx", "転居・家賃の変更で住居手当の認定が必要なときに提出します。", [
            (-800, "初版"),
            (-100, "家賃の支払証明書類の添付を明記"),
        ]),
        ("様式第5号", "扶養親族届", "kyuyo", "kyuyo", "xlsx", "扶養親族が増えたとき・減ったときに提出します。", [
            (-700, "初版（様式の電子化に対応）"),
            (-60, "マイナンバー記入欄を削除し、続柄の選択肢を追加"),
            (45, "扶養手当の支給要件の見直しに伴い、収入見込額の記入欄を追加"),
        ]),
        ("様式第8号", "旅費請求書", "kyuyo", "kyuyo", "xlsx", "出張から帰ったあと、旅費を請求するときに作成します。", None),
        ("様式第11号", "児童手当認定請求書", "kyuyo", "kyuyo", "pdf", "子が生まれたときなどに児童手当を請求します。", None),
        ("様式第12号", "児童手当振込口座変更届", "kyuyo", "kyuyo", "pdf", "児童手当の振込口座を変更するときに提出します。", [
            (-1200, "初版"),
            (-300, "ゆうちょ銀行の記入欄を追加"),
        ]),
        ("様式第13号", "児童手当受給事由消滅届", "kyuyo", "kyuyo", "pdf", "退職などで児童手当を受ける理由がなくなったときに提出します。", None),
        ("様式第14号", "時間外勤務実績追加報告書", "kyuyo", "shomu-system", "xlsx", "締め後に時間外勤務の実績を追加するとき、庶務担当者が作成します。", None),
        ("様式第15号", "承認ルート変更依頼書", "jinji", "shomu-system", "xlsx", "庶務事務システムの承認ルートを変更するときに提出します。", None),
        ("様式第16号", "年末調整申告内容訂正届", "kyuyo", "kyuyo", "pdf", "年末調整の申告内容を提出後に訂正するときに提出します。", None),
        ("様式第21号", "在職証明書交付申請書", "jinji", "jinji", "docx", "在職証明書（和文・英文）の交付を申請します。", None),
        ("様式第22号", "退職者用証明書交付申請書", "jinji", "jinji", "docx", "退職した方が在職期間などの証明書を申請します。", None),
        ("様式第31号", "事故発生報告書", "kosei", "fukuri", "docx", "通勤中・勤務中の事故を報告します。", None),
        ("会計年度様式第1号", "採用時提出書類一式", "jinji", "kaikei-nendo-nado", "pdf", "会計年度任用職員として採用されるときに提出する書類です。", None),
        ("会計年度様式第2号", "給与・報酬振込口座届", "kyuyo", "kaikei-nendo-nado", "pdf", "給与・報酬の振込口座を届け出る・変更するときに提出します。", None),
        ("会計年度様式第3号", "任用承諾書", "jinji", "kaikei-nendo-nado", "pdf", "任用条件を確認し、任用を承諾するときに提出します。", None),
        ("会計年度様式第4号", "任用条件変更通知", "jinji", "kaikei-nendo-nado", "pdf", "所属が勤務時間などの任用条件の変更をセンターへ通知します。", None),
        ("会計年度様式第5号", "社会保険資格取得届確認票", "kyuyo", "kaikei-nendo-nado", "pdf", "社会保険の資格取得に必要な情報を届け出ます。", None),
        ("会計年度様式第6号", "健康保険被扶養者（異動）届", "kyuyo", "kaikei-nendo-nado", "pdf", "健康保険の被扶養者に異動があったときに提出します。", None),
        ("会計年度様式第7号", "扶養控除等申告書の提出状況申出書", "kyuyo", "kaikei-nendo-nado", "pdf", "扶養控除等申告書を他の勤務先に提出しているときに申し出ます。", None),
        ("会計年度様式第8号", "退職願", "jinji", "kaikei-nendo-nado", "docx", "任期の途中で退職するときに所属へ提出します。", None),
        ("会計年度様式第9号", "離職票交付希望申出書", "jinji", "kaikei-nendo-nado", "pdf", "退職後に離職票の交付を希望するときに提出します。", None),
        ("会計年度様式第10号", "支給訂正依頼書", "kyuyo", "kaikei-nendo-nado", "xlsx", "報酬の支給額の誤りを所属が訂正依頼します。", None),
        ("会計年度様式第11号", "委嘱者登録票", "jinji", "kaikei-nendo-nado", "pdf", "委嘱する方を登録するときに提出します。", None),
        ("会計年度様式第12号", "個人番号申告書", "kyuyo", "kaikei-nendo-nado", "pdf", "委嘱時に個人番号を申告します。", None),
        ("会計年度様式第13号", "源泉徴収票再発行申請書", "kyuyo", "kaikei-nendo-nado", "pdf", "源泉徴収票の再発行を申請します。", None),
        ("互助様式第1号", "互助会給付金請求書", "kosei", "fukuri", "pdf", "結婚・出産などの互助会給付を請求します。", None),
    ],
    "education": [
        ("教様式第1号", "扶養親族届（教職員用）", "kyoshokuin-ka", "kyuyo", "pdf", "服務管理システムで届け出られないときに、学校経由で提出します。", [
            (-650, "初版"),
            (-90, "学校長の確認欄を追加"),
        ]),
        ("教様式第2号", "通勤届（教職員用）", "kyoshokuin-ka", "kyuyo", "xlsx", "服務管理システムで届け出られないときに、学校経由で提出します。", [
            (-850, "初版"),
            (-150, "複数校兼務の経路記入欄を追加"),
            (30, "通勤手当の上限額改定に対応"),
        ]),
        ("教様式第3号", "住居届（教職員用）", "kyoshokuin-ka", "kyuyo", "docx", "服務管理システムで届け出られないときに、学校経由で提出します。", [
            (-800, "初版"),
            (-120, "教職員住宅の区分を追加"),
        ]),
        ("様式第4号", "児童手当認定請求書", "kyoshokuin-ka", "kyuyo", "pdf", "子が生まれたときなどに児童手当を請求します。", None),
        ("様式第5号", "給与振込口座届出書", "kyoshokuin-ka", "kyuyo", "pdf", "給与の振込口座を変更するときに提出します。", [
            (-1200, "初版"),
            (-300, "ゆうちょ銀行の記入欄を追加"),
        ]),
        ("様式第6号", "個人番号届出書", "kyoshokuin-ka", "kyuyo", "pdf", "本人と扶養親族の個人番号を届け出ます。", None),
        ("様式第8号", "特殊勤務実績簿", "kyoshokuin-ka", "kyuyo", "xlsx", "部活動指導・大会引率などの特殊勤務の実績を記入します。", None),
        ("様式第9号", "修学旅行等引率業務従事報告書", "kyoshokuin-ka", "kyuyo", "xlsx", "修学旅行などの引率の行程と日数を報告します。", None),
        ("様式第10号", "管理職員特別勤務実績簿", "kyoshokuin-ka", "kyuyo", "xlsx", "管理職員が休日などに勤務した実績を記入します。", None),
        ("様式第12号", "旅費請求書", "kyoshokuin-ka", "kyuyo", "xlsx", "出張から帰ったあと、旅費を請求するときに作成します。", None),
        ("様式第20号", "各種証明書交付申請書", "kyoiku-somu", "jinji", "docx", "在職証明書・就労証明書などの交付を申請します。", None),
        ("様式第22号", "旧姓使用申出書", "kyoiku-somu", "jinji", "docx", "氏名の変更後も職務上旧姓を使用するときに提出します。", None),
        ("様式第30号", "育児休業承認請求書", "kyoiku-somu", "jinji", "pdf", "育児休業を請求するときに学校長へ提出します。", [
            (-1000, "初版"),
            (-250, "育児休業の分割取得に対応"),
        ]),
        ("様式第31号", "育児短時間勤務承認請求書", "kyoiku-somu", "jinji", "pdf", "育児短時間勤務を請求するときに学校長へ提出します。", None),
        ("様式第32号", "部分休業承認請求書", "kyoiku-somu", "jinji", "pdf", "部分休業を請求するときに学校長へ提出します。", None),
        ("様式第33号", "育児休業期間短縮請求書", "kyoiku-somu", "jinji", "pdf", "育児休業の期間を短縮して復職するときに提出します。", None),
        ("様式第40号", "離職票交付希望申出書", "kyoiku-somu", "kaikei-nendo-nado", "pdf", "退職後に離職票の交付を希望するときに提出します。", None),
        ("様式第41号", "報酬振込口座届出書", "kyoshokuin-ka", "kaikei-nendo-nado", "pdf", "報酬の振込口座を変更するときに提出します。", None),
        ("様式第42号", "支給訂正報告書", "kyoshokuin-ka", "kaikei-nendo-nado", "xlsx", "報酬の支給額の誤りを学校が報告します。", None),
        ("様式第45号", "委嘱申請書", "kyoiku-somu", "kaikei-nendo-nado", "docx", "学校長が講師などの委嘱を申請します。", None),
        ("様式第50号", "健康診断結果提出書", "kyoiku-somu", "fukuri-kosei", "pdf", "学校以外で受けた健康診断の結果を提出します。", None),
    ],
}

ADDRESS_FORM = [
    ("転居日", "date", True, ""),
    ("郵便番号", "singleline", True, ""),
    ("新しい住所", "singleline", True, ""),
    ("通勤への影響", STEP, False, ""),
    ("通勤経路の変更", "radio", True, "あり\nなし"),
    ("住居手当の申請", "radio", True, "申請する\n申請しない\n該当しない"),
    ("確認と連絡先", STEP, False, ""),
    ("連絡先の内線番号", "singleline", True, ""),
    ("備考", "multiline", False, ""),
]


def _version_label(effective, first=False):
    """「令和7年4月改正版」 from the 施行日, so a label always agrees with the dates the demo sets relative to today."""
    year_and_month = re.sub(r"\d+日$", "", wareki(effective))
    return f"{year_and_month}{'制定' if first else '改正'}版"


def _template(portal_key, number, title, section, category, description, versions, kind, today):
    template = FormTemplate.objects.filter(portal=portal_key, number=number).first()
    if template is None:
        template = FormTemplate(
            portal=portal_key,
            number=number,
            title=title,
            description=description,
            section=Section.objects.get(slug=section),
            category=Category.objects.get(slug=category),
        )
        template.save()
        template.save_revision().publish()
    for position, (days, summary) in enumerate(versions):
        if template.versions.filter(change_summary=summary).exists():
            continue
        effective = today + datetime.timedelta(days=days)
        FormVersion.objects.create(
            template=template,
            label=_version_label(effective, first=position == 0),
            effective_date=effective,
            previous_accepted_until=effective + datetime.timedelta(days=90),
            change_summary=summary,
            file=sample_file(kind, f"{portal_key} {number} {effective:%Y-%m-%d}", name=f"form.{kind}"),
        )
    return template


def load(homes, users):
    today = timezone.localdate()
    for key, home in homes.items():
        for number, title, section, category, kind, description, versions in TEMPLATES[key]:
            _template(key, number, title, section, category, description, versions or USUAL_VERSIONS, kind, today)
        index = ensure_page(
            home,
            FormIndexPage,
            "forms",
            title="様式集",
            show_in_menus=True,
            search_description="届出・申請の様式（常に最新版）とオンライン申請",
            intro="<p>リンクは常に<b>現在有効な版</b>をダウンロードします。改正履歴から旧様式の使用期限も確認できます。</p>",
        )
        if not index.get_children().filter(slug="address-change").exists():
            form_page = OnlineFormPage(
                title="住所変更届（オンライン申請）",
                slug="address-change",
                search_description="転居したときの届出を3つの画面で入力します",
                first_step_title="新しい住所",
                intro="<p>転居したときに提出してください。通勤届・住居届が必要かどうかもここで確認できます。</p>",
                thank_you_text="<p>住所変更届を受け付けました。通勤届・住居届が必要な場合はセンターから連絡します。</p>",
            )
            form_page.form_fields = [
                OnlineFormField(label=label, field_type=field_type, required=required, choices=choices)
                for label, field_type, required, choices in ADDRESS_FORM
            ]
            index.add_child(instance=form_page)
            form_page.save_revision().publish()
