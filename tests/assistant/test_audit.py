"""The audit trail in SQLite: concurrent writers (threads and processes) lose no rows; queries by user and day."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading

import pytest

from assistant.audit import Actor, AuditLog, events_csv

PER_WRITER = 60


def _write_many(path: str, who: str) -> None:
    log = AuditLog(path)
    for i in range(PER_WRITER):
        log.record(Actor(who, "reader", "10.0.0.1"), "ask", question=f"{who} 问题 {i}")


def test_concurrent_threads_and_processes_lose_no_rows(tmp_path):
    path = str(tmp_path / "audit.sqlite3")
    AuditLog(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(path, f"p{i}")) for i in range(3)]
    threads = [threading.Thread(target=_write_many, args=(path, f"t{i}")) for i in range(4)]
    for w in (*procs, *threads):
        w.start()
    for w in (*procs, *threads):
        w.join(timeout=120)
    assert all(p.exitcode == 0 for p in procs)
    log = AuditLog(path)
    events = log.events()
    assert len(events) == log.count() == 7 * PER_WRITER
    for who in ("p0", "p2", "t3"):
        mine = [e["detail"]["question"] for e in log.events(user=who)]
        assert mine == [f"{who} 问题 {i}" for i in range(PER_WRITER)]  # each writer's rows, in its order
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_events_filter_by_user_and_day_and_export_as_csv(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    log.record(Actor("li", "editor", "127.0.0.1"), "upload", files=["a.txt"])
    log.record(Actor("wang", "reader", "127.0.0.1"), "ask", question="威海？", answer="…", abstained=False)
    today = log.events()[0]["time"][:10]
    assert [e["action"] for e in log.events(user="wang")] == ["ask"]
    assert len(log.events(since=today, until=today)) == 2 and log.events(since="2999-01-01") == []
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        log.events(since="yesterday")
    csv_text = events_csv(log.events())
    assert csv_text.splitlines()[0] == "id,time,user,role,address,action,detail" and "威海？" in csv_text


def test_feedback_lives_in_the_same_database(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    log.add_feedback(Actor("wang", "reader"), {"question": "q1", "vote": "up"})
    log.add_feedback(Actor("li", "editor"), {"question": "q2", "vote": "down"})
    assert [r["question"] for r in log.feedback()] == ["q1", "q2"]
