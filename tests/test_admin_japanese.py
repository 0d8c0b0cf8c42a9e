"""The admin in Japanese with one vocabulary (承認依頼・承認・差し戻し・公開), times in Tokyo, and a revision
comparison a reviewer can approve from: multi-line fields compared line by line."""

import datetime
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from faq.models import FAQPage
from helpdesk.models import Inquiry
from manuals.models import ManualPage
from portal.roles import CENTRE_STAFF, HELPDESK

from .test_manuals import act, demo_manual, reviewer_of, submitted_manual

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
ENGLISH_LEFT_OVER = ["Search…", "Show filters", "Submit for moderation", "Request changes", "Approved at", "Next step"]
ODD_JAPANESE = ["調整のために提出", "変更をリクエスト", "承認を受ける", " を追加"]


def test_project_translations_keep_every_placeholder():
    for path in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"):
        for entry in polib.pofile(str(path)):
            translated = entry.msgstr or entry.msgstr_plural.get(0, "")
            source = entry.msgid_plural or entry.msgid
            assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(source)), entry.msgid


def admin_html(client, user, url, host="intranet.localhost"):
    client.force_login(user)
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def test_editors_see_the_one_review_vocabulary_and_no_english(client, role_user, homes):
    faq = FAQPage.objects.live().descendant_of(homes["intranet"]).first()
    html = admin_html(client, role_user(CENTRE_STAFF, "intranet"), reverse("wagtailadmin_pages:edit", args=[faq.pk]))
    assert "承認依頼（所管課承認（総務））" in html
    listing = admin_html(client, role_user(HELPDESK, "intranet"), "/admin/inquiries/")
    assert "問い合わせを追加" in listing and "検索…" in listing and "絞り込み" in listing
    for page in (html, listing):
        for phrase in ENGLISH_LEFT_OVER + ODD_JAPANESE:
            assert phrase not in page, phrase


def test_workflow_history_reads_承認依頼_and_承認(client, role_user):
    staff = role_user(CENTRE_STAFF, "intranet")
    manual = submitted_manual("intranet", "kyuyo", staff)
    act(client, reviewer_of("kyuyo", role_user), manual, "approve")
    html = admin_html(client, staff, reverse("wagtailadmin_pages:history", args=[manual.pk]))
    assert "承認依頼" in html and "で承認。次のステップ" in html
    assert "Approved at" not in html and "started" not in html


def test_revision_comparison_shows_changed_lines_old_then_new_and_ignores_line_break_noise(client, role_user):
    manual = demo_manual("intranet", "tsukin-teate")
    manual.inputs = "通勤届\n定期券の写し"
    manual.review_points = "経路は最も経済的か\n届出は事実発生から7日以内か"
    manual.revision_reason = "比較の確認"
    first = manual.save_revision()
    manual.inputs = "通勤届\r\n定期券の写し  \r\n"
    manual.review_points = "経路は最も経済的か\r\n届出は事実発生から10日以内か"
    second = manual.save_revision()

    url = reverse("wagtailadmin_pages:revisions_compare", args=(manual.pk, first.pk, second.pk))
    html = admin_html(client, role_user(CENTRE_STAFF, "intranet"), url)
    field = ManualPage._meta.get_field
    assert f"{field('review_points').verbose_name}:" in html
    assert f"{field('inputs').verbose_name}:" not in html, "only line ends and spaces differ"
    assert '<div class="line-diff__line">経路は最も経済的か</div>' in html
    assert "変更前</span>届出は事実発生から<span class=\"deletion\">7</span>日以内か" in html
    assert "変更後</span>届出は事実発生から<span class=\"addition\">10</span>日以内か" in html


def test_inspect_view_shows_tokyo_time(client, role_user):
    received = datetime.datetime(2026, 4, 1, 16, 30, tzinfo=datetime.UTC)
    inquiry = Inquiry.objects.filter(portal="intranet").first()
    Inquiry.objects.filter(pk=inquiry.pk).update(received_at=received)
    html = admin_html(client, role_user(HELPDESK, "intranet"), f"/admin/inquiries/inspect/{inquiry.pk}/")
    assert "2026年4月2日 01:30" in html and "16:30" not in html
    assert timezone.localtime(received).hour == 1
