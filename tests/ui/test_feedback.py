"""Feedback: appended as JSONL with question, answer, citations and vote."""

from __future__ import annotations

import json

import pytest

from assistant.ui.feedback import FeedbackStore, feedback_record
from tests.fakes import voted_answer


def test_vote_is_appended_with_question_answer_and_citations(tmp_path):
    store = FeedbackStore(tmp_path / "sub" / "feedback.jsonl")
    store.append(feedback_record(voted_answer("有多少品种？"), "up", " 很好 ", {"region": "威海市"}))
    store.append(feedback_record(voted_answer("熊猫？", abstained=True), "down"))
    lines = (tmp_path / "sub" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    rec = json.loads(lines[0])
    assert {"timestamp", "question", "answer", "vote", "comment", "citations"} <= set(rec)
    assert rec["vote"] == "up" and rec["comment"] == "很好" and rec["filters"] == {"region": "威海市"}
    assert rec["citations"][0]["doc_id"] == "weihai-motor.txt"
    assert rec["citations"][0]["chunk_id"] == "weihai-motor.txt#2"
    assert rec["citations"][0]["text"].startswith("电机产业")


def test_unknown_vote_is_refused():
    with pytest.raises(ValueError):
        feedback_record(voted_answer("q"), "meh")
