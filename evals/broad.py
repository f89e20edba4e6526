"""The broad eval set's two halves: `dev` (tune on it) and `test` (report it, never tune on it).

Each line of evals/broad.jsonl carries, besides the eval-set fields, `split`: "dev" or "test". The
halves were drawn once by `assign_splits` (stratified by document kind x question kind) and are kept
in the file: questions added later get a half, existing ones never move (that would leak test
questions into tuning).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from evals.dataset import DatasetError, EvalItem, load_dataset

__all__ = ["DOC_KINDS", "QUESTION_KINDS", "SPLITS", "assign_splits", "load_split", "split_of", "stratum"]

SPLITS = ("dev", "test")
# The tags that name a question's document kind and question kind (one of each per question).
DOC_KINDS = ("gov_report", "citizen_message", "local_regulation", "national_law", "notice", "news", "seed", "none")
QUESTION_KINDS = ("figure", "who", "which", "where", "when", "why", "action", "list", "metadata", "article",
                  "comparison", "latest", "unanswerable")


def split_of(path: str | Path) -> dict[str, str]:
    """{question id: its split} from the file's `split` fields (lines without one are left out)."""
    out: dict[str, str] = {}
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # load_dataset reports it with its line
        split = record.get("split") if isinstance(record, dict) else None
        if split is None:
            continue
        if split not in SPLITS:
            raise DatasetError(f"{path}:{lineno}: \"split\" must be one of {', '.join(SPLITS)}, got {split!r}")
        out[str(record.get("id") or lineno)] = split
    return out


def load_split(path: str | Path, split: str | None = None) -> list[EvalItem]:
    """The eval set's questions, only those of `split` when given (an error if the file has no splits)."""
    items = load_dataset(path)
    if split is None:
        return items
    if split not in SPLITS:
        raise DatasetError(f"unknown split {split!r} (known: {', '.join(SPLITS)})")
    splits = split_of(path)
    if not splits:
        raise DatasetError(f"{path}: no line has a \"split\" field, so --split {split} selects nothing")
    chosen = [i for i in items if splits.get(i.id) == split]
    if not chosen:
        raise DatasetError(f"{path}: no question is in the {split} split")
    return chosen


def stratum(tags: Iterable[str]) -> tuple[str, str]:
    """(document kind, question kind) of a question, from its tags ("?" when a tag is missing)."""
    tags = list(tags)
    doc = next((t for t in tags if t in DOC_KINDS), "?")
    kind = next((t for t in tags if t in QUESTION_KINDS), "?")
    return doc, kind


def assign_splits(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records with `split` set; a record that already has one keeps it (the halves are drawn once).

    New records are placed one at a time, in id order within each stratum (document kind x question
    kind): into the half that holds fewer of that stratum, ties going to the half that is smaller
    overall, then to dev.
    """
    sizes = dict.fromkeys(SPLITS, 0)
    per_stratum: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(SPLITS, 0))
    for r in records:
        if r.get("split") in SPLITS:
            sizes[r["split"]] += 1
            per_stratum[stratum(r.get("tags") or [])][r["split"]] += 1
    chosen: dict[str, str] = {}
    new = sorted((r for r in records if r.get("split") not in SPLITS),
                 key=lambda r: (stratum(r.get("tags") or []), str(r["id"])))
    for r in new:
        counts = per_stratum[stratum(r.get("tags") or [])]
        half = min(SPLITS, key=lambda s: (counts[s], sizes[s], SPLITS.index(s)))
        chosen[str(r["id"])] = half
        counts[half] += 1
        sizes[half] += 1
    return [r if r.get("split") in SPLITS else {**r, "split": chosen[str(r["id"])]} for r in records]
