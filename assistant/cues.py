"""Cue words as data: the word lists in prompts/ that question analysis and the answerer read, and how they match.

Each file is read once. A list that names the same word twice is rejected with the file and the list named,
since a duplicate usually means two edits that drifted apart. Chinese cues match anywhere in the text;
English cues (any Latin letter) only as whole words, so "plan" does not fire on "explanation".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "ANSWER_CUES_FILE", "CUES_FILE", "FOLLOWUP_CUES_FILE", "GENERIC_WORDS_FILE", "INTENT_CUES_FILE", "PROMPTS_DIR", "CueFileError",
    "alternation", "answer_cues", "cues", "followup_cues", "generic_words", "has_any_cue", "has_cue", "intent_cues", "load_json_cues",
    "load_word_list",
]

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
CUES_FILE = PROMPTS_DIR / "retrieval_cues.json"
INTENT_CUES_FILE = PROMPTS_DIR / "intent_cues.json"
ANSWER_CUES_FILE = PROMPTS_DIR / "answer_cues.json"
GENERIC_WORDS_FILE = PROMPTS_DIR / "question_generic_words.txt"
FOLLOWUP_CUES_FILE = PROMPTS_DIR / "followup_cues.json"


class CueFileError(ValueError):
    """A cue file that cannot be used: unreadable, malformed, or naming a word twice in one list."""


def _check_unique(words: Sequence[str], where: str) -> None:
    seen: set[str] = set()
    for w in words:
        if not isinstance(w, str) or not w.strip():
            raise CueFileError(f"{where}: every cue must be a non-empty string, got {w!r}")
        key = w.strip().lower()
        if key in seen:
            raise CueFileError(f"{where}: {w!r} is listed twice")
        seen.add(key)


def _check_lists(node: Any, where: str) -> None:
    """Every list in a JSON cue file, at any depth, holds distinct non-empty strings."""
    if isinstance(node, list):
        _check_unique(node, where)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("_"):
                _check_lists(value, f"{where} [{key}]")


def load_json_cues(path: Path) -> dict[str, Any]:
    """A JSON cue file (keys starting with "_" are comments); CueFileError on malformed JSON or a duplicate."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise CueFileError(f"{path}: cannot read cue file: {e}") from e
    if not isinstance(data, dict):
        raise CueFileError(f"{path}: expected a JSON object of cue lists")
    _check_lists(data, str(path))
    return data


def load_word_list(path: Path) -> tuple[str, ...]:
    """A text cue file: one word a line, "#" starts a comment line; CueFileError on a duplicate."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise CueFileError(f"{path}: cannot read cue file: {e}") from e
    words = tuple(s for s in (line.strip() for line in lines) if s and not s.startswith("#"))
    _check_unique(words, str(path))
    return words


@lru_cache(maxsize=1)
def cues(path: Path = CUES_FILE) -> dict[str, Any]:
    """The cue-word lists of prompts/retrieval_cues.json (question analysis)."""
    return load_json_cues(path)


@lru_cache(maxsize=1)
def intent_cues(path: Path = INTENT_CUES_FILE) -> dict[str, Any]:
    """prompts/intent_cues.json: question cues and heading cues per intent."""
    return load_json_cues(path)


@lru_cache(maxsize=1)
def answer_cues(path: Path = ANSWER_CUES_FILE) -> dict[str, Any]:
    """prompts/answer_cues.json: the words the extractive answerer looks for in questions and sentences."""
    return load_json_cues(path)


@lru_cache(maxsize=1)
def followup_cues(path: Path = FOLLOWUP_CUES_FILE) -> dict[str, Any]:
    """prompts/followup_cues.json: the words that mark a question leaning on the one before."""
    return load_json_cues(path)


@lru_cache(maxsize=1)
def generic_words(path: Path = GENERIC_WORDS_FILE) -> frozenset[str]:
    """prompts/question_generic_words.txt: question words that never count as key terms."""
    return frozenset(load_word_list(path))


def has_cue(low: str, cue: str) -> bool:
    """A Chinese cue anywhere in `low` (lowercased text); an English cue only as whole words."""
    if re.search(r"[a-z]", cue):
        return re.search(rf"(?<![a-z]){re.escape(cue.strip())}(?![a-z])", low) is not None
    return cue in low


def has_any_cue(low: str, cue_list: Iterable[str]) -> bool:
    return any(has_cue(low, c) for c in cue_list)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, in the file's order (for patterns built around a word list)."""
    return "|".join(re.escape(w) for w in words)
