"""Thumbs up/down from the app: appended to a JSONL file, exported as eval items.

One feedback line: {"timestamp", "question", "answer", "abstained", "vote": "up"|"down", "comment",
"filters", "citations": [{"n", "doc_id", "chunk_id", "title", "text", "supporting"}]}.
`export_feedback` turns the file into eval-set lines (the format of evals/seeds.jsonl), so that
questions officials asked become regression questions.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Any

from assistant.types import Answer
from index.sentences import split_sentences

__all__ = ["VOTES", "AuditFeedbackStore", "FeedbackStore", "export_feedback", "export_records", "feedback_record",
           "read_feedback"]

VOTES = ("up", "down")


def feedback_record(
    answer: Answer | dict[str, Any], vote: str, comment: str = "", filters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSONL line for one vote on one answer (an `Answer` or its `to_dict()`)."""
    if vote not in VOTES:
        raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
    a = answer.to_dict() if isinstance(answer, Answer) else answer
    return {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "question": a.get("question", ""),
        "answer": a.get("answer", ""),
        "abstained": bool(a.get("abstained")),
        "vote": vote,
        "comment": (comment or "").strip(),
        "filters": filters or {},
        "citations": [
            {
                "n": c.get("n"),
                "doc_id": c.get("doc_id"),
                "chunk_id": c.get("chunk_id"),
                "title": c.get("title"),
                "text": c.get("text", ""),
                "supporting": list(c.get("supporting") or []),
            }
            for c in a.get("citations") or []
        ],
    }


class FeedbackStore:
    """Appends feedback lines to one JSONL file; safe across the app's worker threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)

    def read(self) -> list[dict[str, Any]]:
        return read_feedback(self.path)


class AuditFeedbackStore:
    """Feedback kept in the audit database (`feedback` table), with the user who voted."""

    def __init__(self, audit: Any) -> None:
        self.audit = audit

    def append(self, record: dict[str, Any], actor: Any = None) -> None:
        from assistant.audit import Actor

        self.audit.add_feedback(actor or Actor(None, ""), record)
        self.audit.record(actor or Actor(None, ""), "feedback", question=record.get("question"),
                          vote=record.get("vote"), comment=record.get("comment"))

    def read(self) -> list[dict[str, Any]]:
        return self.audit.feedback()


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


def _evidence(citation: dict[str, Any]) -> str:
    """What the eval should find in the retrieved passages: the cited sentence, else the passage's first."""
    supporting = [s for s in citation.get("supporting") or [] if s]
    if supporting:
        return supporting[0]
    sentences = split_sentences(citation.get("text") or "")
    return sentences[0] if sentences else ""


def _eval_item(rec: dict[str, Any]) -> dict[str, Any]:
    question = rec["question"]
    evidence: list[str] = []
    for c in rec.get("citations") or []:
        e = _evidence(c)
        if e and e not in evidence:
            evidence.append(e)
    item: dict[str, Any] = {
        "id": "fb-" + hashlib.sha1(question.encode("utf-8")).hexdigest()[:10],
        "question": question,
        "evidence": evidence,
        # Kept simple: what the assistant did is taken as the expectation; a reviewer edits the
        # down-voted lines (a down-voted abstention usually means the answer was there after all).
        "answerable": not rec.get("abstained", False),
        "tags": ["feedback", rec.get("vote", "up")],
    }
    if rec.get("filters"):
        item["filters"] = rec["filters"]
    if rec.get("comment"):
        item["comment"] = rec["comment"]
    return item


def export_feedback(feedback_path: Path, out_path: Path | None = None) -> list[dict[str, Any]]:
    """Eval-format items from a feedback file, one per question (its latest vote); written to `out_path` if given."""
    return export_records(read_feedback(feedback_path), out_path)


def export_records(records: list[dict[str, Any]], out_path: Path | None = None) -> list[dict[str, Any]]:
    """Eval-format items from feedback records (oldest first), one per question (its latest vote)."""
    latest: dict[str, dict[str, Any]] = {}
    for rec in (r for r in records if isinstance(r, dict) and r.get("question")):
        latest.pop(rec["question"], None)  # re-insert so the order follows the latest vote
        latest[rec["question"]] = rec
    items = [_eval_item(r) for r in latest.values()]
    if out_path is not None:
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with out_path.open("w", encoding="utf-8") as f:
            for item in items:
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
    return items
