"""Inputs checked at the edge (API endpoints and UI handlers) before they reach the Assistant.

Questions lose control and bidirectional-override characters and are capped in length; years must
lie in a sane range, `k` within 1..50; blanks and "any" mean no restriction. Every failure is an
`InputError` carrying a strings key, so the edge shows one readable line in the user's language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from assistant.types import Filters
from assistant.ui.i18n import t

__all__ = ["ANY_VALUES", "K_RANGE", "YEAR_RANGE", "InputError", "check_filters", "check_k", "check_year",
           "clean_text"]

YEAR_RANGE = (1949, 2100)
K_RANGE = (1, 50)
ANY_VALUES = ("", "any", "(any)", "（不限）", "不限")
# C0/C1 controls except tab and newline, and the Unicode bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069), marks U+200E/U+200F/U+061C: they can make text display unlike what it says.
_STRIP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class InputError(ValueError):
    """A rejected input: a strings key plus its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(t(key, "en", **params))
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def clean_text(text: Any, max_chars: int, *, what: str = "question") -> str:
    """Normalised (NFC) text without control or bidi characters, stripped; empty or too long is refused."""
    if text is not None and not isinstance(text, str):
        raise InputError("err.not_text", what=what)
    s = _STRIP.sub("", unicodedata.normalize("NFC", text or "")).strip()
    if not s:
        raise InputError(f"err.empty_{what}")
    if len(s) > max_chars:
        raise InputError("err.too_long", n=len(s), max=max_chars)
    return s


def check_year(value: Any, label: str) -> int | None:
    """A year from a dropdown, number box or API call: None when blank or "any"."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ANY_VALUES):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        f = float(str(value).strip())
    except ValueError:
        raise InputError("err.year", label=label, value=str(value)[:20], lo=YEAR_RANGE[0], hi=YEAR_RANGE[1]) from None
    if not math.isfinite(f) or f != int(f) or not YEAR_RANGE[0] <= f <= YEAR_RANGE[1]:
        raise InputError("err.year", label=label, value=str(value)[:20], lo=YEAR_RANGE[0], hi=YEAR_RANGE[1])
    return int(f)


def check_k(value: Any, lo: int = K_RANGE[0], hi: int = K_RANGE[1]) -> int:
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InputError("err.k", value=str(value)[:20], lo=lo, hi=hi) from None
    if not math.isfinite(f) or f != int(f) or not lo <= f <= hi:
        raise InputError("err.k", value=str(value)[:20], lo=lo, hi=hi)
    return int(f)


def _choice(v: Any) -> str | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise InputError("err.not_text", what="filter")
    s = _STRIP.sub("", v).strip()
    return None if s.lower() in ANY_VALUES else s[:200]


def check_filters(region=None, agency=None, doc_type=None, year_from=None, year_to=None) -> Filters:
    """Filters from UI or API inputs; either year may be given alone; from after to is refused."""
    y0, y1 = check_year(year_from, "year_from"), check_year(year_to, "year_to")
    if y0 is not None and y1 is not None and y0 > y1:
        raise InputError("err.year_order", y0=y0, y1=y1)
    return Filters.of(_choice(region), _choice(agency), _choice(doc_type), year_from=y0, year_to=y1)
