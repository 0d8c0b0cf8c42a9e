"""The FAQ exchange format (JSON Lines, see shared/data/README.md): validate a whole file, upsert it, write it back.

Import is all-or-nothing: every line is checked before anything is written, against the format and against the site
(an external_id of the other portal, a URL another FAQ already has), so a file with one bad line changes nothing and
the editor gets every problem at once, by line number.
"""

import html
import json
import re
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from modelsearch.signal_handlers import post_save_signal_handler
from taggit.models import Tag
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from pages.models import HomePage, portal_homes
from portal.models import Audience, Category
from portal.portals import PORTALS_BY_KEY
from search import vectors
from search.signal_handlers import paused as vector_updates_paused

from .models import FAQIndexPage, FAQPage, FAQPageTag

# An answer is read on one page: 10,000 characters is thirty times the longest the centres have written.
ANSWER_LIMIT = 10_000
FIELD_LIMITS = {"external_id": 100, "portal": 20, "category": 100, "subcategory": 100, "question": 255, "answer": ANSWER_LIMIT}
REQUIRED = ["external_id", "portal", "category", "question", "answer"]
DEFAULTS = {"subcategory": "", "audience": [], "tags": []}
TAG_LIMIT = 100
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>")
# Control characters (a NUL cannot even be stored in PostgreSQL) and lone surrogates (\ud800, not UTF-8) are refused;
# an answer keeps its line breaks and tabs.
UNUSABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
UNUSABLE_IN_ANSWER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


@dataclass
class FAQRecord:
    external_id: str
    portal: str
    category: str
    subcategory: str
    audience: list
    question: str
    answer: str
    tags: list

    def comparable(self):
        """Audiences and tags are sets: their order in a file carries no meaning and is not stored."""
        return {**asdict(self), "audience": sorted(set(self.audience)), "tags": sorted(set(self.tags))}


class FAQFileError(Exception):
    """A file that cannot be imported; `problems` lists (line number, reason) for every bad line."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(f"{line}行目: {reason}" for line, reason in problems))


def answer_to_html(text):
    """Plain text to rich text: one paragraph per line, so that `html_to_answer` gives the same text back."""
    return "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))


def html_to_answer(rich_text):
    """Rich text to plain text: one line per paragraph or list item; formatting and link targets are dropped."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", rich_text)))
    return text[:-1] if text.endswith("\n") else text


def _unusable_character(value, pattern=UNUSABLE):
    """「U+0000」 for the first character of `value` that may not be stored, or None."""
    found = pattern.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def _check_record(data, audience_portals):
    """The reasons one parsed line cannot be imported (empty when it can)."""
    if not isinstance(data, dict):
        return ["1行に1つのJSONオブジェクト（{...}）を書いてください"]
    reasons = []
    for name, limit in FIELD_LIMITS.items():
        value = data.get(name, DEFAULTS.get(name))
        if value is None:
            reasons.append(f"必須項目「{name}」がありません")
        elif not isinstance(value, str):
            reasons.append(f"「{name}」は文字列で書いてください")
        elif name in REQUIRED and not value.strip():
            reasons.append(f"必須項目「{name}」が空です")
        elif len(value) > limit:
            reasons.append(f"「{name}」は{limit:,}文字以内にしてください（{len(value):,}文字）")
        elif found := _unusable_character(value, UNUSABLE_IN_ANSWER if name == "answer" else UNUSABLE):
            reasons.append(f"「{name}」に使えない文字（{found}、制御文字など）があります")
    for name in ["audience", "tags"]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            reasons.append(f"「{name}」は空でない文字列のリストで書いてください")
        elif name == "tags" and any(len(tag) > TAG_LIMIT for tag in value):
            reasons.append(f"「tags」の各キーワードは{TAG_LIMIT}文字以内にしてください")
        elif found := next(filter(None, map(_unusable_character, value)), None):
            reasons.append(f"「{name}」に使えない文字（{found}、制御文字など）があります")
    portal = data.get("portal")
    if isinstance(portal, str) and portal.strip() and portal not in PORTALS_BY_KEY:
        reasons.append(f"ポータル「{portal}」はありません（{'、'.join(PORTALS_BY_KEY)} のいずれか）")
    if isinstance(data.get("audience"), list) and portal in PORTALS_BY_KEY:
        for name in data["audience"]:
            if name not in audience_portals:
                reasons.append(f"対象者「{name}」は登録されていません")
            elif audience_portals[name] not in ("", portal):
                reasons.append(f"対象者「{name}」はポータル「{portal}」では使えません")
    external_id = data.get("external_id")
    if isinstance(external_id, str) and external_id.strip() and not slugify(external_id, allow_unicode=True):
        reasons.append("「external_id」には英数字を含めてください（ページのURLに使います）")
    return reasons


def _load(line):
    """(data, None) for a line of JSON, or (None, the reason it cannot be read)."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as error:
        return None, f"JSONとして読めません（{error.colno}文字目付近）"
    except RecursionError:
        return None, "JSONの入れ子が深すぎます（[ ] や { } の中にさらに何重にも入れないでください）"
    except ValueError:
        return None, "JSONとして読めません（桁数が多すぎる数値などがあります）"


def parse(lines):
    """Every FAQRecord of a file given as lines of text; raises FAQFileError listing all bad lines."""
    audience_portals = dict(Audience.objects.values_list("name", "portal"))
    records, problems, first_line_of = [], [], {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        data, unreadable = _load(line)
        if unreadable:
            problems.append((number, unreadable))
            continue
        reasons = _check_record(data, audience_portals)
        external_id = data.get("external_id") if isinstance(data, dict) else None
        if isinstance(external_id, str) and external_id.strip():
            if external_id in first_line_of:
                reasons.append(f"external_id「{external_id}」が{first_line_of[external_id]}行目と重複しています")
            first_line_of.setdefault(external_id, number)
        problems.extend((number, reason) for reason in reasons)
        if not reasons:
            fields = {field: data.get(field, DEFAULTS.get(field)) for field in FAQRecord.__dataclass_fields__}
            records.append((number, FAQRecord(**fields)))
    if not records and not problems:
        problems.append((0, "FAQが1件もありません"))
    problems.extend(_conflicts_with_the_site(records))
    if problems:
        raise FAQFileError(sorted(problems, key=lambda problem: problem[0]))
    return [record for _number, record in records]


def _portal_of(page, homes):
    """The key of the portal whose home `page` is under (None outside both)."""
    return next((home.portal_key for home in homes if page.path.startswith(home.path)), None)


def _conflicts_with_the_site(numbered_records):
    """(line, reason) for records that would move an FAQ to the other portal, or give a new FAQ the URL (slug) of
    another FAQ of its portal or of an earlier line."""
    homes = list(HomePage.objects.all())
    external_ids = [record.external_id for _number, record in numbered_records]
    existing = {page.external_id: page for page in _faqs().filter(external_id__in=external_ids)}
    taken = {}
    for index_page in FAQIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        portal = _portal_of(index_page, homes)
        for slug, title in index_page.get_children().values_list("slug", "title"):
            taken[(portal, slug)] = f"既存のFAQ「{title}」"
    problems = []
    for number, record in numbered_records:
        page = existing.get(record.external_id)
        if page is not None:
            current = _portal_of(page, homes)
            if current != record.portal:
                where = PORTALS_BY_KEY[current].title if current in PORTALS_BY_KEY else "ポータルの外"
                problems.append((number, f"external_id「{record.external_id}」は{where}のFAQです。ポータルは変えられません"))
            continue
        slug = slugify(record.external_id, allow_unicode=True)
        if (record.portal, slug) in taken:
            problems.append((number, f"external_id「{record.external_id}」のURL（{slug}）は{taken[(record.portal, slug)]}と同じになります"))
        taken.setdefault((record.portal, slug), f"{number}行目のFAQ（external_id「{record.external_id}」）")
    return problems


def ensure_faq_index(home):
    """The portal's FAQ index page, created (published, in the menu) if missing."""
    existing = FAQIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    index_page = FAQIndexPage(
        title="よくある質問",
        slug="faq",
        show_in_menus=True,
        search_description="業務分類ごとのよくある質問と回答",
        intro="<p>質問をクリックすると回答が表示されます。対象者で絞り込むこともできます。</p>",
    )
    home.add_child(instance=index_page)
    index_page.save_revision().publish()
    return index_page


def _ensure_categories(names):
    """Category by name for each name, creating missing ones after the existing ones with a slug from the name."""
    categories = {category.name: category for category in Category.objects.filter(name__in=names)}
    order = max(Category.objects.values_list("sort_order", flat=True), default=0)
    for name in sorted(set(names) - set(categories)):
        base = slugify(name, allow_unicode=True)
        slug, suffix = base, 1
        while Category.objects.filter(slug=slug).exists():
            suffix += 1
            slug = f"{base}-{suffix}"
        order += 10
        categories[name] = Category.objects.create(name=name, slug=slug, sort_order=order)
    return categories


def _ensure_tags(names):
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in set(names) - set(tags):
        tags[name] = Tag.objects.create(name=name)
    return tags


def to_record(page, portal_key):
    return FAQRecord(
        external_id=page.external_id,
        portal=portal_key,
        category=page.category.name,
        subcategory=page.subcategory,
        audience=[audience.name for audience in page.audiences.all()],
        question=page.title,
        answer=html_to_answer(page.answer),
        tags=[item.tag.name for item in sorted(page.tagged_items.all(), key=lambda item: item.pk or 0)],
    )


def _faqs():
    """The Japanese FAQs, which the file format describes (translations are made in the admin)."""
    return FAQPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).select_related("category").prefetch_related("audiences", "tagged_items__tag")


@contextmanager
def indexing_deferred(model):
    """Stop updating the search and reference indexes on every save of `model`; update them once at the end.

    Creating and publishing a page saves it three times, and each save would re-analyse its text for the search
    index and re-scan it for references; for a file of FAQs that is most of the work. Meant for management commands, not for request handling:
    the signal is disconnected for the whole process while the block runs.
    """
    saved = []
    post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update(), vector_updates_paused(model):
            yield saved
    finally:
        post_save.connect(post_save_signal_handler, sender=model)
    for obj in saved:
        ReferenceIndex.create_or_update_for_object(obj)
    objects = list(model.get_indexed_objects().filter(pk__in=[obj.pk for obj in saved]))
    vectors.update(model, objects)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)


@dataclass
class ImportResult:
    """What an import did; `held` lists the external_ids left alone because an editor's draft differs from the line."""

    created: int = 0
    updated: int = 0
    published: int = 0
    unchanged: int = 0
    held: list = field(default_factory=list)


@transaction.atomic
def import_records(records, bulk=False):
    """Upsert FAQs by external_id and publish them; returns an ImportResult.

    A line equal to a live FAQ leaves it (and any draft of it) alone; an unpublished FAQ is published. An editor's
    unpublished draft is never published over: where it already says what the line says it is published as is,
    otherwise the FAQ is held unchanged for the editor to reconcile. With `bulk`, new FAQs are created already published
    in a single save each, without a first revision (their history starts at the first edit); meant for initial loads
    and benchmarks of thousands of FAQs.
    """
    with indexing_deferred(FAQPage) as saved:
        return _upsert(records, saved, bulk)


def _says(page, portal_key, record):
    return to_record(page, portal_key).comparable() == record.comparable()


def _upsert(records, saved, bulk):
    """Create or update each record's FAQ in the record's portal (parse refused records of the other portal's FAQs)."""
    homes = {home.portal_key: home for home in portal_homes()}
    indexes = {key: ensure_faq_index(homes[key]) for key in sorted({record.portal for record in records})}
    categories = _ensure_categories([record.category for record in records])
    tags = _ensure_tags([tag for record in records for tag in record.tags])
    audiences = {audience.name: audience for audience in Audience.objects.all()}
    existing = {page.external_id: page for page in _faqs().filter(external_id__in=[r.external_id for r in records])}
    result = ImportResult()
    for record in records:
        page = existing.get(record.external_id)
        index_page = indexes[record.portal]
        if page is not None:
            if page.live and _says(page, record.portal, record):
                result.unchanged += 1
                continue
            # An unpublished FAQ always has "unpublished changes"; its draft is the editor's only if it differs.
            draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
            if _says(draft, record.portal, record):
                (page.latest_revision or page.save_revision(clean=False)).publish()
                result.published += 1
                saved.append(FAQPage.objects.get(pk=page.pk))
                continue
            if draft is not page and (page.live or not _says(draft, record.portal, to_record(page, record.portal))):
                result.held.append(record.external_id)
                continue
            result.updated += 1
        else:
            page = FAQPage(slug=slugify(record.external_id, allow_unicode=True), external_id=record.external_id)
            result.created += 1
        page.title = record.question
        page.answer = answer_to_html(record.answer)
        page.category = categories[record.category]
        page.subcategory = record.subcategory
        page.audiences = [audiences[name] for name in record.audience]
        page.tagged_items = [FAQPageTag(tag=tags[name]) for name in dict.fromkeys(record.tags)]
        if page.pk is None and bulk:
            page.first_published_at = page.last_published_at = timezone.now()
            index_page.add_child(instance=page)
        else:
            if page.pk is None:
                index_page.add_child(instance=page)
            page.save_revision(clean=False).publish()
        saved.append(page)
    return result


def export_records(portal_key=None):
    """The published FAQs of one portal (or both) as FAQRecords, in page-tree order."""
    homes = list(HomePage.objects.all())
    for page in _faqs().live().order_by("path"):
        key = _portal_of(page, homes)
        if portal_key in (None, key):
            yield to_record(page, key)


def dumps(record):
    return json.dumps(asdict(record), ensure_ascii=False)
