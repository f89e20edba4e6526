"""The audit trail: who did what, when, from where, appended to SQLite (`ASSISTANT_AUDIT_DB`).

One row per action (question, upload, deletion, eval run, baseline save, feedback …) with the user,
role, UTC time, client address and a JSON detail. WAL mode and a busy timeout let several threads and
processes append at once without losing rows; every write is its own transaction on its own
connection. Feedback votes live in the same database (`feedback` table), read back by
`assistant feedback export`.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["AUDIT_FIELDS", "Actor", "AuditLog", "answer_detail", "events_csv", "parse_day"]

AUDIT_FIELDS = ("id", "time", "user", "role", "address", "action", "detail")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    user TEXT,
    role TEXT,
    address TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_time ON events(time);
CREATE INDEX IF NOT EXISTS events_user ON events(user);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    user TEXT,
    record TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Actor:
    """Who asks: the signed-in user (None without sign-in), their role and the client address."""

    user: str | None
    role: str
    address: str | None = None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_day(value: str, *, end: bool = False) -> str:
    """A date `YYYY-MM-DD` (or a full ISO time) as the ISO prefix used to compare stored times."""
    value = (value or "").strip()
    try:
        day = datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"date {value!r}: expected YYYY-MM-DD") from None
    return day.strftime("%Y-%m-%d") + ("T99" if end else "")


class AuditLog:
    """Append and query audit rows; safe across threads and processes (one connection per call)."""

    def __init__(self, path: Path, timeout_s: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(self.timeout_s * 1000)}")
            yield db
        finally:
            db.close()

    def _write(self, sql: str, params: tuple[Any, ...]) -> int:
        # BEGIN IMMEDIATE takes the write lock up front, so a busy database waits (busy_timeout) instead of
        # failing half-way; a transient lock error is retried a few times.
        for attempt in range(5):
            try:
                with self._connect() as db:
                    db.execute("BEGIN IMMEDIATE")
                    cur = db.execute(sql, params)
                    db.execute("COMMIT")
                    return int(cur.lastrowid or 0)
            except sqlite3.OperationalError:
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return 0

    def record(self, actor: Actor, action: str, **detail: Any) -> int:
        """Append one event; returns its id."""
        return self._write(
            "INSERT INTO events(time, user, role, address, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (_now(), actor.user, actor.role, actor.address, action,
             json.dumps(detail, ensure_ascii=False, default=str)),
        )

    def events(self, *, user: str | None = None, since: str | None = None, until: str | None = None,
               action: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Events oldest first; `since` / `until` are dates (YYYY-MM-DD, inclusive)."""
        where, params = [], []
        if user:
            where.append("user = ?")
            params.append(user)
        if since:
            where.append("time >= ?")
            params.append(parse_day(since))
        if until:
            where.append("time <= ?")
            params.append(parse_day(until, end=True))
        if action:
            where.append("action = ?")
            params.append(action)
        sql = "SELECT id, time, user, role, address, action, detail FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit:
            sql = f"SELECT * FROM ({sql[:-len(' ORDER BY id')]} ORDER BY id DESC LIMIT {int(limit)}) ORDER BY id"
        with self._connect() as db:
            rows = db.execute(sql, params).fetchall()
        return [{**dict(zip(AUDIT_FIELDS, r, strict=True)), "detail": json.loads(r[6])} for r in rows]

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    # --- feedback -----------------------------------------------------------------------------------
    def add_feedback(self, actor: Actor, record: dict[str, Any]) -> int:
        return self._write("INSERT INTO feedback(time, user, record) VALUES (?, ?, ?)",
                           (_now(), actor.user, json.dumps(record, ensure_ascii=False)))

    def feedback(self) -> list[dict[str, Any]]:
        """Every feedback record, oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT record FROM feedback ORDER BY id").fetchall()
        return [json.loads(r[0]) for r in rows]


def events_csv(events: list[dict[str, Any]]) -> str:
    """Events as CSV (the detail column holds JSON)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(AUDIT_FIELDS)
    for e in events:
        w.writerow([e["id"], e["time"], e["user"] or "", e["role"] or "", e["address"] or "", e["action"],
                    json.dumps(e["detail"], ensure_ascii=False)])
    return buf.getvalue()



def answer_detail(answer: Any, filters: dict[str, Any] | None, k: int | None = None) -> dict[str, Any]:
    """What the audit keeps of one answer: question (and its standalone rewrite), filters, text, citations."""
    a = answer.to_dict() if hasattr(answer, "to_dict") else dict(answer)
    rewritten = a.get("rewritten_question") or a.get("rewritten") or getattr(answer, "rewritten_question", None)
    return {
        "question": a.get("question"),
        "rewritten_question": rewritten,
        "filters": filters or {},
        "k": k,
        "answer": a.get("answer"),
        "abstained": bool(a.get("abstained")),
        "citations": [{"n": c.get("n"), "doc_id": c.get("doc_id"), "chunk_id": c.get("chunk_id")}
                      for c in a.get("citations") or []],
    }
