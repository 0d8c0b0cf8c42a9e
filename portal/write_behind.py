"""Writes a page need not wait for: FAQ view counts, the search API's query log, search-promotion hits.

They are queued in the worker process and written after the response has been sent (Django's request_finished), at
most every WRITE_BEHIND_SECONDS, each writer's queue in one short transaction. So readers neither wait for these
writes nor queue behind SQLite's single write lock for them, and 20 FAQ views cost one UPDATE instead of twenty.
What is still queued when a worker stops is written at exit; a worker killed outright loses at most a few seconds of
counts, never content.
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.core.signals import request_finished
from django.db import transaction

logger = logging.getLogger(__name__)

# A queue this long is written at the end of the request whatever the time since the last write.
MAX_QUEUED = 1_000

_lock = threading.Lock()
_queues = {}
_last_write = time.monotonic()


def defer(writer, item):
    """Queue `item` for `writer`, a function that writes a list of queued items (inside a transaction)."""
    with _lock:
        _queues.setdefault(writer, []).append(item)


def flush():
    """Write everything queued now. A failing writer is logged and its items dropped: they are counters and logs,
    and retrying them on every request would turn one broken row into a slow site."""
    global _last_write
    with _lock:
        queues = dict(_queues)
        _queues.clear()
        _last_write = time.monotonic()
    for writer, items in queues.items():
        try:
            with transaction.atomic():
                writer(items)
        except Exception:
            logger.exception("%d 件の遅延書き込み（%s）に失敗しました。", len(items), writer.__qualname__)


def _flush_when_due(**kwargs):
    with _lock:
        queued = sum(len(items) for items in _queues.values())
        due = time.monotonic() - _last_write >= settings.WRITE_BEHIND_SECONDS or queued >= MAX_QUEUED
    if queued and due:
        flush()


request_finished.connect(_flush_when_due, dispatch_uid="portal.write_behind")
atexit.register(flush)
