"""Fit the learned rerank weights (prompts/rerank_model.json) on eval questions over indexed stores.

    python -m assistant.rerank_train --pair data/bench-ncpqa-54890=ncpqa:even \
        --pair <broad store>=evals/broad.jsonl:dev --out prompts/rerank_model.json

Each --pair names a store and the questions asked of it: `ncpqa:even` (every other NCPQA question, the
odd ones stay for measuring), `teddy2020:even`, or an eval-set file with an optional `:dev` split. For
every question the engine's candidates are scored with `rerank.learned_features`; a candidate is
relevant when its text holds an evidence snippet. The weights maximise the softmax likelihood of the
relevant candidates within each question's list (listwise logistic regression, L2-regularised), which
is what ranking needs; questions with no relevant candidate teach nothing and are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from assistant.rerank import LEARNED, MODEL_FILE, RerankModel, learned_features

__all__ = ["collect", "fit", "load_questions", "main"]


def load_questions(spec: str):
    """Eval items from `ncpqa[:even|odd]`, `teddy2020[:even|odd]` or `FILE.jsonl[:split]`."""
    from evals.benchmarks import benchmark_items
    from evals.dataset import load_dataset

    source, _, part = spec.partition(":")
    if source in ("ncpqa", "teddy2020"):
        items = benchmark_items(source)
        if part in ("even", "odd"):
            items = items[0 if part == "even" else 1 :: 2]
        return items
    items = load_dataset(source)
    if part:
        split = {}
        for line in Path(source).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                split[str(r.get("id"))] = r.get("split")
        items = [i for i in items if split.get(i.id) == part]
    return items


def collect(store: Path, items) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, labels) per answerable question with evidence, over the engine's candidates."""
    from assistant.api import build_assistant
    from assistant.config import Settings
    from assistant.retrieval import to_search_filter
    from assistant.types import Filters
    from evals.dataset import normalise

    a = build_assistant(Settings(store=store), create=False)
    r = a.retriever
    r.model = RerankModel({"engine": 1.0})
    out = []
    try:
        for item in items:
            if not item.answerable or not item.evidence:
                continue
            qa = r.analyse(item.question)
            hits = r.candidates(qa, to_search_filter(Filters.of(**(item.filters or {}))))
            if not hits:
                continue
            feats = learned_features(qa, [h.payload for h in hits], [h.score for h in hits])
            snippets = [normalise(e) for e in item.evidence]
            labels = np.array([any(s in normalise(h.payload.get("text") or "") for s in snippets) for h in hits], float)
            if labels.any():
                out.append((np.array([[f[n] for n in LEARNED] for f in feats]), labels))
    finally:
        a.close()
    return out


def fit(lists: list[tuple[np.ndarray, np.ndarray]], l2: float = 1e-3, steps: int = 2000, lr: float = 1.0) -> np.ndarray:
    """Listwise logistic regression: maximise the softmax mass on each list's relevant candidates."""
    w = np.zeros(len(LEARNED))
    w[LEARNED.index("engine")] = 1.0
    for _ in range(steps):
        grad = l2 * w
        for x, y in lists:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            target = y / y.sum()
            grad += x.T @ (p - target) / len(lists)
        w -= lr * grad
    return w


def main(argv: list[str] | None = None) -> int:
    from assistant.config import offline_environment

    offline_environment()
    ap = argparse.ArgumentParser(prog="python -m assistant.rerank_train", description=__doc__.splitlines()[0])
    ap.add_argument("--pair", action="append", required=True, help="STORE=QUESTIONS (see the module docstring)")
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--blend", type=float, default=0.3,
                    help="share of the fitted evidence added to the engine score (0.3 keeps the seed gate: "
                         "evidence_recall@5 0.948 vs 0.956; 0.5 gives 0.932, 1.0 gives 0.915)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    lists = []
    for pair in args.pair:
        store, _, spec = pair.partition("=")
        got = collect(Path(store), load_questions(spec))
        print(f"{spec}: {len(got)} questions with a relevant candidate", file=sys.stderr)
        lists += got
    w = fit(lists)
    weights = {n: round(float(v), 4) for n, v in zip(LEARNED, w, strict=True)}
    args.out.write_text(json.dumps({
        "weights": weights,
        "blend": args.blend,
        "trained_on": [p.partition("=")[2] for p in args.pair],
        "questions": len(lists),
        "command": "python -m assistant.rerank_train " + " ".join(f"--pair {p}" for p in args.pair),
        "seconds": round(time.perf_counter() - t0, 1),
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(weights), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
