"""Chinese (and Latin) tokenisation for lexical retrieval: jieba with a domain user dictionary.

The segmenter is rjieba (jieba-rs, the Rust port of jieba: the same dictionary and HMM, about 16x
faster on crud_news text, which made tokenisation half of indexing time with Python jieba). Queries
and documents go through the same `Tokenizer.words`, so they always segment alike.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = ["STOPWORDS", "STOPWORDS_FILE", "USER_DICT", "Tokenizer", "get_tokenizer", "is_letter_place"]

USER_DICT = Path(__file__).parent / "data" / "userdict.txt"

STOPWORDS_FILE = Path(__file__).parent / "data" / "stopwords.txt"


def _stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    """index/data/stopwords.txt: function words and boilerplate that carry no retrieval signal; a word
    listed twice is refused (two edits that drifted apart)."""
    words = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    twice = sorted({w for w in words if words.count(w) > 1})
    if twice:
        raise ValueError(f"{path}: listed twice: {', '.join(twice)}")
    return frozenset(words)


STOPWORDS = _stopwords()

_KEEP = re.compile(r"[0-9a-z\u3400-\u9fff]")

# A place named by a code and its unit (A3区, J11市, A市: the message corpora's anonymised places). jieba
# otherwise joins the unit to the words after it (A3区洋湖街道 -> 区洋 / 湖, J11市住建局 -> 市住 / 建局), so the
# place's own name and the bureau's are lost to a question that writes them without the code. The unit
# closes the code's segment; a letter-only code (A市), whose letter alone is a stop word, is kept as one term.
_PLACE_UNITS = "市县区镇乡"
_PLACE_CODE = re.compile(rf"(?<![0-9a-z])([a-z])(\d{{0,2}})([{_PLACE_UNITS}])")
_LETTER_PLACE = re.compile(rf"[a-z][{_PLACE_UNITS}]")
# Part of the tokenizer's identity: a store segmented before this rule must be rebuilt.
_SEGMENT_RULES = "place codes close their segment"


class Tokenizer:
    """Segments text into lowercase terms: jieba search-mode words (rjieba), numbers and Latin words.

    Search mode emits both long words and their sub-words (数字化转型 -> 数字 / 数字化 / 转型 / 数字化转型),
    which lets a query phrased differently from the document still share terms with it.
    """

    def __init__(self, user_dict: Path | None = USER_DICT) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        words = _user_words(user_dict) if user_dict is not None and user_dict.exists() else []
        for word, freq, tag in words:
            self._jieba.add_word(word, freq, tag)
        self.identity = _identity(words)

    def words(self, text: str) -> list[str]:
        """All terms of `text` in order, stopwords and punctuation removed."""
        return self.words_nfkc(unicodedata.normalize("NFKC", text))

    def words_nfkc(self, text: str) -> list[str]:
        """`words` of a text already NFKC-normalised (normalising twice changes nothing, so it is skipped)."""
        text = text.lower()
        out: list[str] = []
        at = 0
        for m in _PLACE_CODE.finditer(text):
            out += self._cut(text[at:m.start()])
            letter, digits, unit = m.groups()
            out += [letter + digits, unit] if digits else [letter + unit, unit]
            at = m.end()
        return out + self._cut(text[at:]) if at else self._cut(text)

    def _cut(self, text: str) -> list[str]:
        return list(filter(None, map(_term, self._jieba.cut_for_search(text, True))))


@lru_cache(maxsize=1 << 20)
def _term(word: str) -> str:
    """A segment as a term, or "" for whitespace, punctuation and stopwords; decided once per distinct segment."""
    w = word.strip()
    return w if w and w not in STOPWORDS and _KEEP.search(w) else ""


def is_letter_place(term: str) -> bool:
    """Whether a term is a letter-only place code with its unit, as `Tokenizer.words` keeps one (A市 -> a市)."""
    return _LETTER_PLACE.fullmatch(term) is not None


def _user_words(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Lines of a jieba user dictionary: `word [freq] [tag]`."""
    out: list[tuple[str, int | None, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        out.append((parts[0], freq, tag))
    return out


def _identity(user_words: list[tuple[str, int | None, str | None]]) -> str:
    """What decides how text segments: the segmenter and its version, the user dictionary, the stop words."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        segmenter = f"rjieba {version('rjieba')}"
    except PackageNotFoundError:  # pragma: no cover - installed with the project
        segmenter = "rjieba"

    def digest(items: object) -> str:
        return hashlib.sha256(repr(items).encode("utf-8")).hexdigest()[:12]

    return (f"{segmenter}; user dictionary {digest(user_words)}; stop words {digest(sorted(STOPWORDS))}; "
            f"{_SEGMENT_RULES}")


@lru_cache(maxsize=1)
def get_tokenizer() -> Tokenizer:
    """The process-wide tokenizer (one dictionary in memory, shared by indexing and queries)."""
    return Tokenizer()
