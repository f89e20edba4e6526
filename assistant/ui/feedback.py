"""Thumbs up/down from the app: kept in the audit database, or appended to a JSONL file.

One feedback line: {"timestamp", "question", "answer", "abstained", "vote": "up"|"down", "comment",
"filters", "citations": [{"n", "doc_id", "chunk_id", "title", "text", "supporting"}]}.
`evals.feedback` turns them into eval-set records (`assistant feedback export`).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.types import Answer
from evals.feedback import read_feedback

if TYPE_CHECKING:
    from assistant.audit import Actor, AuditLog

__all__ = ["VOTES", "AuditFeedbackStore", "FeedbackStore", "feedback_record"]

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

    def append(self, record: dict[str, Any], actor: Actor | None = None) -> None:
        """Append one line (the file keeps no user: `actor` is for the audit database's store)."""
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)

    def read(self) -> list[dict[str, Any]]:
        return read_feedback(self.path)


class AuditFeedbackStore:
    """Feedback kept in the audit database (`feedback` table), with the user who voted."""

    def __init__(self, audit: AuditLog) -> None:
        self.audit = audit

    def append(self, record: dict[str, Any], actor: Actor | None = None) -> None:
        from assistant.audit import Actor

        self.audit.add_feedback(actor or Actor(None, ""), record)
        self.audit.record(actor or Actor(None, ""), "feedback", question=record.get("question"),
                          vote=record.get("vote"), comment=record.get("comment"))

    def read(self) -> list[dict[str, Any]]:
        feedback: list[dict[str, Any]] = self.audit.feedback()
        return feedback
