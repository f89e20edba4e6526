"""How dates are shown: ISO dates as they are, partial ones (a press report's "11月19日") without a made-up year."""

from __future__ import annotations

__all__ = ["display_date"]


def display_date(date: str | None, language: str = "en") -> str:
    """`2024-05-31` stays; `--11-19` (month and day, no year in the source) says the year is not stated."""
    if not date:
        return "日期不详" if language == "zh" else "undated"
    if date.startswith("--"):
        month, day = date[2:].split("-")
        if language == "zh":
            return f"{int(month)}月{int(day)}日（未注明年份）"
        return f"{int(month)}/{int(day)}, year not stated"
    return date
