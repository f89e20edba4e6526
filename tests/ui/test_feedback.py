"""Feedback: appended as JSONL with question, answer, citations and vote."""

from __future__ import annotations

import json

import pytest

from assistant.types import Answer, Citation, Passage
from assistant.ui.feedback import FeedbackStore, feedback_record


def _answer(question: str, abstained: bool = False) -> Answer:
    p = Passage(1, 1.0, "weihai-motor.txt", "weihai-motor.txt#2", "答复", "一、情况",
                "电机产业目前拥有规上企业35家。产品覆盖1500多个品种。", "2024-05-31", "威海市工业和信息化局", "威海市")
    if abstained:
        return Answer(question, "The documents do not say.", True, [], [p], language="en")
    return Answer(question, "产品覆盖1500多个品种。[1]", False, [Citation(1, p, ["产品覆盖1500多个品种。"])], [p])


def test_vote_is_appended_with_question_answer_and_citations(tmp_path):
    store = FeedbackStore(tmp_path / "sub" / "feedback.jsonl")
    store.append(feedback_record(_answer("有多少品种？"), "up", " 很好 ", {"region": "威海市"}))
    store.append(feedback_record(_answer("熊猫？", abstained=True), "down"))
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
        feedback_record(_answer("q"), "meh")
