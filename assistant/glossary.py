"""English questions over the Chinese corpus: query terms translated through a domain glossary (a data file)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.dictionary import singular

__all__ = ["GLOSSARY_FILE", "SYNONYMS_FILE", "Entry", "Glossary", "Synonyms", "is_english", "load_glossary", "load_synonyms"]

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "prompts" / "glossary.tsv"
KINDS = ("place", "term", "intent")


@dataclass(frozen=True)
class Entry:
    english: tuple[str, ...]
    chinese: tuple[str, ...]
    kind: str


def _words(text: str) -> list[str]:
    """A text's lowercased words; a hyphen or any other mark separates them like a space."""
    return re.sub(r"[^a-z0-9&]+", " ", text.lower()).split()


def _folded(phrase: str) -> tuple[str, ...]:
    """A phrase's words, each in its singular form."""
    return tuple(singular(w) for w in _words(phrase))


class GlossaryError(ValueError):
    pass


def is_english(text: str) -> bool:
    """True when a question is written mainly in Latin script (CJK characters are a small minority)."""
    cjk = len(re.findall(r"[\u3400-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return latin > 0 and cjk * 3 < latin


class Glossary:
    """Longest-match translation of English phrases to Chinese terms."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        # A hyphen and a space are one separator ("land-requisition area" matches "land requisition"), and a
        # plural its singular ("government work reports" matches "government work report"): phrases are
        # matched word by word in their singular forms.
        phrases: list[tuple[tuple[str, ...], Entry]] = list({
            (f, e.english): (f, e) for e in entries for f in map(_folded, e.english)}.values())
        phrases.sort(key=lambda pe: -len(" ".join(pe[0])))
        self._phrases = phrases

    def translate(self, text: str) -> list[tuple[str, Entry]]:
        """The glossary entries found in `text`, each with the words that matched (as `text` writes them,
        lowercased, hyphens as spaces), longest phrases first."""
        words = _words(text)
        folded = [singular(w) for w in words]
        taken = [False] * len(words)
        found: list[tuple[str, Entry]] = []
        for phrase, entry in self._phrases:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if tuple(folded[i:i + n]) == phrase and not any(taken[i:i + n]):
                    # consumed: a shorter phrase inside it must not match again
                    taken[i:i + n] = [True] * n
                    surface = " ".join(words[i:i + n])
                    if (surface, entry) not in found:
                        found.append((surface, entry))
        return found

    def chinese_terms(self, text: str) -> list[str]:
        out: list[str] = []
        for _, e in self.translate(text):
            out.extend(t for t in e.chinese if t not in out)
        return out


def parse_glossary(text: str, source: str = "glossary") -> list[Entry]:
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith(("#", "english\t")):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            raise GlossaryError(f"{source}:{lineno}: expected 3 tab-separated columns, got {len(cols)}")
        en, zh, kind = (c.strip() for c in cols)
        english = tuple(p.strip() for p in en.split("|"))
        chinese = tuple(p.strip() for p in zh.split("|"))
        if kind not in KINDS:
            raise GlossaryError(f"{source}:{lineno}: kind must be one of {KINDS}, got {kind!r}")
        if not all(english) or any(p != p.lower() for p in english):
            raise GlossaryError(f"{source}:{lineno}: english phrases must be non-empty and lowercase")
        if not all(chinese) or not all(re.search(r"[\u3400-\u9fff]", c) or re.fullmatch(r"[0-9A-Z]+", c) for c in chinese):
            raise GlossaryError(f"{source}:{lineno}: chinese terms must be non-empty Chinese text")
        entries.append(Entry(english, chinese, kind))
    return entries


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_FILE) -> Glossary:
    return Glossary(parse_glossary(path.read_text(encoding="utf-8"), str(path)))


# --- Chinese abbreviations and everyday wordings, spelled out as the documents write them ---
SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "prompts" / "synonyms.tsv"


class Synonyms:
    """Terms a question may use (GDP, 个税, 酒驾) with the wordings documents use instead (国内生产总值 …)."""

    def __init__(self, entries: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        self.entries = entries

    def expand(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(term found in `text`, its spelled-out forms) for each entry; Latin terms match whole words only."""
        low = text.lower()
        found = []
        for terms, expansions in self.entries:
            for t in terms:
                hit = (re.search(rf"(?<![a-z]){re.escape(t)}(?![a-z])", low) if re.search(r"[a-z]", t)
                       else t in low)
                if hit:
                    found.append((t, tuple(e for e in expansions if e not in low)))
                    break
        return [(t, e) for t, e in found if e]


def parse_synonyms(text: str, source: str = "synonyms") -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith(("#", "term\t")):
            continue
        cols = line.split("\t")
        if len(cols) != 2:
            raise GlossaryError(f"{source}:{lineno}: expected 2 tab-separated columns, got {len(cols)}")
        terms = tuple(p.strip().lower() for p in cols[0].split("|"))
        expansions = tuple(p.strip() for p in cols[1].split("|"))
        if not all(terms) or not all(re.search(r"[\u3400-\u9fff]", e) for e in expansions):
            raise GlossaryError(f"{source}:{lineno}: terms must be non-empty and expansions Chinese text")
        entries.append((terms, expansions))
    return entries


@lru_cache(maxsize=4)
def load_synonyms(path: Path = SYNONYMS_FILE) -> Synonyms:
    return Synonyms(parse_synonyms(path.read_text(encoding="utf-8"), str(path)))
