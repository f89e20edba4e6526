"""The eval set: JSONL, one question per line, loaded into typed `EvalItem` records.

A line looks like
    {"id": "q001", "question": "…", "evidence": ["…"], "answer_contains": ["…"], "answerable": true,
     "filters": {"region": "威海市"}, "tags": ["commitments", "zh"]}
Only `question` is required. Snippets are compared after `normalise` (NFKC, then no whitespace).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.types import Filters

__all__ = ["FILTER_KEYS", "DatasetError", "EvalItem", "contains", "item_from_record", "load_dataset", "normalise"]

# The keyword arguments of `Filters.of`; anything else in a line's "filters" is a mistake in the file.
FILTER_KEYS = ("region", "agency", "doc_type", "year", "year_from", "year_to")

# Zero-width characters survive NFKC and are invisible; scraped government pages are full of them.
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


class DatasetError(ValueError):
    """An eval set that cannot be used; the message names the file and line to fix."""


def normalise(text: str) -> str:
    """Unicode NFKC (full-width → half-width), then every whitespace character removed."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))


def contains(text: str, snippet: str) -> bool:
    """Whether `snippet` occurs in `text`, both normalised."""
    return normalise(snippet) in normalise(text)


@dataclass(frozen=True)
class EvalItem:
    """One question of an eval set and what a good response to it must show."""

    id: str
    question: str
    evidence: tuple[str, ...] = ()  # a passage is relevant when it contains any of these
    answer_contains: tuple[str, ...] = ()  # the answer must contain every one of these
    answerable: bool = True  # False: the assistant must abstain
    filters: dict[str, Any] = field(default_factory=dict, hash=False)  # keyword arguments of Filters.of
    tags: tuple[str, ...] = ()
    comment: str = ""  # a reviewer's or voter's note (e.g. from app feedback); not used in scoring

    def to_filters(self) -> Filters | None:
        """The `Filters` this question is asked with, or None for no restriction."""
        return Filters.of(**self.filters) if self.filters else None

    def to_dict(self) -> dict[str, Any]:
        """The record as one line of an eval set."""
        out = {
            "id": self.id,
            "question": self.question,
            "evidence": list(self.evidence),
            "answer_contains": list(self.answer_contains),
            "answerable": self.answerable,
            "filters": dict(self.filters),
            "tags": list(self.tags),
        }
        if self.comment:
            out["comment"] = self.comment
        return out


def load_dataset(path: str | Path) -> list[EvalItem]:
    """Read an eval set; a malformed line raises `DatasetError` naming the file and the line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such eval set") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DatasetError(f"{path}: cannot read the eval set: {e}") from None
    items: list[EvalItem] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise DatasetError(f"{where}: not valid JSON ({e.msg} at column {e.colno})") from None
        item = item_from_record(record, default_id=str(lineno), where=where)
        if item.id in seen:
            raise DatasetError(f"{where}: id {item.id!r} is already used on line {seen[item.id]}")
        seen[item.id] = lineno
        items.append(item)
    if not items:
        raise DatasetError(f"{path}: the eval set holds no questions")
    return items


def item_from_record(record: Any, *, default_id: str, where: str) -> EvalItem:
    """Validate one decoded line; `where` (file:line) prefixes every error message."""
    if not isinstance(record, dict):
        raise DatasetError(f"{where}: expected a JSON object, got {type(record).__name__}")
    question = record.get("question")
    if not isinstance(question, str) or not question.strip():
        raise DatasetError(f"{where}: missing \"question\" (a non-empty string)")
    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        item_id = default_id
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        item_id = str(raw_id)
    else:
        raise DatasetError(f"{where}: \"id\" must be a string or an integer")
    answerable = record.get("answerable", True)
    if not isinstance(answerable, bool):
        raise DatasetError(f"{where}: \"answerable\" must be true or false")
    comment = record.get("comment") or ""
    if not isinstance(comment, str):
        raise DatasetError(f"{where}: \"comment\" must be a string")
    return EvalItem(
        id=item_id,
        question=question.strip(),
        evidence=_snippets(record.get("evidence"), "evidence", where),
        answer_contains=_snippets(record.get("answer_contains"), "answer_contains", where),
        answerable=answerable,
        filters=_filters(record.get("filters"), where),
        tags=_tags(record.get("tags"), where),
        comment=comment,
    )


def _snippets(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DatasetError(f"{where}: \"{name}\" must be a list of strings")
    if any(not normalise(v) for v in value):
        # An empty snippet would be found in every passage and make every question pass.
        raise DatasetError(f"{where}: \"{name}\" holds an empty string")
    return tuple(value)


def _tags(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DatasetError(f"{where}: \"tags\" must be a list of strings")
    return tuple(value)


def _filters(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DatasetError(f"{where}: \"filters\" must be an object such as {{\"region\": \"威海市\"}}")
    unknown = sorted(set(value) - set(FILTER_KEYS))
    if unknown:
        raise DatasetError(f"{where}: unknown filter {unknown[0]!r} (known: {', '.join(FILTER_KEYS)})")
    try:
        Filters.of(**value)
    except (TypeError, ValueError):
        raise DatasetError(f"{where}: \"filters\" has a year that is not a number: {value}") from None
    return {k: value[k] for k in FILTER_KEYS if value.get(k) not in (None, "")}
