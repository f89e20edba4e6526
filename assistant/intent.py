"""What a question asks for, and which section headings answer that kind of question."""

from __future__ import annotations

import re
from enum import StrEnum

from assistant.cues import INTENT_CUES_FILE, CueFileError, has_any_cue, intent_cues

__all__ = ["Intent", "detect_intent", "heading_matches", "part_fits"]


class Intent(StrEnum):
    METADATA = "metadata"  # who proposed it, when it was answered, which agency: the document record
    SUGGESTIONS = "suggestions"  # what a proposal itself asked for (its 对策建议), not the reply
    COMMITMENTS = "commitments"  # promised / planned measures: the forward-looking sections
    PROBLEMS = "problems"
    WORK_DONE = "work_done"
    FIGURE = "figure"
    GENERAL = "general"


# The order of specificity in which question cues are tried: "what measures will…" is a commitment.
_ORDER = (Intent.METADATA, Intent.SUGGESTIONS, Intent.COMMITMENTS, Intent.PROBLEMS, Intent.WORK_DONE, Intent.FIGURE)


def _cue_table(section: str) -> dict[Intent, tuple[str, ...]]:
    """One section of prompts/intent_cues.json (question_cues or heading_cues), keyed by intent."""
    table = intent_cues()[section]
    unknown = set(table) - {i.value for i in Intent}
    if unknown:
        raise CueFileError(f"{INTENT_CUES_FILE} [{section}]: unknown intent {sorted(unknown)}")
    return {Intent(k): tuple(v) for k, v in table.items()}


_CUES = _cue_table("question_cues")  # question cues; English questions arrive with glossary intent terms
_HEADINGS = _cue_table("heading_cues")  # heading cues of the sections that answer each intent


def detect_intent(question: str) -> Intent:
    """The first matching intent in order of specificity; 'what measures will…' is a commitment."""
    q = question.lower()
    for intent in _ORDER:
        if has_any_cue(q, _CUES.get(intent, ())):
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
