"""Finding broken links on published pages: links to pages and documents (from Wagtail's reference index, so rich
text, chooser blocks and foreign keys are all covered), 様式 numbers named in their texts that match no published
様式 of the portal, and external http(s) URLs, checked over the network."""

import html
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, ReferenceIndex

from forms.references import Catalogue, page_texts

from .models import HomePage, LinkCheckResult

URL_PATTERN = re.compile(r"https?://[^\s\"'<>\\]+")
USER_AGENT = "service-centre-portal link checker"
HTTP_REASONS = {403: "アクセスが拒否されました", 404: "ページが見つかりません", 410: "削除されています"}


@dataclass
class Problem:
    page: Page
    field: str
    kind: str
    target: str
    reason: str
    status_code: int | None = None

    def as_result(self, checked_at):
        return LinkCheckResult(
            page=self.page,
            field=self.field[:100],
            kind=self.kind,
            target=self.target[:2000],
            reason=self.reason[:200],
            status_code=self.status_code,
            checked_at=checked_at,
        )


def internal_problems(pages):
    """Links from `pages` to pages that are gone or unpublished, and to documents that are gone or lost their file."""
    Document = get_document_model()
    page_type = ContentType.objects.get_for_model(Page)
    document_type = ContentType.objects.get_for_model(Document)
    references = []
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
        for reference in ReferenceIndex.get_references_for_object(page).filter(
            to_content_type__in=[page_type, document_type]
        ):
            references.append((page, reference))
    ids = {kind: {int(r.to_object_id) for _, r in references if r.to_content_type_id == kind.pk} for kind in (page_type, document_type)}
    targets = {page_type: Page.objects.in_bulk(ids[page_type]), document_type: Document.objects.in_bulk(ids[document_type])}
    problems = []
    for page, reference in references:
        target_type = page_type if reference.to_content_type_id == page_type.pk else document_type
        target = targets[target_type].get(int(reference.to_object_id))
        reason = _page_reason(target) if target_type is page_type else _document_reason(target)
        if reason:
            kind = LinkCheckResult.INTERNAL if target_type is page_type else LinkCheckResult.DOCUMENT
            label = f"{'ページ' if kind == LinkCheckResult.INTERNAL else '文書'} ID {reference.to_object_id}"
            if target is not None:
                label += f"「{target.title}」"
            problems.append(Problem(page, str(reference.describe_source_field()), kind, label, reason))
    return problems


def _page_reason(target):
    if target is None:
        return "リンク先のページが削除されています"
    if not target.live:
        return "リンク先のページが公開されていません"
    return ""


def _document_reason(target):
    if target is None:
        return "文書が削除されています"
    if not target.file or not target.file.storage.exists(target.file.name):
        return "文書のファイルがありません"
    return ""


def form_number_problems(pages):
    """様式 numbers in the pages' texts that readers cannot follow: no such 様式 in the page's portal, a 様式 that is
    not published, or a number named with another form's title (「通勤届（様式第3号）」 when 様式第3号 is 扶養親族届)."""
    catalogues = {home.pk: (home, Catalogue(home.portal_key)) for home in HomePage.objects.all()}
    problems = []
    for page in pages:
        catalogue = next((c for home, c in catalogues.values() if page.path.startswith(home.path)), None)
        if catalogue is None:
            continue
        for field, text in page_texts(page):
            seen = set()
            for reference in catalogue.find(text):
                if reference.problem and (reference.number, reference.named_title) not in seen:
                    seen.add((reference.number, reference.named_title))
                    problems.append(Problem(page, field, LinkCheckResult.FORM, reference.text, reference.problem))
    return problems


def external_urls(page):
    """{url: verbose name of the field} for every http(s) address in the page's rich text, stream and URL fields."""
    urls = {}
    for field in page._meta.concrete_fields:
        if isinstance(field, (RichTextField, StreamField, models.URLField)):
            text = field.value_to_string(page) or ""
            for match in URL_PATTERN.findall(text):
                urls.setdefault(html.unescape(match).rstrip(".,)）。、"), str(field.verbose_name))
    return urls


def check_url(url, timeout):
    """(status code or None, Japanese reason) for a broken URL, or None when it answers; HEAD first, then GET,
    because some servers refuse HEAD."""
    headers = {"User-Agent": USER_AGENT}
    try:
        response = requests.head(url, timeout=timeout, allow_redirects=True, headers=headers)
        if response.status_code >= 400:
            with requests.get(url, timeout=timeout, allow_redirects=True, headers=headers, stream=True) as response:
                pass
    except requests.Timeout:
        return None, f"応答がありません（{timeout:g}秒でタイムアウト）"
    except requests.ConnectionError:
        return None, "接続できません"
    except requests.RequestException as error:
        return None, f"確認できません（{type(error).__name__}）"
    if response.status_code >= 400:
        reason = HTTP_REASONS.get(response.status_code, "サーバーエラー" if response.status_code >= 500 else "エラー")
        return response.status_code, f"{reason}（HTTP {response.status_code}）"
    return None


def external_problems(pages, timeout, workers):
    """Broken external URLs of `pages`, each address fetched once however many pages link it."""
    found = [(page, url, field) for page in pages for url, field in external_urls(page).items()]
    unique = sorted({url for _, url, _ in found})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = dict(zip(unique, pool.map(lambda url: check_url(url, timeout), unique)))
    return [
        Problem(page, field, LinkCheckResult.EXTERNAL, url, outcomes[url][1], outcomes[url][0])
        for page, url, field in found
        if outcomes[url]
    ], len(unique)


def check_links(timeout=10, workers=8, external=True, root=None):
    """Check the published pages (all, or `root` and below) and replace every stored result in that part of the tree
    with this run's, so pages unpublished since the last run drop out of the list; returns (number of pages, number
    of external URLs, problems)."""
    scope = Page.objects.all()
    if root is not None:
        scope = scope.descendant_of(root, inclusive=True)
    pages = list(scope.live().specific().order_by("path"))
    problems = internal_problems(pages) + form_number_problems(pages)
    url_count = 0
    if external:
        external_found, url_count = external_problems(pages, timeout, workers)
        problems += external_found
    checked_at = timezone.now()
    with transaction.atomic():
        LinkCheckResult.objects.filter(page__in=scope).delete()
        LinkCheckResult.objects.bulk_create([problem.as_result(checked_at) for problem in problems])
    return len(pages), url_count, problems
