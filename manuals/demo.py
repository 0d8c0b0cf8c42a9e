"""Demo work manuals: per portal an index and four manuals, in every state the 所管課承認 workflow produces —
published twice (two reasons), published once, awaiting the section's approval, and sent back for changes."""

from pages.demo import ensure_page
from portal.models import Category, Section

from .models import ManualIndexPage, ManualPage

STAFF = {"intranet": "somu-center", "education": "kyoiku-center"}
REVIEWER = {"intranet": "somu-shokan", "education": "kyoiku-shokan"}
ADMIN = {"intranet": "somu-admin", "education": "kyoiku-admin"}
# The section whose reviewer is the demo reviewer, and one with no reviewers (the 業務所管課 group stands in).
REVIEWED_SECTION = {"intranet": "kyuyo", "education": "kyoshokuin-ka"}
UNREVIEWED_SECTION = {"intranet": "jinji", "education": "kyoiku-somu"}
STAFF_WORD = {"intranet": "職員", "education": "教職員"}


def _steps(*rows):
    return [("step", {"actor": actor, "action": action, "note": note}) for actor, action, note in rows]


def _roles(*rows):
    return [("role", {"task": task, "party": party, "note": note}) for task, party, note in rows]


def _commuting(staff_word):
    return {
        "title": "通勤手当認定事務",
        "slug": "tsukin-teate",
        "category": "kyuyo",
        "summary": f"{staff_word}から提出された通勤届に基づき、通勤経路・方法を審査して通勤手当の額を認定し、給与システムに登録する事務です。",
        "inputs": "通勤届（庶務事務システム）\n定期券の写し（交通機関利用者）\n自動車等使用届（自動車等使用者）",
        "outputs": "通勤手当認定結果（庶務事務システム）\n給与システムへの手当額登録\n差戻し理由の通知（不備がある場合）",
        "review_points": "経路が最も経済的かつ合理的であるか\n自動車等の使用距離が片道2キロメートル以上であるか\n届出の事実発生日から15日以内に提出されているか",
        "review_criteria": "職員の給与に関する条例第12条及び通勤手当支給規則に基づき認定する。\n経路は、乗換検索による最安経路を原則とし、所要時間が30分以上短縮される場合に限り他の経路を認める。",
        "deadline_text": "届出の受付日から",
        "deadline_working_days": 10,
        "responsibilities": _roles(
            ("通勤届の提出・内容確認", "employee", "所属長の確認を経て提出"),
            ("経路・手当額の審査、認定", "centre", "認定基準に該当しない場合は所管課に協議"),
            ("認定基準の制定・解釈", "city", "疑義照会への回答を含む"),
            ("遡及支給・返納の決定", "city", "1か月を超える遡及はすべて所管課の決定"),
        ),
        "flow": _steps(
            (staff_word, "庶務事務システムで通勤届を提出する", "定期券の写しを添付"),
            ("所属", "届出内容を確認し承認する", ""),
            ("センター", "経路・距離を審査し手当額を算定する", "乗換検索の結果を保存する"),
            ("センター", "認定結果を登録し、給与システムに反映する", "月末締め"),
            ("市（給与課）", "基準外の認定について協議に回答する", "協議事案のみ"),
        ),
        "tools": "庶務事務システム（通勤届）\n給与システム\n乗換検索サービス",
        "laws": "職員の給与に関する条例 第12条\n通勤手当支給規則\n通勤手当事務取扱要領",
    }


def _dependents(staff_word):
    return {
        "title": "扶養手当認定事務",
        "slug": "fuyo-teate",
        "category": "kyuyo",
        "summary": f"{staff_word}の扶養親族の届出を審査し、扶養手当の支給要件を確認して認定する事務です。",
        "inputs": "扶養親族届（庶務事務システム）\n続柄・収入を確認できる書類",
        "outputs": "扶養手当認定結果\n給与システムへの手当額登録",
        "review_points": "扶養親族の年間所得見込額が130万円未満であるか\n他の者が扶養手当を受けていないか",
        "review_criteria": "扶養手当支給規則に基づき、届出の事実発生日から15日以内の届出は事実発生月の翌月から支給する。",
        "deadline_text": "届出の受付日から",
        "deadline_working_days": 10,
        "responsibilities": _roles(
            ("届出・添付書類の提出", "employee", ""),
            ("要件審査・認定", "centre", ""),
            ("支給要件の解釈", "city", ""),
        ),
        "flow": _steps(
            (staff_word, "扶養親族届を提出する", "事実発生日から15日以内"),
            ("センター", "収入・続柄を審査し認定する", ""),
            ("センター", "給与システムに登録する", ""),
        ),
        "tools": "庶務事務システム\n給与システム",
        "laws": "職員の給与に関する条例 第11条\n扶養手当支給規則",
    }


def _year_end(staff_word):
    return {
        "title": "年末調整事務",
        "slug": "nenmatsu-chosei",
        "category": "kyuyo",
        "summary": f"{staff_word}の各種控除申告書を受け付けて審査し、12月支給の給与で所得税の年末調整を行う事務です。",
        "inputs": "給与所得者の扶養控除等（異動）申告書\n保険料控除申告書\n住宅借入金等特別控除申告書",
        "outputs": "年末調整計算結果\n源泉徴収票",
        "review_points": "控除証明書が添付されているか\n扶養控除と扶養手当の認定内容が整合しているか",
        "review_criteria": "所得税法及び国税庁の年末調整のしかたに基づき審査する。",
        "deadline_text": "12月支給の給与の計算締切まで",
        "deadline_working_days": None,
        "responsibilities": _roles(
            ("申告書の提出", "employee", ""),
            ("取りまとめ・提出", "department", ""),
            ("審査・計算", "centre", ""),
        ),
        "flow": _steps(
            (staff_word, "申告書を提出する", "11月下旬締切"),
            ("センター", "申告書を審査し、控除額を入力する", ""),
            ("センター", "年末調整を計算し、源泉徴収票を交付する", "1月中旬"),
        ),
        "tools": "庶務事務システム（年末調整）\n給与システム",
        "laws": "所得税法 第190条",
    }


def _fixed_term(staff_word):
    return {
        "title": "会計年度任用職員の任用手続",
        "slug": "kaikei-nendo-ninyo",
        "category": "kaikei-nendo-nado",
        "summary": "会計年度任用職員の任用（再度の任用を含む）について、所属からの任用伺いを受けて任用手続と社会保険の資格取得を行う事務です。",
        "inputs": "任用伺い\n本人の履歴書・資格証の写し",
        "outputs": "任用通知書\n社会保険資格取得届",
        "review_points": "勤務条件が職の設置要件に合っているか",
        "review_criteria": "会計年度任用職員の任用等に関する規則に基づき審査する。",
        "deadline_text": "任用伺いの受付日から",
        "deadline_working_days": 15,
        "responsibilities": _roles(
            ("任用伺いの作成", "department", ""),
            ("任用手続・社会保険手続", "centre", ""),
            ("職の設置・勤務条件の決定", "city", ""),
        ),
        "flow": _steps(
            ("所属", "任用伺いを提出する", ""),
            ("センター", "勤務条件を審査し、任用通知書を作成する", ""),
            ("センター", "社会保険の資格取得届を提出する", "任用日から5日以内"),
        ),
        "tools": "人事給与システム",
        "laws": "地方公務員法 第22条の2\n会計年度任用職員の任用等に関する規則",
    }



def _manual(index, content, section_slug, user):
    """A draft manual saved by `user`, or the existing one (reloading the demo changes nothing)."""
    existing = index.get_children().filter(slug=content["slug"]).first()
    if existing is not None:
        return existing.specific, False
    fields = {key: value for key, value in content.items() if key != "category"}
    manual = ManualPage(
        **fields,
        section=Section.objects.get(slug=section_slug),
        category=Category.objects.get(slug=content["category"]),
        revision_reason="制定",
        live=False,
        owner=user,
    )
    index.add_child(instance=manual)
    manual.save_revision(user=user)
    return manual, True


def _act(manual, user, action, **kwargs):
    """Take a workflow action on the task `manual` is waiting on, as `user` would in the admin."""
    state = manual.current_workflow_task_state
    state.task.specific.on_action(state, user, action, **kwargs)
    manual.refresh_from_db()


def _submit(manual, user):
    manual.get_workflow().start(manual, user)
    manual.refresh_from_db()


def load(homes, users):
    for key, home in homes.items():
        staff, reviewer, admin = users[STAFF[key]], users[REVIEWER[key]], users[ADMIN[key]]
        word = STAFF_WORD[key]
        index = ensure_page(
            home,
            ManualIndexPage,
            "manuals",
            title="業務マニュアル",
            show_in_menus=False,
            intro="<p>センターで行う事務の手順・審査基準・役割分担をまとめた業務マニュアルです。</p>",
        )

        commuting, created = _manual(index, _commuting(word), REVIEWED_SECTION[key], staff)
        if created:
            commuting.get_latest_revision().publish(user=admin)
            commuting.refresh_from_db()
            commuting.deadline_working_days = 7
            commuting.revision_reason = "処理期限を10開庁日から7開庁日に短縮したため"
            commuting.save_revision(user=staff)
            _submit(commuting, staff)
            _act(commuting, reviewer, "approve", comment="期限短縮について了承します。")
            _act(commuting, admin, "approve")

        dependents, created = _manual(index, _dependents(word), REVIEWED_SECTION[key], staff)
        if created:
            dependents.get_latest_revision().publish(user=admin)

        year_end, created = _manual(index, _year_end(word), REVIEWED_SECTION[key], staff)
        if created:
            _submit(year_end, staff)

        fixed_term, created = _manual(index, _fixed_term(word), UNREVIEWED_SECTION[key], staff)
        if created:
            _submit(fixed_term, staff)
            _act(fixed_term, reviewer, "reject", comment="社会保険の資格取得の期限を確認のうえ修正してください。")
