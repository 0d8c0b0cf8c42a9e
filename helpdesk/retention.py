"""保管年限: inquiries older than their centre's retention period keep their counts, categories, dates and figures
(so reports of past years still add up) but lose who asked and how to reach them, and their free text is
replaced by its masked form. Run by `manage.py anonymise_inquiries` (cron); nothing else removes inquiries in bulk."""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from portal.dates import fiscal_year

from portal.masking import mask_personal_data
from .models import HelpdeskPolicy, Inquiry

logger = logging.getLogger(__name__)
JST = ZoneInfo("Asia/Tokyo")
BATCH = 500


def retention_limit(portal_key, today):
    """Inquiries received before this moment are past retention: those of fiscal years that ended more than
    `retention_years` full fiscal years ago (5 years: in FY2026, everything received before FY2021)."""
    years = HelpdeskPolicy.for_portal(portal_key).retention_years
    return datetime.datetime(fiscal_year(today) - years, 4, 1, tzinfo=JST)


def due_for_anonymising(portal_key, today=None):
    limit = retention_limit(portal_key, today or timezone.localdate())
    return Inquiry.objects.filter(portal=portal_key, received_at__lt=limit, anonymised_at__isnull=True)


def anonymise(inquiry, now):
    """Replace the personal parts of one inquiry and of its records (escalations, notes, corrections)."""
    inquiry.requester = None
    inquiry.requester_name = ""
    inquiry.contact_phone = ""
    inquiry.question = mask_personal_data(inquiry.question)
    inquiry.answer = mask_personal_data(inquiry.answer)
    inquiry.anonymised_at = now
    inquiry.save()
    for escalation in inquiry.escalations.all():
        escalation.question, escalation.reply = mask_personal_data(escalation.question), mask_personal_data(escalation.reply)
        escalation.save(update_fields=["question", "reply"])
    for transition in inquiry.transitions.exclude(note=""):
        transition.note = mask_personal_data(transition.note)
        transition.save(update_fields=["note"])
    for adjustment in inquiry.adjustments.all():
        adjustment.reason = mask_personal_data(adjustment.reason)
        adjustment.save(update_fields=["reason"])
    log(inquiry, "helpdesk.anonymise")


def anonymise_expired(portal_key, today=None, dry_run=False):
    """Anonymise every inquiry of the portal past its retention, a batch per short transaction; returns how many."""
    queryset = due_for_anonymising(portal_key, today)
    if dry_run:
        return queryset.count()
    done, now = 0, timezone.now()
    while batch := list(queryset.order_by("pk")[:BATCH]):
        with transaction.atomic():
            for inquiry in batch:
                anonymise(inquiry, now)
        done += len(batch)
    if done:
        logger.info("helpdesk: anonymised %d inquiries of %s past retention", done, portal_key)
    return done
