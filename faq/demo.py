"""Demo FAQs: each portal's FAQ index and the shared FAQ files (shared/data/faq_*.jsonl), if present."""

import logging
import os
from pathlib import Path

from django.conf import settings

from .jsonl import ensure_faq_index, import_records, parse

logger = logging.getLogger(__name__)


def shared_data_dir():
    """shared/data next to the project, or the folder named by SHARED_DATA_DIR."""
    return Path(os.environ.get("SHARED_DATA_DIR") or settings.BASE_DIR.parent / "shared" / "data")


def load(homes, users):
    """FAQ indexes and the shared FAQs."""
    for home in homes.values():
        ensure_faq_index(home)
    files = sorted(shared_data_dir().glob("faq_*.jsonl"))
    if not files:
        logger.warning("FAQのデータ（%s/faq_*.jsonl）が見つからないため、FAQの取り込みを省略しました。", shared_data_dir())
    for path in files:
        import_records(parse(path.read_text(encoding="utf-8-sig").split("\n")))
