"""FAQ pages as readers and editors see them: import and export files, index, feedback, views and the report."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from faq.models import FAQDailyViews, FAQFeedback, FAQIndexPage, FAQPage
from forms.models import FormTemplate
from portal.models import Audience, Category
from portal.roles import CENTRE_STAFF, READER

pytestmark = pytest.mark.django_db


def faq_line(external_id, **fields):
    record = {
        "external_id": external_id,
        "portal": "intranet",
        "category": "給与",
        "subcategory": "通勤手当",
        "audience": ["正規職員"],
        "question": f"{external_id}の質問ですか。",
        "answer": "一行目の回答です。\n二行目は <b>タグ</b> & 記号を含みます。",
        "tags": ["通勤", "手当"],
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


def write(tmp_path, *lines, name="faqs.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def path_of(page):
    return page.get_url_parts()[2]


def test_import_creates_published_faqs_in_the_portal_and_reimport_updates_them(tmp_path, homes):
    path = write(
        tmp_path,
        faq_line("t-imp-1"),
        faq_line("t-imp-2", category="テスト新分類", audience=[], tags=[]),
    )
    call_command("import_faqs", path, stdout=StringIO())

    faq = FAQPage.objects.get(external_id="t-imp-1")
    assert faq.live
    assert faq.get_parent().specific_class is FAQIndexPage
    assert faq.get_parent().get_parent().specific.portal_key == "intranet"
    assert faq.title == "t-imp-1の質問ですか。"
    assert [a.name for a in faq.audiences.all()] == ["正規職員"]
    assert sorted(faq.tags.names()) == ["手当", "通勤"]
    assert Category.objects.filter(name="テスト新分類").exists()
    assert FAQPage.objects.get(external_id="t-imp-2").category.name == "テスト新分類"

    path = write(tmp_path, faq_line("t-imp-1", question="変更後の質問ですか。", audience=["会計年度任用職員"]))
    call_command("import_faqs", path, stdout=StringIO())
    updated = FAQPage.objects.get(external_id="t-imp-1")
    assert updated.pk == faq.pk
    assert updated.title == "変更後の質問ですか。"
    assert [a.name for a in updated.audiences.all()] == ["会計年度任用職員"]
    assert updated.revisions.count() == 2


def import_file(path):
    out, err = StringIO(), StringIO()
    call_command("import_faqs", path, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_publishes_an_unpublished_faq_even_when_its_text_is_unchanged(tmp_path):
    path = write(tmp_path, faq_line("t-pub-1"))
    import_file(path)
    FAQPage.objects.get(external_id="t-pub-1").unpublish()

    out, _ = import_file(path)
    assert "公開 1件" in out and "変更なし 0件" in out
    assert FAQPage.objects.get(external_id="t-pub-1").live

    out, _ = import_file(path)
    assert "変更なし 1件" in out

    FAQPage.objects.get(external_id="t-pub-1").unpublish()
    out, _ = import_file(write(tmp_path, faq_line("t-pub-1", question="改めた質問ですか。")))
    assert "更新 1件" in out
    faq = FAQPage.objects.get(external_id="t-pub-1")
    assert faq.live and faq.title == "改めた質問ですか。"


def test_import_keeps_an_editors_newer_draft_and_reports_it(tmp_path, role_user):
    import_file(write(tmp_path, faq_line("t-draft-1"), faq_line("t-draft-2")))
    for external_id in ["t-draft-1", "t-draft-2"]:
        faq = FAQPage.objects.get(external_id=external_id)
        faq.title = "編集者が書き直した質問ですか。"
        faq.save_revision(user=role_user(CENTRE_STAFF, "intranet"))

    out, err = import_file(write(tmp_path, faq_line("t-draft-1", question="ファイルで変えた質問ですか。"), faq_line("t-draft-2")))
    assert "保留 1件" in out and "変更なし 1件" in out
    assert "保留: external_id「t-draft-1」は編集中の下書きと内容が異なるため変更していません" in err
    for external_id in ["t-draft-1", "t-draft-2"]:
        faq = FAQPage.objects.get(external_id=external_id)
        assert faq.live and faq.title == f"{external_id}の質問ですか。", "the published FAQ is as before"
        assert faq.has_unpublished_changes
        assert faq.get_latest_revision_as_object().title == "編集者が書き直した質問ですか。", "the draft is kept"

    out, _ = import_file(write(tmp_path, faq_line("t-draft-1", question="編集者が書き直した質問ですか。")))
    assert "公開 1件" in out
    faq = FAQPage.objects.get(external_id="t-draft-1")
    assert faq.title == "編集者が書き直した質問ですか。" and not faq.has_unpublished_changes


def test_invalid_file_changes_nothing_and_names_every_bad_line(tmp_path):
    before = FAQPage.objects.count()
    path = write(
        tmp_path,
        faq_line("t-bad-1"),
        "{not json",
        faq_line("t-bad-3", portal="unknown"),
        faq_line("t-bad-4", question=""),
        faq_line("t-bad-1"),
        faq_line("t-bad-6", audience=["存在しない区分"]),
        faq_line("t-bad-7", tags="通勤"),
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_faqs", path)
    message = str(raised.value)
    assert "何も変更していません" in message
    assert "2行目: JSONとして読めません" in message
    assert "3行目: ポータル「unknown」はありません" in message
    assert "4行目: 必須項目「question」が空です" in message
    assert "5行目: external_id「t-bad-1」が1行目と重複しています" in message
    assert "6行目: 対象者「存在しない区分」は登録されていません" in message
    assert "7行目: 「tags」は空でない文字列のリストで書いてください" in message
    assert "1行目" not in message.replace("1行目と重複", "")
    assert FAQPage.objects.count() == before
    assert not FAQPage.objects.filter(external_id="t-bad-1").exists()


HARMFUL_LINES = {
    "slug-of-an-earlier-line": (
        [faq_line("t-Harm-Slug"), faq_line("t-harm-slug")],
        "3行目: external_id「t-harm-slug」のURL（t-harm-slug）は2行目のFAQ（external_id「t-Harm-Slug」）と同じになります",
    ),
    "slug-of-an-existing-faq": (
        [faq_line("T-EXISTS")],
        "2行目: external_id「T-EXISTS」のURL（t-exists）は既存のFAQ「t-existsの質問ですか。」と同じになります",
    ),
    "other-portals-faq": (
        [faq_line("t-exists", portal="education", question="教育に移したい質問", audience=[])],
        "2行目: external_id「t-exists」は総務事務センターポータルのFAQです。ポータルは変えられません",
    ),
    "deeply-nested-json": (
        ['{"external_id": ' + "[" * 100_000 + "]" * 100_000 + "}"],
        "2行目: JSONの入れ子が深すぎます",
    ),
    "huge-number": (['{"external_id": ' + "9" * 5000 + "}"], "2行目: JSONとして読めません（桁数が多すぎる数値などがあります）"),
    "ten-megabyte-answer": (
        [faq_line("t-harm-long", answer="長" * 10_000_000)],
        "2行目: 「answer」は10,000文字以内にしてください（10,000,000文字）",
    ),
    "nul-in-the-question": ([faq_line("t-harm-nul", question="NULを\x00含む質問")], "2行目: 「question」に使えない文字（U+0000、制御文字など）"),
    "nul-in-the-answer": ([faq_line("t-harm-nul2", answer="回答\x00")], "2行目: 「answer」に使えない文字（U+0000、制御文字など）"),
    "nul-in-a-tag": ([faq_line("t-harm-nul3", tags=["通勤\x00"])], "2行目: 「tags」に使えない文字（U+0000、制御文字など）"),
    "lone-surrogate": (
        [faq_line("t-harm-sur").replace("の質問ですか。", "\\ud800")],
        "2行目: 「question」に使えない文字（U+D800、制御文字など）",
    ),
}


@pytest.mark.parametrize("lines, says", HARMFUL_LINES.values(), ids=HARMFUL_LINES.keys())
def test_each_harmful_line_gets_a_line_numbered_japanese_error_and_changes_nothing(tmp_path, lines, says):
    call_command("import_faqs", write(tmp_path, faq_line("t-exists"), name="first.jsonl"), stdout=StringIO())
    existing = FAQPage.objects.get(external_id="t-exists")
    before = FAQPage.objects.count()

    with pytest.raises(CommandError) as raised:
        call_command("import_faqs", write(tmp_path, faq_line("t-harm-ok"), *lines))

    assert "取り込みを中止しました（何も変更していません）" in str(raised.value)
    assert says in str(raised.value)
    assert FAQPage.objects.count() == before
    assert not FAQPage.objects.filter(external_id="t-harm-ok").exists()
    moved = FAQPage.objects.get(pk=existing.pk)
    assert (moved.path, moved.title) == (existing.path, existing.title)


def test_an_answer_keeps_its_line_breaks_and_tabs(tmp_path):
    call_command("import_faqs", write(tmp_path, faq_line("t-tabs", answer="一行目\t注記\n二行目")), stdout=StringIO())
    assert "<p>一行目\t注記</p><p>二行目</p>" == FAQPage.objects.get(external_id="t-tabs").answer


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("import_faqs", str(tmp_path / "nothing.jsonl"))


def test_export_of_an_unknown_portal_is_a_japanese_error_and_writes_nothing(tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(CommandError, match="ポータル「city」はありません。intranet または education を指定してください。"):
        call_command("export_faqs", "--portal", "city", "-o", str(out))
    assert not out.exists()


def test_export_gives_back_what_was_imported(tmp_path):
    lines = [
        faq_line("t-rt-1"),
        faq_line("t-rt-2", portal="education", audience=["管理職", "教職員"], subcategory="", answer="空行を\n\n挟む回答"),
    ]
    call_command("import_faqs", write(tmp_path, *lines), stdout=StringIO())
    out = tmp_path / "out.jsonl"
    for portal in ["intranet", "education"]:
        call_command("export_faqs", "--portal", portal, "-o", str(out), stderr=StringIO())
        exported = {r["external_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
        for line in lines:
            original = json.loads(line)
            if original["portal"] != portal:
                assert original["external_id"] not in exported
                continue
            back = exported[original["external_id"]]
            assert list(back) == list(original)
            for field in ["audience", "tags"]:
                assert sorted(back.pop(field)) == sorted(original.pop(field))
            assert back == original


def test_index_groups_by_category_and_filters_by_audience(tmp_path, portal_client, role_user):
    call_command(
        "import_faqs",
        write(
            tmp_path,
            faq_line("t-idx-seiki", category="テスト分類A", audience=["正規職員"]),
            faq_line("t-idx-kaikei", category="テスト分類B", audience=["会計年度任用職員"]),
            faq_line("t-idx-all", category="テスト分類B", audience=[]),
        ),
        stdout=StringIO(),
    )
    index = FAQPage.objects.get(external_id="t-idx-all").get_parent()
    client = portal_client("intranet", role_user(READER, "intranet"))

    page = client.get(path_of(index)).content.decode()
    assert "<h2>テスト分類A</h2>" in page and "<h2>テスト分類B</h2>" in page
    assert page.index("t-idx-kaikeiの質問") > page.index("<h2>テスト分類B</h2>") > page.index("t-idx-seikiの質問")

    seiki = Audience.objects.get(name="正規職員").slug
    page = client.get(path_of(index), {"audience": seiki}).content.decode()
    assert "t-idx-seikiの質問" in page and "t-idx-allの質問" in page
    assert "t-idx-kaikeiの質問" not in page


@pytest.fixture
def faq(tmp_path):
    call_command("import_faqs", write(tmp_path, faq_line("t-fb-1")), stdout=StringIO())
    return FAQPage.objects.get(external_id="t-fb-1")


def test_faq_page_shows_question_answer_and_audiences(faq, portal_client, role_user):
    page = portal_client("intranet", role_user(READER, "intranet")).get(path_of(faq)).content.decode()
    assert "t-fb-1の質問ですか。" in page
    assert "<p>一行目の回答です。</p>" in page
    assert "&lt;b&gt;タグ&lt;/b&gt; &amp; 記号" in page
    assert "正規職員" in page
    assert "この回答は役に立ちましたか？" in page


def test_related_forms_show_the_current_version_and_unpublished_ones_are_not_linked(faq, portal_client, role_user):
    current = FormTemplate.objects.get(portal="intranet", number="様式第5号")
    draft = FormTemplate(
        portal="intranet", number="様式第90号", title="準備中の届", section=current.section, category=current.category,
        live=False,
    )
    draft.save()
    draft.save_revision()
    faq.related = [("form", current), ("form", draft)]
    faq.save_revision().publish()

    page = portal_client("intranet", role_user(READER, "intranet")).get(path_of(faq)).content.decode()
    version = current.current_version()
    assert f'href="{current.get_absolute_url()}"' in page and f'href="{current.history_url}"' in page
    assert f"Excel {filesizeformat(version.file_size)}" in page
    assert "様式第90号 準備中の届" in page and "現在は配布していません" in page
    assert draft.get_absolute_url() not in page and draft.history_url not in page


def test_feedback_is_stored_once_per_reader_and_shown_in_the_editors_report(faq, portal_client, role_user, client):
    reader = role_user(READER, "intranet")
    reader_client = portal_client("intranet", reader)
    response = reader_client.post(path_of(faq), {"helpful": "no", "comment": "様式の場所が分かりません"}, follow=True)
    assert "ご回答ありがとうございました" in response.content.decode()
    response = reader_client.post(path_of(faq), {"helpful": "yes", "comment": "見つかりました"})
    assert response.status_code == 302
    feedback = FAQFeedback.objects.get(page=faq)
    assert (feedback.user, feedback.helpful, feedback.comment) == (reader, True, "見つかりました")
    other = portal_client("intranet", role_user(READER, "intranet"))
    other.post(path_of(faq), {"helpful": "no", "comment": "回答が古いようです"})

    client.logout()
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    report = client.get(reverse("faq_report"))
    assert report.status_code == 200
    html = report.content.decode()
    assert "t-fb-1の質問ですか。" in html and "回答が古いようです" in html and "見つかりました" in html
    row = next(row for row in report.context["object_list"] if row.pk == faq.pk)
    assert (row.yes_count, row.no_count) == (1, 1)


def test_invalid_feedback_is_refused_in_japanese_and_keeps_the_comment(faq, portal_client, role_user):
    response = portal_client("intranet", role_user(READER, "intranet")).post(path_of(faq), {"comment": "途中まで書いた意見"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "「はい」か「いいえ」を選んでください。" in html
    assert "途中まで書いた意見" in html
    assert not FAQFeedback.objects.filter(page=faq).exists()


def test_views_are_counted_and_reported(faq, portal_client, role_user, client):
    reader_client = portal_client("intranet", role_user(READER, "intranet"))
    for _ in range(3):
        assert reader_client.get(path_of(faq)).status_code == 200
    assert sum(FAQDailyViews.objects.filter(page=faq).values_list("views", flat=True)) == 3

    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    report = client.get(reverse("faq_report"))
    row = next(row for row in report.context["object_list"] if row.pk == faq.pk)
    assert row.view_total == 3


def test_report_is_for_editors_of_the_portal_only(faq, client, role_user):
    client.force_login(role_user(READER, "intranet"))
    assert client.get(reverse("faq_report")).status_code in (302, 403)
    client.force_login(role_user(CENTRE_STAFF, "education"))
    report = client.get(reverse("faq_report"))
    assert report.status_code == 200
    assert faq.pk not in [row.pk for row in report.context["object_list"]]


def test_editors_can_open_an_faq_and_add_one(faq, client, role_user):
    client.force_login(role_user(CENTRE_STAFF, "intranet"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[faq.pk]))
    assert edit.status_code == 200
    assert "t-fb-1の質問ですか。" in edit.content.decode()
    add = client.get(reverse("wagtailadmin_pages:add", args=["faq", "faqpage", faq.get_parent().pk]))
    assert add.status_code == 200
