"""Step 3 of a search, fuse: the two legs' rankings become one score per item, in this one place.

Per result type, each leg's scores are normalised to [0, 1] for the query — BM25 relative to the query's best BM25
score, the cosine relative to the best cosine but never above an absolute floor the model reaches for unrelated
text — and mixed with a weight that follows the query: a run of keywords leans on BM25, a descriptive sentence on the
semantic leg (search.query.AnalysedQuery.descriptiveness). Items of all types then rank by the mixed score.

The results that count are those within RELEVANT_SHARE of the best score of their type; the rest is the long tail shown behind
「関連する可能性のある結果」. Parameters were tuned with `bench/search_relevance.py --tune` on the shared dev set and
on the situation-style queries of bench/queries_situations.jsonl (see README, Benchmarks): the best settings form a
broad plateau (mean MRR@10 0.884–0.886 for keyword weights 0.2–0.5, sentence weights 0.7–0.9, spreads 0.04–0.1), so
these are chosen from its middle, with the floor measured for the bundled model.
"""

from dataclasses import dataclass, replace

from django.conf import settings

from .permissions import Hit


@dataclass(frozen=True)
class Weights:
    # Weight of the semantic leg for a query of keywords (descriptiveness 0) and for a full sentence (1).
    semantic_for_keywords: float = 0.3
    semantic_for_sentences: float = 0.8
    # Cosines this far below the query's best (or below `floor`) count as no semantic match.
    spread: float = 0.04
    # The cosine the bundled model gives unrelated Japanese text (its best match for a made-up word or an off-topic
    # question is 0.78–0.83, a relevant FAQ 0.85–0.89); a stronger model sets SEARCH_SEMANTIC_FLOOR.
    floor: float = 0.82
    # A result counts (and is shown without asking) when its score is at least this share of the best one.
    relevant_share: float = 0.5

    def semantic_weight(self, descriptiveness):
        return self.semantic_for_keywords + (self.semantic_for_sentences - self.semantic_for_keywords) * descriptiveness


def weights():
    """The tuned weights, with the floor a site may set for its own model."""
    floor = getattr(settings, "SEARCH_SEMANTIC_FLOOR", None)
    return replace(DEFAULT, floor=float(floor)) if floor is not None else DEFAULT


DEFAULT = Weights()


def fuse(query, retrieved, allowed, tuned=None):
    """Every candidate of either leg as a Hit with its fused score, best first (ties by type order and pk)."""
    tuned = tuned or weights()
    keyword_best = max((score for found in retrieved.keyword.values() for _, score in found), default=0.0)
    cosine_best = max((score for found in retrieved.semantic.values() for _, score in found), default=0.0)
    base = max(tuned.floor, cosine_best - tuned.spread)
    semantic_weight = tuned.semantic_weight(query.descriptiveness) if retrieved.semantic else 0.0
    # An item only the semantic leg found is kept for a query that reads as a sentence, or for keywords of which the
    # portal knows some: a made-up word (ヰヱヰヱ, あああ…) is not answered with whatever happens to lie nearest.
    semantic_only = query.descriptiveness >= 0.5 or any(retrieved.keyword.values())
    hits = []
    for order, result_type in enumerate(allowed):
        keyword = {pk: score for pk, score in retrieved.keyword.get(result_type.model, [])}
        semantic = {pk: score for pk, score in retrieved.semantic.get(result_type.model, [])}
        for pk in keyword.keys() | (semantic.keys() if semantic_only else set()):
            k = keyword.get(pk, 0.0) / keyword_best if keyword_best > 0 else 0.0
            s = max(0.0, semantic.get(pk, base) - base) / tuned.spread
            score = (1 - semantic_weight) * k + semantic_weight * min(1.0, s)
            if score > 0:
                hits.append((score, order, pk, Hit(result_type, pk, score, keyword=k, semantic=min(1.0, s))))
    hits.sort(key=lambda item: (-item[0], item[1], item[2]))
    return [hit for *_, hit in hits]


def mark_relevant(hits, tuned=None):
    """Mark each hit (best first, already permitted) relevant or long tail; returns how many are relevant.

    The share is of the best score of the hit's own type: a short past inquiry that repeats a one-word query scores
    far above the FAQ that answers it, and the agent must still see that FAQ without asking for the long tail."""
    tuned = tuned or weights()
    best = {}
    for hit in hits:
        best.setdefault(hit.result_type, hit.score)
    count = 0
    for hit in hits:
        hit.relevant = hit.score >= tuned.relevant_share * best[hit.result_type]
        count += hit.relevant
    return count
