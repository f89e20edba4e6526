"""Eval metrics as pure functions: per-question scores in, one flat dict of rates out.

Retrieval metrics (hit@k, mrr, evidence_recall@5) count answerable questions that have evidence;
answer metrics count the questions they apply to (see each function). A rate with nothing to count
is None (null in JSON), never 0, so an empty category cannot look like a regression.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from evals.dataset import normalise

__all__ = [
    "GATED_METRICS",
    "METRIC_KEYS",
    "RECALL_DEPTH",
    "RETRIEVAL_DEPTH",
    "RETRIEVAL_KS",
    "QuestionScores",
    "citation_precision",
    "evidence_recall",
    "fact_recall",
    "first_rank",
    "hit_rate",
    "mean",
    "mean_reciprocal_rank",
    "percentile",
    "relevant_ranks",
    "summarise",
]

RETRIEVAL_KS = (1, 3, 5, 10)
RETRIEVAL_DEPTH = 10  # ranks and MRR look at the top 10 search results
RECALL_DEPTH = 5  # evidence_recall@5

METRIC_KEYS = (
    "n",
    "n_answerable",
    "n_unanswerable",
    *(f"hit@{k}" for k in RETRIEVAL_KS),
    "mrr",
    "evidence_recall@5",
    "answer_fact_recall",
    "citation_precision",
    "abstention_accuracy",
    "latency_ms_p50",
    "latency_ms_p95",
    "supported_sentence_rate",
    "fallback_rate",
)

# The quality rates the regression gate compares (higher is better for each). Counts describe the eval
# set rather than the assistant, and latency depends on the machine, so neither is gated.
GATED_METRICS = (
    *(f"hit@{k}" for k in RETRIEVAL_KS),
    "mrr",
    "evidence_recall@5",
    "answer_fact_recall",
    "citation_precision",
    "abstention_accuracy",
)


@dataclass(frozen=True)
class QuestionScores:
    """What one question contributes to each metric; None where a metric does not apply to it."""

    answerable: bool
    has_evidence: bool
    first_rank: int | None  # 1-based rank of the first relevant passage in the top 10, None if none
    evidence_recall: float | None  # share of snippets found in the top 5 (answerable with evidence)
    fact_recall: float | None  # share of answer_contains in the answer (answerable with answer_contains)
    citation_precision: float | None  # share of citations with evidence (answered, cited, with evidence)
    abstention_correct: bool  # abstained exactly when the question is unanswerable
    latency_ms: float
    sentences: int = 0  # sentences checked in the answer (for a model's answer: every sentence of its reply)
    supported_sentences: int = 0  # of those, the ones their citations support
    fallback: bool = False  # the model's answer was replaced by the extractive one


def _found(norm_texts: Sequence[str], snippet: str) -> bool:
    s = normalise(snippet)
    return any(s in t for t in norm_texts)


def relevant_ranks(texts: Sequence[str], evidence: Sequence[str], depth: int = RETRIEVAL_DEPTH) -> list[int]:
    """1-based ranks, within the first `depth`, of the texts that contain any evidence snippet."""
    snippets = [normalise(s) for s in evidence]
    ranks = []
    for rank, text in enumerate(texts[:depth], start=1):
        t = normalise(text)
        if any(s in t for s in snippets):
            ranks.append(rank)
    return ranks


def first_rank(ranks: Sequence[int]) -> int | None:
    """The best of `ranks`, or None when there is none."""
    return min(ranks) if ranks else None


def hit_rate(first_ranks: Sequence[int | None], k: int) -> float | None:
    """hit@k: share of questions whose first relevant passage ranks within k."""
    if not first_ranks:
        return None
    return sum(1 for r in first_ranks if r is not None and r <= k) / len(first_ranks)


def mean_reciprocal_rank(first_ranks: Sequence[int | None]) -> float | None:
    """MRR: mean of 1/rank of the first relevant passage, 0 for a question with none."""
    if not first_ranks:
        return None
    return sum(1 / r for r in first_ranks if r is not None) / len(first_ranks)


def evidence_recall(evidence: Sequence[str], texts: Sequence[str]) -> float | None:
    """Share of evidence snippets that occur in at least one of `texts`."""
    if not evidence:
        return None
    norm = [normalise(t) for t in texts]
    return sum(1 for s in evidence if _found(norm, s)) / len(evidence)


def fact_recall(answer: str, facts: Sequence[str]) -> float | None:
    """Share of required facts that the answer contains."""
    if not facts:
        return None
    norm = [normalise(answer)]
    return sum(1 for f in facts if _found(norm, f)) / len(facts)


def citation_precision(cited_texts: Sequence[str], evidence: Sequence[str]) -> float | None:
    """Share of cited passages that contain at least one evidence snippet."""
    if not cited_texts or not evidence:
        return None
    snippets = [normalise(s) for s in evidence]
    good = sum(1 for t in cited_texts if any(s in normalise(t) for s in snippets))
    return good / len(cited_texts)


def mean(values: Sequence[float | None]) -> float | None:
    """Arithmetic mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100), linear between closest ranks (numpy's default method)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _round(v: float | None, digits: int = 4) -> float | None:
    return None if v is None else round(v, digits)


def summarise(scores: Sequence[QuestionScores]) -> dict[str, float | int | None]:
    """The report's metrics, keyed by `METRIC_KEYS`; rates rounded to 4 places, latency to 0.1 ms."""
    answerable = [s for s in scores if s.answerable]
    retrieval = [s for s in answerable if s.has_evidence]
    firsts = [s.first_rank for s in retrieval]
    latencies = [s.latency_ms for s in scores]
    out: dict[str, float | int | None] = {
        "n": len(scores),
        "n_answerable": len(answerable),
        "n_unanswerable": len(scores) - len(answerable),
    }
    for k in RETRIEVAL_KS:
        out[f"hit@{k}"] = _round(hit_rate(firsts, k))
    out["mrr"] = _round(mean_reciprocal_rank(firsts))
    out["evidence_recall@5"] = _round(mean([s.evidence_recall for s in retrieval]))
    out["answer_fact_recall"] = _round(mean([s.fact_recall for s in answerable]))
    out["citation_precision"] = _round(mean([s.citation_precision for s in answerable]))
    out["abstention_accuracy"] = _round(mean([1.0 if s.abstention_correct else 0.0 for s in scores]))
    out["latency_ms_p50"] = _round(percentile(latencies, 50), 1)
    out["latency_ms_p95"] = _round(percentile(latencies, 95), 1)
    # Generated answers: share of checked sentences that were supported, and of questions that fell back.
    checked = sum(s.sentences for s in scores)
    out["supported_sentence_rate"] = _round(sum(s.supported_sentences for s in scores) / checked) if checked else None
    out["fallback_rate"] = _round(mean([1.0 if s.fallback else 0.0 for s in scores]))
    return out
