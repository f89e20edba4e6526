"""The app's words: one JSON file per language (`strings/zh.json`, `strings/en.json`), Chinese first.

`t("chat.ask", "en")` looks a key up; `{name}` placeholders are filled from keyword arguments. A key
missing from a language falls back to Chinese, then to the key itself, so a gap shows, never breaks.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_LANG", "LANGS", "Labels", "lang_of", "strings", "t"]

STRINGS_DIR = Path(__file__).with_name("strings")
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


@cache
def strings(lang: str) -> dict[str, str]:
    """Every key of one language file."""
    return json.loads((STRINGS_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def lang_of(value: Any) -> str:
    """A supported language code from whatever the browser sent (anything else is Chinese)."""
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **kw: Any) -> str:
    text = strings(lang_of(lang)).get(key) or strings(DEFAULT_LANG).get(key) or key
    return text.format(**kw) if kw else text


class Labels:
    """The components whose words follow the language switch: each with the attributes and the keys
    (or functions of the language) that fill them. `updates(lang)` gives one update per component."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, dict[str, Any]]] = []

    def __call__(self, component: Any, **attrs: Any) -> Any:
        self.items.append((component, attrs))
        return component

    @property
    def components(self) -> list[Any]:
        return [c for c, _ in self.items]

    def updates(self, lang: str) -> list[dict[str, Any]]:
        import gradio as gr

        out = []
        for _, attrs in self.items:
            values: dict[str, Any] = {a: (k(lang) if callable(k) else t(k, lang)) for a, k in attrs.items()}
            out.append(gr.update(**values))
        return out
