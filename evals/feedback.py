"""App feedback as eval questions: thumbs up/down (from the app's audit database or a feedback JSONL
file) become eval-set records (`evals.dataset.EvalItem`), so questions officials asked become
regression questions.

A feedback line: {"timestamp", "question", "answer", "abstained", "vote": "up"|"down", "comment",
"filters", "citations": [{"n", "doc_id", "chunk_id", "title", "text", "supporting"}]}.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from evals.dataset import FILTER_KEYS, EvalItem, item_from_record, normalise
from index.sentences import split_sentences

__all__ = ["eval_items", "export_feedback", "read_feedback", "write_eval_set"]


def read_feedback(path: Path) -> list[dict[str, Any]]:
    """Every well-formed line of a feedback file (a missing file is empty; broken lines are skipped)."""
    path = Path(path)
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and rec.get("question"):
            out.append(rec)
    return out


def _evidence(citation: Mapping[str, Any]) -> str:
    """What the eval should find in the retrieved passages: the cited sentence, else the passage's first."""
    supporting = [s for s in citation.get("supporting") or [] if s]
    if supporting:
        return str(supporting[0])
    sentences = split_sentences(citation.get("text") or "")
    return sentences[0] if sentences else ""


def _eval_item(rec: Mapping[str, Any], indexed: Container[str] | None,
               on_dropped: Callable[[str, str], None] | None) -> EvalItem:
    question = rec["question"]
    evidence: list[str] = []
    for c in rec.get("citations") or []:
        if indexed is not None and c.get("doc_id") not in indexed:
            if on_dropped is not None:
                on_dropped(question, str(c.get("doc_id")))
            continue  # its document left the index: the eval could never find this evidence
        e = _evidence(c)
        if normalise(e) and e not in evidence:
            evidence.append(e)
    item_id = "fb-" + hashlib.sha1(question.encode("utf-8")).hexdigest()[:10]
    return item_from_record({
        "id": item_id,
        "question": question,
        "evidence": evidence,
        # Kept simple: what the assistant did is taken as the expectation; a reviewer edits the
        # down-voted lines (a down-voted abstention usually means the answer was there after all).
        "answerable": not rec.get("abstained", False),
        "tags": ["feedback", rec.get("vote", "up")],
        "filters": {k: v for k, v in (rec.get("filters") or {}).items() if k in FILTER_KEYS},
        "comment": rec.get("comment") or "",
    }, default_id=item_id, where=f"feedback on {question[:40]!r}")


def eval_items(records: Iterable[Mapping[str, Any]], indexed: Container[str] | None = None,
               on_dropped: Callable[[str, str], None] | None = None) -> list[EvalItem]:
    """Eval-set records from feedback records (oldest first), one per question (its latest vote).

    With `indexed` (the doc ids of the index the set will run on), a citation of a document that is not
    in it gives no evidence; `on_dropped(question, doc_id)` hears of each.
    """
    latest: dict[str, Mapping[str, Any]] = {}
    for rec in (r for r in records if isinstance(r, Mapping) and r.get("question")):
        latest.pop(rec["question"], None)  # re-insert so the order follows the latest vote
        latest[rec["question"]] = rec
    return [_eval_item(r, indexed, on_dropped) for r in latest.values()]


def write_eval_set(items: Sequence[EvalItem], path: Path) -> Path:
    """Write records as an eval set (JSONL), creating the folder if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    return path


def export_feedback(feedback_path: Path, out_path: Path | None = None) -> list[EvalItem]:
    """Eval-set records from a feedback file, one per question (its latest vote); written to `out_path` if given."""
    items = eval_items(read_feedback(feedback_path))
    if out_path is not None:
        write_eval_set(items, out_path)
    return items
