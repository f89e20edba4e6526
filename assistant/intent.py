"""What a question asks for, and which section headings answer that kind of question."""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["Intent", "detect_intent", "heading_matches", "part_fits"]


class Intent(str, Enum):
    METADATA = "metadata"  # who proposed it, when it was answered, which agency: the document record
    SUGGESTIONS = "suggestions"  # what a proposal itself asked for (its 对策建议), not the reply
    COMMITMENTS = "commitments"  # promised / planned measures: the forward-looking sections
    PROBLEMS = "problems"
    WORK_DONE = "work_done"
    FIGURE = "figure"
    GENERAL = "general"


# Question cues (Chinese; English questions arrive with glossary intent terms appended).
_CUES: dict[Intent, tuple[str, ...]] = {
    Intent.METADATA: ("谁提", "提案人", "建议人", "哪位委员", "哪位代表", "哪个单位提", "谁提出", "什么时候答复", "何时答复",
                      "答复时间", "哪天答复", "主办单位", "哪个部门答复", "who proposed", "who submitted",
                      "who made the proposal", "when was", "which agency replied", "who replied"),
    Intent.SUGGESTIONS: ("提了哪些建议", "提出了哪些建议", "对策建议", "提了哪些对策", "提出哪些对策", "提案建议",
                         "proposal suggest", "proposal ask", "proposer suggest"),
    Intent.COMMITMENTS: ("下步", "下一步", "计划", "打算", "承诺", "将要", "将如何", "今后", "措施", "举措",
                         "promise", "plan", "will ", "next step", "going forward", "measure"),
    Intent.PROBLEMS: ("问题", "短板", "不足", "困难", "瓶颈", "挑战", "problem", "shortcoming", "weakness",
                      "challenge", "difficult"),
    Intent.WORK_DONE: ("开展", "成效", "做了", "做法", "取得", "进展", "已经", "采取了", "done", "achiev",
                       "progress", "carried out"),
    Intent.FIGURE: ("多少", "几家", "几个", "几座", "数量", "比重", "增长", "how many", "how much", "number of",
                    "percentage", "growth"),
}

# Heading cues of the sections that answer each intent.
_HEADINGS: dict[Intent, tuple[str, ...]] = {
    Intent.SUGGESTIONS: ("建议", "对策"),
    Intent.COMMITMENTS: ("下步", "下一步", "打算", "计划", "今后", "措施", "举措", "工作思路", "努力方向"),
    Intent.PROBLEMS: ("问题", "短板", "不足", "困难", "瓶颈", "挑战", "现状及存在"),
    Intent.WORK_DONE: ("工作开展", "开展情况", "进展", "成效", "主要做法", "工作情况", "做法", "取得"),
}


def detect_intent(question: str) -> Intent:
    """The first matching intent in order of specificity; 'what measures will…' is a commitment."""
    q = question.lower()
    for intent in (Intent.METADATA, Intent.SUGGESTIONS, Intent.COMMITMENTS, Intent.PROBLEMS, Intent.WORK_DONE,
                   Intent.FIGURE):
        if any(cue in q for cue in _CUES[intent]):
            # "采取了哪些措施" asks what was done, not what is planned
            if intent is Intent.COMMITMENTS and re.search(r"(采取了|已经|开展了|做了).{0,6}措施", q):
                return Intent.WORK_DONE
            return intent
    return Intent.GENERAL


def heading_matches(intent: Intent, heading_path: tuple[str, ...] | list[str]) -> bool:
    """True when a passage's heading path names the kind of section this intent asks for."""
    cues = _HEADINGS.get(intent)
    if not cues:
        return False
    return any(cue in h for h in heading_path for cue in cues)


def part_fits(intent: Intent, part: str) -> bool:
    """Promises come from the reply, suggestions from the quoted proposal; other intents take either."""
    if intent is Intent.COMMITMENTS:
        return part != "proposal"
    if intent is Intent.SUGGESTIONS:
        return part == "proposal"
    return True
