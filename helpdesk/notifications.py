"""E-mails of the inquiry loop, sent through Django's mail backend (console in development, SMTP in production).

Mails carry the 受付番号, what happened and a link, never the question or answer: mail leaves the portal and may be
forwarded, so the text stays behind the portal's sign-in. They are sent once the change is committed; a mail
server that fails is logged and never undoes the change.
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from portal.portals import PORTALS_BY_KEY
from portal.roles import SECTION_REVIEWER, group_name
from portal.sites import portal_url

logger = logging.getLogger(__name__)


def _send(subject, lines, recipients):
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    try:
        return send_mail(subject, "\n".join(lines), None, recipients)
    except Exception:  # noqa: BLE001 - a dead mail server must not break the helpdesk
        logger.exception("helpdesk: could not send %r to %d recipients", subject, len(recipients))
        return 0


def _later(function, *args):
    transaction.on_commit(lambda: function(*args))


def section_reviewers(section, portal_key):
    """The 承認者 of `section` who work for the portal (in its 業務所管課 group)."""
    group = group_name(SECTION_REVIEWER, PORTALS_BY_KEY[portal_key])
    return section.reviewers.filter(is_active=True, groups__name=group).distinct()


def escalation_asked(escalation):
    _later(_escalation_asked, escalation)


def _escalation_asked(escalation):
    inquiry = escalation.inquiry
    centre = PORTALS_BY_KEY[inquiry.portal].centre
    _send(
        f"【{centre}】所管課への照会 {inquiry.reference}（回答期限 {escalation.due_date:%Y-%m-%d}）",
        [
            f"{centre}から{escalation.section}への照会があります。",
            f"受付番号：{inquiry.reference}",
            f"回答期限：{escalation.due_date:%Y-%m-%d}",
            "",
            "照会の内容を確認し、ポータルから回答してください：",
            portal_url(inquiry.portal, reverse("helpdesk_escalation", args=[escalation.pk])),
        ],
        [user.email for user in section_reviewers(escalation.section, inquiry.portal)],
    )


def escalation_replied(escalation):
    _later(_escalation_replied, escalation)


def _escalation_replied(escalation):
    inquiry = escalation.inquiry
    recipients = [user.email for user in (inquiry.assignee, escalation.asked_by) if user is not None]
    _send(
        f"【所管課回答】{inquiry.reference}",
        [
            f"{escalation.section}が照会に回答しました。再回答して完了してください。",
            f"受付番号：{inquiry.reference}",
            portal_url(inquiry.portal, reverse("inquiries:edit", args=[inquiry.pk])),
        ],
        recipients,
    )


def answer_sent(inquiry):
    _later(_answer_sent, inquiry)


def _answer_sent(inquiry):
    """The employee who asked through the portal learns that their answer is there."""
    requester = inquiry.requester
    if requester is None or not requester.email:
        return
    centre = PORTALS_BY_KEY[inquiry.portal].centre
    _send(
        f"【{centre}】お問い合わせへの回答 {inquiry.reference}",
        [
            f"お問い合わせ（受付番号 {inquiry.reference}）に{centre}が回答しました。",
            "回答はポータルでご確認ください：",
            portal_url(inquiry.portal, reverse("helpdesk:my_inquiry", args=[inquiry.reference])),
        ],
        [requester.email],
    )


def overdue_reminder(escalations, today):
    """One mail per section reviewer and one per agent, listing their overdue escalations; returns mails sent."""
    by_address = {}
    for escalation in escalations:
        inquiry = escalation.inquiry
        line = f"{inquiry.reference}（{escalation.section}、回答期限 {escalation.due_date:%Y-%m-%d}）"
        for user in section_reviewers(escalation.section, inquiry.portal):
            link = portal_url(inquiry.portal, reverse("helpdesk_escalation", args=[escalation.pk]))
            by_address.setdefault(user.email, []).append(f"{line}\n  {link}")
        for user in {inquiry.assignee, escalation.asked_by} - {None}:
            link = portal_url(inquiry.portal, reverse("inquiries:edit", args=[inquiry.pk]))
            by_address.setdefault(user.email, []).append(f"{line}\n  {link}")
    sent = 0
    for address, lines in by_address.items():
        sent += _send(
            f"【督促】回答期限を過ぎた所管課への照会（{len(lines)}件、{today:%Y-%m-%d}現在）",
            ["回答期限を過ぎても回答のない照会があります。", "", *lines],
            [address],
        )
    return sent

