"""Sweep the answerer's abstention threshold over an eval set and print what each value would do.

    python -m assistant.calibrate --store STORE --questions evals/broad.jsonl:dev

For every question the evidence score the threshold is compared with (`ExtractiveAnswerer.support`) is
computed once; each threshold then answers the answerable questions whose score reaches it and
abstains on the unanswerable ones whose score does not (or that are abstained on for another reason:
wrong region, year or document). The suggested value maximises the mean of the two rates (ties: the
lower threshold); the accuracy over the set's own mix (the eval's abstention_accuracy) is printed beside
it. Check a suggestion against the seed gate before adopting it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main", "sweep"]

GRID = tuple(round(0.05 * i, 2) for i in range(17))  # 0.00 … 0.80


def sweep(scores: list[tuple[bool, float | None]], grid=GRID) -> list[tuple[float, float, float]]:
    """(threshold, answered share of answerable, abstained share of unanswerable) per threshold."""
    ans = [s for a, s in scores if a]
    una = [s for a, s in scores if not a]
    rows = []
    for t in grid:
        answered = sum(1 for s in ans if s is not None and s >= t) / len(ans) if ans else 0.0
        abstained = sum(1 for s in una if s is None or s < t) / len(una) if una else 0.0
        rows.append((t, answered, abstained))
    return rows


def main(argv: list[str] | None = None) -> int:
    from assistant.config import offline_environment

    offline_environment()
    from assistant.answer import ExtractiveAnswerer
    from assistant.api import build_assistant
    from assistant.config import Settings
    from assistant.rerank_train import load_questions
    from assistant.types import Filters

    ap = argparse.ArgumentParser(prog="python -m assistant.calibrate", description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--questions", required=True, help="FILE.jsonl[:split], e.g. evals/broad.jsonl:dev")
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args(argv)
    a = build_assistant(Settings(store=args.store), create=False)
    answerer = a.answerer
    scores: list[tuple[bool, float | None]] = []
    try:
        if not isinstance(answerer, ExtractiveAnswerer):
            raise SystemExit("calibrate: the support threshold is the extractive answerer's; "
                             "unset ASSISTANT_ANSWERER (it is set to another answerer)")
        for item in load_questions(args.questions):
            qa = a.retriever.analyse(item.question)
            a.retriever.weigh(qa)
            passages = a.retriever.retrieve(qa, Filters.of(**(item.filters or {})), k=args.k)
            scores.append((item.answerable, answerer.support(qa, passages)))
    finally:
        a.close()
    rows = sweep(scores)
    n_ans = sum(1 for x, _ in scores if x)
    print(f"{args.questions}: {n_ans} answerable, {len(scores) - n_ans} unanswerable")
    n_una = len(scores) - n_ans

    def accuracy(r: tuple[float, float, float]) -> float:
        return (r[1] * n_ans + r[2] * n_una) / len(scores) if scores else 0.0

    print("| support | answered (answerable) | abstained (unanswerable) | mean | accuracy |")
    print("|---:|---:|---:|---:|---:|")
    for r in rows:
        t, x, y = r
        print(f"| {t:.2f} | {x:.3f} | {y:.3f} | {(x + y) / 2:.3f} | {accuracy(r):.3f} |")
    best = max(rows, key=lambda r: (round((r[1] + r[2]) / 2, 6), -r[0]))
    print(f"suggested: support = {best[0]:.2f} (highest mean of the two rates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
