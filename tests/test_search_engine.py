"""search.engine on the embedded database backend: Japanese matching, who finds what, filters, snippets and odd
input, as employees, centre staff and helpdesk agents meet them through search() and suggest()."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone
from modelsearch.conf import get_app_config
from wagtail.models import PageViewRestriction

from faq.jsonl import FAQRecord, import_records
from faq.models import FAQPage
from forms.demo import sample_file
from forms.models import FormTemplate, FormVersion
from helpdesk.models import Inquiry
from manuals.models import ManualIndexPage, ManualPage
from pages.models import NewsIndexPage, NewsPage, ProcedureIndexPage, ProcedurePage, portal_home
from portal.models import Category, Section
from portal.portals import PORTALS_BY_KEY
from portal.roles import ADMINISTRATOR, CENTRE_STAFF, HELPDESK, READER, SECTION_REVIEWER, group_name
from search import engine
from search.models import Synonym
from tests.helpdesk_factories import make_inquiry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """Synonym groups and the 「もしかして」 vocabulary are cached; a test must neither see an earlier test's nor
    leave its own behind after its transaction is rolled back."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(role_user):
    return role_user(READER, "intranet")


def add_faq(question, answer, *, portal="intranet", category="給与", audience=(), tags=()):
    """Publish one FAQ through the import, as editors load them."""
    external_id = f"t-se-{uuid.uuid4().hex[:12]}"
    import_records([FAQRecord(external_id, portal, category, "", list(audience), question, answer, list(tags))])
    return FAQPage.objects.get(external_id=external_id)


def home(portal_key):
    return portal_home(portal_key)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def find(query, user, portal="intranet", **filters):
    return engine.search(query, user=user, portal_key=portal, limit=engine.MAX_CANDIDATES, **filters)


def found(response, result_type="faq"):
    """The ids of one type of result, best first."""
    return [row["id"] for row in response.results if row["type"] == result_type]


def test_a_phrase_finds_the_faq_about_its_words(reader):
    faq = add_faq("通勤経路を変えたとき、通勤手当はどうなりますか。", "新しい経路で通勤届を出してください。")

    assert faq.pk in found(find("通勤手当の変更", reader))


@pytest.mark.parametrize(
    "query",
    ["ZQX", "zqx", "ＺＱＸ", "ＺＱＸ端末", "ペンギン", "ﾍﾟﾝｷﾞﾝ", "ぺんぎん", "ペンギン　ZQX"],
    ids=["ascii", "lower", "full-width", "full-width-compound", "katakana", "half-width-kana", "hiragana", "ideographic-space"],
)
def test_width_and_kana_variants_find_the_same_faq(reader, query):
    faq = add_faq("ＺＱＸ端末でﾍﾟﾝｷﾞﾝの壁紙を選べますか。", "端末の設定画面から選べます。")

    assert faq.pk in found(find(query, reader))


def test_kana_reading_finds_the_kanji_word(reader):
    faq = add_faq("出退勤の打刻を忘れたときは？", "所属長の確認を受けて修正します。")

    assert faq.pk in found(find("だこく", reader))


def test_a_synonym_expands_the_query_and_edits_apply_at_the_next_search(reader):
    faq = add_faq("アパートに住んでいる職員の住居手当の認定", "契約書の写しを添えて届け出てください。")
    synonym = Synonym.objects.get(term="住居手当")

    assert faq.pk in found(find("家賃補助", reader, related=True))

    synonym.variants = "住宅手当"
    synonym.save()
    assert faq.pk not in found(find("家賃補助", reader, related=True))

    synonym.variants = "住宅手当、家賃補助"
    synonym.save()
    assert faq.pk in found(find("家賃補助", reader, related=True))

    Synonym.objects.create(term="住居手当の認定", variants="オオアリクイ")
    assert faq.pk in found(find("オオアリクイ", reader, related=True))


def test_the_question_outranks_an_answer_that_only_mentions_the_word(reader):
    in_answer = add_faq("保養施設の利用券は配られますか。", "カピバラ温泉など保養施設の利用券は所属で配布します。")
    in_question = add_faq("カピバラ温泉の利用券は配られますか。", "保養施設の利用券は所属で配布します。")

    ranked = found(find("カピバラ", reader))

    assert ranked.index(in_question.pk) < ranked.index(in_answer.pk)
    scores = [row["score"] for row in find("カピバラ", reader).results]
    assert scores == sorted(scores, reverse=True)


def new_form(number="様式第987号", title="オカピ手当申請書", change_summary="ハシビロコウ欄を追加"):
    template = FormTemplate(
        portal="intranet",
        number=number,
        title=title,
        section=Section.objects.get(slug="kyuyo"),
        category=Category.objects.get(slug="kyuyo"),
    )
    template.save()
    template.save_revision().publish()
    FormVersion.objects.create(
        template=template,
        label="初版",
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
        change_summary=change_summary,
        file=sample_file("pdf", "x", name="x.pdf"),
    )
    return template


@pytest.mark.parametrize("query", ["様式第987号", "オカピ手当", "ハシビロコウ"], ids=["number", "title", "change-notes"])
def test_form_templates_are_found_by_number_title_and_change_notes(reader, query):
    template = new_form()

    response = find(query, reader)

    assert template.pk in found(response, "form")
    row = next(row for row in response.results if row["type"] == "form")
    assert row["title"] == "様式第987号 オカピ手当申請書"
    assert row["url"] == template.get_absolute_url()


def test_unpublished_and_other_portals_form_templates_are_not_found(reader):
    draft = new_form()
    draft.unpublish()
    elsewhere = new_form(number="様式第988号")
    FormTemplate.objects.filter(pk=elsewhere.pk).update(portal="education")
    live = new_form(number="様式第989号")

    forms = found(find("オカピ手当", reader), "form")

    assert live.pk in forms and draft.pk not in forms and elsewhere.pk not in forms


def test_procedures_and_news_are_found_by_readers(reader):
    procedure = publish(
        ProcedureIndexPage.objects.descendant_of(home("intranet")).first(),
        ProcedurePage(
            title="アルパカ飼育の届出",
            slug="t-alpaca",
            category=Category.objects.get(slug="jinji"),
            requirements="<p>アルパカを飼い始めたとき</p>",
        ),
    )
    news = publish(
        NewsIndexPage.objects.child_of(home("intranet")).first(),
        NewsPage(title="アルパカ展のお知らせ", slug="t-alpaca-news", summary="アルパカ展を開きます。"),
    )

    response = find("アルパカ", reader)

    assert procedure.pk in found(response, "procedure")
    assert news.pk in found(response, "news")
    assert response.facets["type"]["procedure"] >= 1 and response.facets["type"]["news"] >= 1


def new_manual(portal_key="intranet", title="ウォンバット審査事務", live=True):
    index = ManualIndexPage.objects.descendant_of(home(portal_key)).get()
    manual = ManualPage(
        title=title,
        slug=f"t-{uuid.uuid4().hex[:8]}",
        section=Section.objects.get(slug="kyuyo"),
        summary="ウォンバットの届出を審査する事務です。",
        deadline_text="受付日から",
        revision_reason="制定",
    )
    index.add_child(instance=manual)
    if live:
        manual.save_revision().publish()
    else:
        manual.unpublish()
    return manual


@pytest.mark.parametrize(
    "role, portal, sees",
    [
        (READER, "intranet", False),
        (CENTRE_STAFF, "intranet", True),
        (HELPDESK, "intranet", True),
        (ADMINISTRATOR, "intranet", True),
        (CENTRE_STAFF, "education", False),
    ],
)
def test_work_manuals_are_found_only_by_the_portals_internal_roles(role_user, role, portal, sees):
    manual = new_manual()

    response = find("ウォンバット", role_user(role, portal))

    assert (manual.pk in found(response, "manual")) is sees
    assert ("manual" in response.facets["type"]) is sees


def test_unpublished_manuals_are_never_found(role_user):
    draft = new_manual(live=False)
    assert draft.pk not in found(find("ウォンバット", role_user(CENTRE_STAFF, "intranet")), "manual")


PERSONAL = "電話は090-1234-5678、メールはyamada.taro@example.jp、マイナンバーは123456789012、職員番号は987654です。"


def new_inquiry(status, question=f"ハリネズミ手当の申請について。{PERSONAL}", answer=f"ハリネズミ手当は申請不要です。{PERSONAL}"):
    return make_inquiry(None, status=status, question=question, answer=answer)


def indexed_text(obj):
    """What the database backend stored for `obj` in its search index."""
    entries = get_app_config().get_model("IndexEntry").objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    return " ".join(f"{entry.title} {entry.body}" for entry in entries)


@pytest.mark.parametrize("role, sees", [(READER, False), (CENTRE_STAFF, True), (HELPDESK, True)])
def test_answered_and_closed_inquiries_are_found_only_by_internal_roles(role_user, role, sees):
    answered = new_inquiry(Inquiry.Status.ANSWERED)
    closed = new_inquiry(Inquiry.Status.CLOSED)
    still_open = new_inquiry(Inquiry.Status.IN_PROGRESS)

    ids = found(find("ハリネズミ", role_user(role, "intranet")), "inquiry")

    assert (answered.pk in ids, closed.pk in ids) == (sees, sees)
    assert still_open.pk not in ids


@pytest.mark.parametrize(
    "role, types",
    [
        (READER, {"faq"}),
        (CENTRE_STAFF, {"faq", "manual", "inquiry"}),
        (HELPDESK, {"faq", "manual", "inquiry"}),
        (SECTION_REVIEWER, {"faq", "manual"}),
        (ADMINISTRATOR, {"faq", "manual", "inquiry"}),
    ],
)
def test_every_result_a_role_finds_opens_for_it(role_user, portal_client, role, types):
    add_faq("ハリネズミ手当の申請はいつまでですか。", "月末までです。")
    new_manual(title="ハリネズミ手当審査事務")
    new_inquiry(Inquiry.Status.ANSWERED)
    user = role_user(role, "intranet")

    response = find("ハリネズミ", user)

    assert {row["type"] for row in response.results} == types == set(response.facets["type"])
    client = portal_client("intranet", user)
    for row in response.results:
        assert client.get(row["url"]).status_code == 200, row


def test_personal_data_in_inquiries_is_masked_in_the_index_and_the_results(role_user):
    helpdesk = role_user(HELPDESK, "intranet")
    inquiry = new_inquiry(Inquiry.Status.ANSWERED)
    secrets = ["090", "5678", "yamada", "example", "123456789012", "987654"]

    row = next(row for row in find("ハリネズミ", helpdesk).results if row["id"] == inquiry.pk)

    shown = row["title"] + row["snippet"]
    assert "［電話番号］" in shown and "［メール］" in shown and "［マイナンバー］" in shown and "［職員番号］" in shown
    assert not [secret for secret in secrets if secret in shown]
    indexed = indexed_text(inquiry)
    assert "申請" in indexed
    assert not [secret for secret in secrets if secret in indexed]
    for secret in ["yamada.taro@example.jp", "090-1234-5678"]:
        assert inquiry.pk not in found(find(secret, helpdesk), "inquiry")


def test_inquiries_of_the_other_portal_are_not_found(role_user):
    inquiry = new_inquiry(Inquiry.Status.ANSWERED)
    Inquiry.objects.filter(pk=inquiry.pk).update(portal="education")

    assert found(find("ハリネズミ", role_user(HELPDESK, "intranet")), "inquiry") == []
    assert found(find("ハリネズミ", role_user(HELPDESK, "education"), "education"), "inquiry") == [inquiry.pk]


def test_an_address_is_masked_in_the_snippet(role_user):
    inquiry = new_inquiry(Inquiry.Status.CLOSED, question="ハリネズミ手当の住所変更", answer="新住所は横浜市中区本町1丁目2番3号とのことです。")

    row = next(row for row in find("ハリネズミ", role_user(HELPDESK, "intranet")).results if row["id"] == inquiry.pk)

    assert "［住所］" in row["snippet"] and "本町" not in row["snippet"]
    assert "横浜" not in indexed_text(inquiry) and "本町" not in indexed_text(inquiry)


def test_results_come_only_from_the_requested_portal(role_user):
    user = role_user(READER, "intranet")
    user.groups.add(Group.objects.get(name=PORTALS_BY_KEY["education"].reader_group))
    intranet = add_faq("マヌルネコの研修はありますか。", "年に一度あります。")
    education = add_faq("マヌルネコの研修はありますか。", "学期ごとにあります。", portal="education", category="人事", audience=["教職員"])

    in_intranet, in_education = found(find("マヌルネコ", user, "intranet")), found(find("マヌルネコ", user, "education"))

    assert intranet.pk in in_intranet and education.pk not in in_intranet
    assert education.pk in in_education and intranet.pk not in in_education


def test_unpublished_pages_and_unpublished_drafts_are_never_found(reader):
    withdrawn = add_faq("ミーアキャットの研修は廃止されましたか。", "はい。")
    withdrawn.unpublish()
    live = add_faq("フラミンゴの研修はありますか。", "あります。")
    live.title = "フラミンゴとシマウマの研修はありますか。"
    live.save_revision()

    assert withdrawn.pk not in found(find("ミーアキャット", reader))
    assert live.pk in found(find("フラミンゴ", reader))
    assert live.pk not in found(find("シマウマ", reader))


def test_view_restricted_pages_are_found_only_by_allowed_users(reader, role_user):
    faq = add_faq("コツメカワウソの件は誰が担当しますか。", "管理者が担当します。")
    restriction = PageViewRestriction.objects.create(page=faq, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name=group_name(ADMINISTRATOR, PORTALS_BY_KEY["intranet"]))])
    secret = add_faq("コツメカワウソの合言葉は？", "パスワードで守られています。")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x")

    for_reader, for_administrator = (
        found(find("コツメカワウソ", user)) for user in (reader, role_user(ADMINISTRATOR, "intranet"))
    )

    assert faq.pk not in for_reader and secret.pk not in for_reader
    assert faq.pk in for_administrator and secret.pk not in for_administrator


def test_type_category_and_audience_filters_narrow_and_facets_count(reader):
    add_faq("zqxwv手当の額は？", "月額です。", audience=["正規職員"])
    add_faq("zqxwv手当の支給日は？", "毎月です。", audience=["会計年度任用職員"])
    add_faq("zqxwv休暇はありますか。", "あります。", category="人事")
    publish(
        NewsIndexPage.objects.child_of(home("intranet")).first(),
        NewsPage(title="zqxwv手当の改正", slug="t-zqxwv", summary="改正します。"),
    )

    response = find("zqxwv", reader)

    assert response.count == 4
    assert response.facets["type"] == {"faq": 3, "news": 1}
    assert response.facets["category"] == {"給与": 2, "人事": 1}
    assert response.facets["audience"] == {"正規職員": 3, "会計年度任用職員": 3}
    for name, count in response.facets["audience"].items():
        assert find("zqxwv", reader, audience=name).count == count
    assert find("zqxwv", reader, types=["news"]).count == 1
    assert find("zqxwv", reader, types=["faq", "news"]).count == 4
    assert find("zqxwv", reader, category="人事").count == 1
    assert "毎月です。" not in [row["snippet"] for row in find("zqxwv", reader, audience="正規職員").results]
    assert find("zqxwv", reader, category="給与", audience="会計年度任用職員", types=["faq"]).count == 1


def test_snippets_mark_the_matched_word_and_escape_html(reader):
    faq = add_faq("シロクマ手当の説明", "シロクマ手当の案内に <script>alert(1)</script> & <b>太字</b> と書かれていました。")

    row = next(row for row in find("シロクマ", reader).results if row["id"] == faq.pk)

    assert "<mark>シロクマ</mark>" in row["snippet"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;太字&lt;/b&gt;" in row["snippet"]
    assert "<script>" not in row["snippet"] and "&amp;lt;" not in row["snippet"]
    assert row["title_html"] == "<mark>シロクマ</mark>手当の説明"


def test_snippets_show_the_text_as_written_while_matching_any_width_and_case(reader):
    faq = add_faq("ＰＤＦとExcelの様式（ｶﾅ入力用）はどこにありますか。", "PDF版とEXCEL版を様式集に置いています。")

    row = next(row for row in find("excel pdf カナ", reader).results if row["id"] == faq.pk)

    assert row["title_html"] == "<mark>ＰＤＦ</mark>と<mark>Excel</mark>の様式（<mark>ｶﾅ</mark>入力用）はどこにありますか。"
    assert row["snippet"] == "<mark>PDF</mark>版と<mark>EXCEL</mark>版を様式集に置いています。"


NO_WORDS = ["🙂🙂", '"', "*", ":", "(", "\x01\x02\x1f", "\x00", "\u200b"]


@pytest.mark.parametrize("query", NO_WORDS, ids=["emoji", "quote", "star", "colon", "paren", "control", "nul", "zero-width"])
def test_a_query_without_words_gets_a_japanese_notice(reader, query):
    response = find(query, reader)

    assert response.count == 0
    assert response.notice == engine.NO_WORDS_NOTICE


@pytest.mark.parametrize("query", ["", "   ", "\u3000\t\n"], ids=["empty", "spaces", "ideographic-space"])
def test_an_empty_query_asks_for_words(reader, query):
    response = find(query, reader)

    assert (response.count, response.results) == (0, [])
    assert response.notice == engine.EMPTY_NOTICE


@pytest.mark.parametrize(
    "query",
    ['"イリオモテヤマネコ"', "イリオモテヤマネコ*", "title:イリオモテヤマネコ", "(イリオモテヤマネコ", "イリオモテヤマネコ AND OR NOT",
     "イリオモテヤマネコ\x00", "イリオモテヤマネコ\x07\x1b"],
    ids=["phrase", "wildcard", "field", "paren", "operators", "nul", "control"],
)
def test_search_syntax_and_control_characters_are_read_as_plain_text(reader, query):
    faq = add_faq("イリオモテヤマネコの保護休暇とは", "特別休暇の一つです。")

    assert faq.pk in found(find(query, reader))


def test_a_very_long_query_searches_its_beginning_and_says_so(reader):
    faq = add_faq("ツチブタ手当とは", "架空の手当です。")

    response = find("ツチブタ手当" + "あ" * 994, reader)

    assert faq.pk in found(response)
    assert response.notice == engine.TOO_LONG_NOTICE


def test_did_you_mean_offers_only_words_every_reader_of_the_portal_may_see():
    add_faq("オセロット研修の案内", "年に一度あります。")
    add_faq("アルマジロ研修の案内", "学期ごとにあります。", portal="education", category="人事", audience=["教職員"])
    new_manual(title="ウォンバット審査事務")

    assert engine.spelling_suggestion("オセロッド", "intranet") == "オセロット"
    assert engine.spelling_suggestion("アルマジド", "intranet") != "アルマジロ"
    assert engine.spelling_suggestion("ウォンバッド", "intranet") != "ウォンバット"
    assert engine.spelling_suggestion("アルマジド", "education") == "アルマジロ"


@pytest.fixture
def tax_faqs():
    """FAQs whose words a typo can hide among many loose (bigram) matches."""
    questions = [
        "年末調整の書き方を教えてください",
        "年末調整の書類はいつまでに出しますか",
        "源泉徴収票の再発行はできますか",
        "通勤手当の認定を受けるには",
        "通勤手当と年末の書類",
        "学校休職の手続きは",
    ]
    answers = ["年末の手続きです。", "年末の期限です。", "再発行できます。", "通勤届を出します。", "年末に出します。", "給食調理員も同じです。"]
    return [add_faq(question, answer) for question, answer in zip(questions, answers)]


@pytest.mark.parametrize(
    "typo, meant",
    [("年末調製の書き方", "年末調整の書き方"), ("通勤手あて", "通勤手当"), ("源線徴収票の再発行", "源泉徴収票の再発行")],
    ids=["homophone-in-a-phrase", "kana-for-kanji", "one-wrong-character"],
)
def test_did_you_mean_corrects_a_typo_however_many_loose_matches_it_has(reader, tax_faqs, typo, meant):
    response = find(typo, reader, related=True)

    assert response.count + response.related_count >= 3
    assert response.suggestion == meant


@pytest.mark.parametrize(
    "query",
    ["年末調整の書き方", "通勤手当", "源泉徴収票の再発行", "学校給食の調理員", "年末の書類 いつまで"],
    ids=["phrase", "word", "compound", "word-found-in-the-results", "kana"],
)
def test_did_you_mean_stays_silent_for_correct_queries(reader, tax_faqs, query):
    assert find(query, reader).suggestion is None


def test_suggestions_are_titles_the_user_may_open(role_user):
    faq = add_faq("ウォンバット手当の申請方法", "申請書を出します。")
    manual = new_manual()

    reader_titles = [item["title"] for item in engine.suggest("ウォンバット", user=role_user(READER, "intranet"), portal_key="intranet")]
    staff = engine.suggest("ウォンバット", user=role_user(CENTRE_STAFF, "intranet"), portal_key="intranet")

    assert faq.title in reader_titles and manual.title not in reader_titles
    assert {"title": manual.title, "url": manual.get_url(), "type": "manual", "type_label": "マニュアル"} in staff
    assert {"title": faq.title, "url": faq.get_url(), "type": "faq", "type_label": "FAQ"} in staff
    assert engine.suggest("  ", user=role_user(READER, "intranet"), portal_key="intranet") == []
