"""Vectors follow content: the embeddings of every item's passages (search.passages), stored beside the rows in
search.PassageVector, kept fresh on save and rebuilt in bulk; and, per process, the matrices the database backend
scores with numpy.

A passage is embedded again only when its text or the model changed (its hash says so), so `update_index` and
`embed_passages` after a first run cost next to nothing. Vectors are int8 with one scale per row: a quarter of float32
in memory, and within a rounding error of it for ranking.
"""

import hashlib
import logging
import threading
import time

import numpy as np
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max

from . import embedding
from .passages import PASSAGES, passages_of

logger = logging.getLogger(__name__)

EMBED_BATCH = 32
CHUNK = 500
# A process trusts its matrices this long before asking the database whether vectors changed (saves in this process,
# or in any process when the cache is shared, invalidate them at once).
RECHECK_SECONDS = 30
BLOCK = 8192


def indexed_models():
    """The models with passages, in the order of search.passages."""
    return [apps.get_model(label) for label in PASSAGES]


def text_hash(text, model_name):
    return hashlib.blake2b(f"{model_name}\n{text}".encode(), digest_size=16).hexdigest()


def quantise(vectors):
    """(int8 rows, scale per row) with row ≈ int8 / scale."""
    peaks = np.abs(vectors).max(axis=1)
    scales = np.where(peaks > 0, 127.0 / np.maximum(peaks, 1e-12), 1.0).astype(np.float32)
    return np.round(vectors * scales[:, None]).astype(np.int8), scales


def dequantise(vector_bytes, scale):
    return np.frombuffer(vector_bytes, dtype=np.int8).astype(np.float32) / scale


class PortalOf:
    """The portal of each item: its `portal` field, or for a page the portal of the home it sits under."""

    def __init__(self):
        from pages.models import HomePage

        self.homes = list(HomePage.objects.values_list("path", "portal_key"))

    def __call__(self, obj):
        if hasattr(obj, "path"):
            return next((key for path, key in self.homes if obj.path.startswith(path)), "")
        return getattr(obj, "portal", "")


def _stored(model, pks):
    from .models import PassageVector

    rows = PassageVector.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks))
    stored = {}
    for row in rows.only("object_id", "chunk", "text_hash", "model", "vector", "scale"):
        stored.setdefault(row.object_id, {})[row.chunk] = row
    return stored


def update(model, objects, embedder=None, portal_of=None):
    """Bring the vectors of `objects` (all of `model`) up to date: embed passages that are new or changed (identical
    texts once), drop those of items nobody can find. Returns the number of passages embedded."""
    from .models import PassageVector

    embedder = embedder or embedding.embedder()
    if embedder is None or not objects:
        return 0
    portal_of = portal_of or PortalOf()
    content_type = ContentType.objects.get_for_model(model)
    stored = _stored(model, [obj.pk for obj in objects])
    wanted, stale, obsolete = {}, [], []
    for obj in objects:
        passages = passages_of(obj)
        have = stored.get(obj.pk, {})
        for chunk, text in enumerate(passages):
            digest = text_hash(text, embedder.name)
            row = have.get(chunk)
            if row is None or row.text_hash != digest:
                stale.append((obj, chunk, text, digest))
        obsolete += [row.pk for chunk, row in have.items() if chunk >= len(passages)]
    texts = list(dict.fromkeys(text for _, _, text, _ in stale))
    for start in range(0, len(texts), EMBED_BATCH):
        batch = texts[start : start + EMBED_BATCH]
        for text, vector in zip(batch, embedder.passages(batch)):
            wanted[text] = vector
    rows = []
    if stale:
        quantised, scales = quantise(np.stack([wanted[text] for _, _, text, _ in stale]))
        for (obj, chunk, _text, digest), vector, scale in zip(stale, quantised, scales):
            rows.append(
                PassageVector(
                    content_type=content_type, object_id=obj.pk, chunk=chunk, portal=portal_of(obj),
                    model=embedder.name, text_hash=digest, vector=vector.tobytes(), scale=float(scale),
                )
            )
    if rows or obsolete:
        with transaction.atomic():
            PassageVector.objects.filter(pk__in=obsolete).delete()
            PassageVector.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["content_type", "object_id", "chunk"],
                update_fields=["portal", "model", "text_hash", "vector", "scale", "updated_at"],
            )
        changed(content_type.pk)
    return len(texts)


def refresh(obj):
    """After a save: the item's vectors as its stored content now reads (a page's live version, not a draft)."""
    model = type(obj)
    fresh = model._default_manager.filter(pk=obj.pk).first()
    if fresh is None:
        return forget(obj)
    try:
        update(model, [fresh])
    except Exception:
        # A model failing mid-save must not lose the editor's work: BM25 still finds the item.
        logger.exception("search: could not embed %s %s; it is found by its words only", model._meta.label, obj.pk)


def forget(obj):
    from .models import PassageVector

    content_type = ContentType.objects.get_for_model(type(obj))
    PassageVector.objects.filter(content_type=content_type, object_id=obj.pk).delete()
    changed(content_type.pk)


def stale_count(model, embedder=None):
    """How many findable items of `model` have no vector of the configured model (a quick estimate for progress
    and for `update_index` to report)."""
    from .models import PassageVector

    embedder = embedder or embedding.embedder()
    if embedder is None:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    done = PassageVector.objects.filter(content_type=content_type, model=embedder.name, chunk=0).count()
    return max(0, model.get_indexed_objects().count() - done)


def embed_all(models=None, progress=None, on_chunk=None):
    """Embed every stale passage of `models` (default: all), CHUNK items at a time; `progress(model, n)` is told how
    many items were looked at, `on_chunk(model, objects)` may push the chunk elsewhere (Elasticsearch). Returns the
    number of passages embedded."""
    embedder = embedding.embedder()
    if embedder is None:
        return 0
    portal_of, embedded = PortalOf(), 0
    for model in models or indexed_models():
        queryset = model.get_indexed_objects().order_by("pk")
        last_pk = 0
        while chunk := list(queryset.filter(pk__gt=last_pk)[:CHUNK]):
            done = update(model, chunk, embedder, portal_of)
            embedded += done
            if done and on_chunk:
                on_chunk(model, chunk)
            if progress:
                progress(model, len(chunk))
            last_pk = chunk[-1].pk
    return embedded


def document_vectors(obj, prefetched=None):
    """The stored vectors of `obj` for the configured model, as float lists (for an Elasticsearch document)."""
    embedder = embedding.embedder()
    if embedder is None:
        return []
    rows = prefetched.get(obj.pk, {}) if prefetched is not None else _stored(type(obj), [obj.pk]).get(obj.pk, {})
    return [
        dequantise(row.vector, row.scale).round(5).tolist()
        for _, row in sorted(rows.items())
        if row.model == embedder.name
    ]


def prefetch(model, objects):
    """The stored vectors of many objects in one query, for document_vectors."""
    return _stored(model, [obj.pk for obj in objects])


# Per-process matrices for scoring with numpy.


def _stamp_key(content_type_id):
    return f"search:vectors:{content_type_id}"


def changed(content_type_id):
    """Tell every process sharing the cache that this type's vectors changed."""
    cache.set(_stamp_key(content_type_id), time.time(), None)
    _matrices.pop(content_type_id, None)


class Matrix:
    """One type's vectors of one model, per portal: item ids (repeated for chunks), int8 rows and 1/scale."""

    def __init__(self, content_type_id, model_name):
        from .models import PassageVector

        self.model_name, self.loaded_at = model_name, time.monotonic()
        rows = PassageVector.objects.filter(content_type_id=content_type_id, model=model_name).order_by("portal", "object_id", "chunk")
        self.version = self.database_version(content_type_id)
        self.stamp = cache.get(_stamp_key(content_type_id))
        self.portals = {}
        columns = list(rows.values_list("portal", "object_id", "vector", "scale"))
        if not columns and ContentType.objects.get_for_id(content_type_id).model_class().get_indexed_objects().exists():
            logger.warning(
                "search: no %s vectors for content type %s yet (manage.py embed_passages); found by words only",
                model_name, content_type_id,
            )
        for portal in dict.fromkeys(row[0] for row in columns):
            own = [row for row in columns if row[0] == portal]
            ids = np.fromiter((row[1] for row in own), dtype=np.int64, count=len(own))
            vectors = np.frombuffer(b"".join(bytes(row[2]) for row in own), dtype=np.int8).reshape(len(own), -1)
            inverse = np.fromiter((1.0 / row[3] for row in own), dtype=np.float32, count=len(own))
            self.portals[portal] = (ids, vectors, inverse)

    @staticmethod
    def database_version(content_type_id):
        from .models import PassageVector

        found = PassageVector.objects.filter(content_type_id=content_type_id).aggregate(n=Count("id"), at=Max("updated_at"))
        return found["n"], found["at"]

    def fresh(self, content_type_id):
        if cache.get(_stamp_key(content_type_id)) != self.stamp:
            return False
        if time.monotonic() - self.loaded_at < RECHECK_SECONDS:
            return True
        self.loaded_at = time.monotonic()
        return self.database_version(content_type_id) == self.version

    def best(self, portal, query_vector, limit):
        """[(item id, cosine)] of the `limit` best items of `portal` (an item scores as its best chunk)."""
        if portal not in self.portals:
            return []
        ids, vectors, inverse = self.portals[portal]
        scores = np.empty(len(ids), dtype=np.float32)
        for start in range(0, len(ids), BLOCK):
            scores[start : start + BLOCK] = vectors[start : start + BLOCK].astype(np.float32) @ query_vector
        scores *= inverse
        take = min(len(ids), limit * 4)
        top = np.argpartition(-scores, take - 1)[:take] if take < len(ids) else np.arange(len(ids))
        best = {}
        for index in top[np.argsort(-scores[top])]:
            best.setdefault(int(ids[index]), float(scores[index]))
        return list(best.items())[:limit]

    @property
    def nbytes(self):
        return sum(ids.nbytes + vectors.nbytes + inverse.nbytes for ids, vectors, inverse in self.portals.values())


_matrices = {}
_loading = threading.Lock()


def matrix(model, model_name):
    content_type_id = ContentType.objects.get_for_model(model).pk
    found = _matrices.get(content_type_id)
    if found is None or found.model_name != model_name or not found.fresh(content_type_id):
        with _loading:
            found = _matrices[content_type_id] = Matrix(content_type_id, model_name)
    return found


def loaded_bytes():
    """Memory held by this process's matrices (the speed bench prints it)."""
    return sum(found.nbytes for found in _matrices.values())
