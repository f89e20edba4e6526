"""Run an eval set against an assistant: one `search` and one `answer` call per question, in order.

Retrieval metrics come from `search(question, filters, k=10)`, answer metrics from
`answer(question, filters, k)`; the two may rank differently, so each is judged on its own output.

Passing rule, one question at a time (each failed check adds a reason):
- answerable: a relevant passage in the top k of search (when the question has evidence), not
  abstained, every `answer_contains` string in the answer, every citation's passage holding evidence
  (when the question has evidence);
- unanswerable: abstained.
Nothing is random and results keep the eval set's order, so two runs on one index give the same
report, latency aside.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.types import Answer, Filters, Passage
from evals.dataset import EvalItem, normalise
from evals.metrics import (
    RECALL_DEPTH,
    RETRIEVAL_DEPTH,
    QuestionScores,
    citation_precision,
    evidence_recall,
    fact_recall,
    first_rank,
    relevant_ranks,
    summarise,
)

__all__ = ["EvalReport", "EvalTarget", "PassageView", "QuestionResult", "run_eval"]

PREVIEW_CHARS = 80  # of a retrieved passage, in the Markdown failure list
PREVIEW_PASSAGES = 3


class EvalTarget(Protocol):
    """What the runner needs of an assistant: `assistant.api.Assistant` satisfies it, and so do fakes."""

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Passage]: ...

    def answer(self, question: str, filters: Filters | None = None, k: int = 5) -> Answer: ...


@dataclass(frozen=True)
class PassageView:
    """A retrieved passage as the failure list shows it."""

    rank: int
    chunk_id: str
    title: str
    heading: str
    preview: str  # the first PREVIEW_CHARS characters of its text
    heading_path: tuple[str, ...] = ()

    @classmethod
    def of(cls, rank: int, p: Passage) -> PassageView:
        return cls(rank, p.chunk_id, p.title, p.heading, " ".join(p.text.split())[:PREVIEW_CHARS], p.heading_path)


@dataclass
class QuestionResult:
    """One question's outcome; `to_dict` gives the report's `per_question` entry."""

    id: str
    question: str
    tags: list[str]
    ranks: list[int]  # 1-based ranks of relevant passages in the search top 10
    first_rank: int | None
    hit: bool  # a relevant passage within the top k
    answer: str
    abstained: bool
    citations: list[str]  # chunk ids, in citation order
    passed: bool
    reasons: list[str]
    answerable: bool = True
    evidence: list[str] = field(default_factory=list)
    answer_contains: list[str] = field(default_factory=list)
    top: list[PassageView] = field(default_factory=list)
    scores: QuestionScores | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "tags": list(self.tags),
            "ranks": list(self.ranks),
            "first_rank": self.first_rank,
            "hit": self.hit,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": list(self.citations),
            "passed": self.passed,
            "reasons": list(self.reasons),
        }


@dataclass
class EvalReport:
    """Metrics over an eval set plus every question's result; `to_dict` is the JSON report."""

    k: int
    metrics: dict[str, float | int | None]
    questions: list[QuestionResult]

    def to_dict(self) -> dict[str, Any]:
        return {**self.metrics, "per_question": [q.to_dict() for q in self.questions]}

    @property
    def failures(self) -> list[QuestionResult]:
        return [q for q in self.questions if not q.passed]

    def by_tag(self) -> dict[str, dict[str, float | int | None]]:
        """The metrics of each tag's questions, tags in sorted order, plus the share that passed."""
        tags = sorted({t for q in self.questions for t in q.tags})
        out: dict[str, dict[str, float | int | None]] = {}
        for tag in tags:
            subset = [q for q in self.questions if tag in q.tags]
            row = summarise([q.scores for q in subset if q.scores is not None])
            row["passed"] = round(sum(q.passed for q in subset) / len(subset), 4)
            out[tag] = row
        return out


def run_eval(
    assistant: EvalTarget,
    items: Sequence[EvalItem],
    k: int = 5,
    *,
    on_progress: Callable[[EvalItem], None] | None = None,
) -> EvalReport:
    """Ask every question once through `search` and once through `answer`, and score the results."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    results = []
    for item in items:
        results.append(_evaluate(assistant, item, k))
        if on_progress:
            on_progress(item)
    return EvalReport(k=k, metrics=summarise([r.scores for r in results if r.scores]), questions=results)


def _evaluate(assistant: EvalTarget, item: EvalItem, k: int) -> QuestionResult:
    filters = item.to_filters()
    passages = list(assistant.search(item.question, filters, k=max(RETRIEVAL_DEPTH, k)))
    t0 = time.perf_counter()
    ans = assistant.answer(item.question, filters, k=k)
    elapsed_ms = (time.perf_counter() - t0) * 1000
    # The assistant's own figure when it reports one, else our stopwatch round the call.
    latency = float(ans.latency_ms) if ans.latency_ms else elapsed_ms

    texts = [p.text for p in passages]
    has_evidence = bool(item.evidence)
    ranks = relevant_ranks(texts, item.evidence) if has_evidence else []
    hit = bool(relevant_ranks(texts, item.evidence, depth=k)) if has_evidence else False
    cited = [c.passage.text for c in ans.citations]

    reasons: list[str] = []
    if item.answerable:
        if has_evidence and not hit:
            reasons.append(f"no evidence in top {k}")
        if ans.abstained:
            reasons.append("abstained on an answerable question")
        else:
            answer_norm = normalise(ans.answer)
            reasons += [f"answer lacks {f!r}" for f in item.answer_contains if normalise(f) not in answer_norm]
            if has_evidence:
                reasons += [
                    f"citation [{c.n}] has no evidence"
                    for c in ans.citations
                    if not relevant_ranks([c.passage.text], item.evidence)
                ]
    elif not ans.abstained:
        reasons.append("should have abstained")

    answered = item.answerable and not ans.abstained
    scores = QuestionScores(
        answerable=item.answerable,
        has_evidence=has_evidence,
        first_rank=first_rank(ranks),
        evidence_recall=evidence_recall(item.evidence, texts[:RECALL_DEPTH]) if item.answerable else None,
        fact_recall=fact_recall(ans.answer, item.answer_contains) if item.answerable else None,
        citation_precision=citation_precision(cited, item.evidence) if answered else None,
        abstention_correct=ans.abstained != item.answerable,
        latency_ms=latency,
        # an abstention's sentence ("I don't know") is not a claim: only answers count
        sentences=0 if ans.abstained else len(getattr(ans, "checks", None) or []),
        supported_sentences=0 if ans.abstained else sum(1 for c in getattr(ans, "checks", None) or []
                                                        if c.get("supported")),
        fallback=bool(getattr(ans, "fallback", None)),
    )
    return QuestionResult(
        id=item.id,
        question=item.question,
        tags=list(item.tags),
        ranks=ranks,
        first_rank=scores.first_rank,
        hit=hit,
        answer=ans.answer,
        abstained=ans.abstained,
        citations=[c.passage.chunk_id for c in ans.citations],
        passed=not reasons,
        reasons=reasons,
        answerable=item.answerable,
        evidence=list(item.evidence),
        answer_contains=list(item.answer_contains),
        top=[PassageView.of(i, p) for i, p in enumerate(passages[:PREVIEW_PASSAGES], start=1)],
        scores=scores,
    )
