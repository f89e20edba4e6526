"""Citation markers [n]: numbering cited passages in order of first use, and reading markers back out of text.

Both answerers use this module: the extractive one numbers the passages it quotes with `Citer`; the
generative one splits a model's reply into sentences with `take_sentences` (the same function for a
whole reply and for a stream, so streamed and non-streamed answers are split identically), reads each
sentence's markers with `markers`, and renumbers the passages it keeps with `Citer` as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.types import Citation, Passage

__all__ = ["MARKER", "Citer", "RawSentence", "markers", "strip_markers", "take_sentences"]

# One marker: [3], or several numbers in one pair of brackets as models often write them: [1,2] [1、3].
MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*\]")
# A marker that may still be growing at the end of a streamed buffer: "[", "[1", "[1,", "[12, 3".
_PARTIAL_MARKER = re.compile(r"\[\s*(?:\d{1,3}(?:\s*[,，、]\s*(?:\d{1,3})?)*)?\s*$")
# Sentence ends: Chinese and ASCII end punctuation (with closing quotes or brackets), a line break, or
# an English full stop (a letter, CJK character or closing bracket before it and a space after it).
# Semicolons join the items of one sentence in these documents ("一是…；二是…。"): they do not end it.
_END_CHARS = "。！？!?"
_CLOSERS = "”’」』）)"
_MARKERS_AFTER = re.compile(r"(?:[ \t]*" + MARKER.pattern + r")+")


def markers(text: str) -> list[int]:
    """The citation numbers in `text`, in order of appearance, each once."""
    out: list[int] = []
    for m in MARKER.finditer(text):
        for n in re.split(r"\s*[,，、]\s*", m.group(1)):
            if int(n) not in out:
                out.append(int(n))
    return out


def strip_markers(text: str) -> str:
    """`text` without its [n] markers."""
    return MARKER.sub("", text).strip()


@dataclass(frozen=True)
class RawSentence:
    """A sentence of a model's reply as written (markers included) and what separated it from the next."""

    text: str
    sep: str  # "\n" when a line break ended it, else ""


def _sentence_end(buf: str, start: int, final: bool) -> int | None:
    """Index just past the sentence that starts at `start` (its end punctuation and trailing markers).

    None when the sentence is not complete yet: no end seen, or the end is so close to the end of the
    buffer that more markers (or the digits of 7.6) may still arrive. With `final`, the buffer's end
    ends the last sentence.
    """
    i = start
    n = len(buf)
    while i < n:
        c = buf[i]
        end = None
        if c == "\n":
            end = i  # the line break itself is the separator, not part of the sentence
        elif c in _END_CHARS:
            j = i + 1
            while j < n and (buf[j] in _END_CHARS or buf[j] in _CLOSERS):
                j += 1
            end = j
        elif c == "." and i > start and not buf[i - 1].isdigit():
            if i + 1 == n:
                if not final:
                    return None
                end = i + 1
            elif buf[i + 1] in " \t\n[":
                end = i + 1
        if end is not None:
            if c != "\n":
                m = _MARKERS_AFTER.match(buf, end)
                if m:
                    end = m.end()
                tail = buf[end:].lstrip(" \t")
                if not final and (not tail or (tail.startswith("[") and _PARTIAL_MARKER.fullmatch(tail))):
                    return None  # a marker may follow, or "…。[1" is still being written
            return end
        i += 1
    return n if final and start < n else None


def take_sentences(buf: str, final: bool = False) -> tuple[list[RawSentence], str]:
    """Split off the complete sentences at the start of `buf`; returns them and the unfinished rest.

    Markers right after a sentence's end punctuation belong to it ("…达到35家。[2]"); a half-written
    marker at the end of a stream is held back until it is complete.
    """
    out: list[RawSentence] = []
    pos = 0
    while pos < len(buf):
        end = _sentence_end(buf, pos, final)
        if end is None:
            break
        piece = buf[pos:end]
        rest = buf[end:]
        sep = ""
        skip = 0
        while skip < len(rest) and rest[skip] in " \t\n\r":
            if rest[skip] == "\n":
                sep = "\n"
            skip += 1
        if piece.strip():
            out.append(RawSentence(piece.strip(), sep))
        pos = end + skip
    return out, buf[pos:]


@dataclass
class Citer:
    """Numbers cited passages 1..m in order of first use; a passage cited twice keeps its number."""

    citations: list[Citation] = field(default_factory=list)
    _by_chunk: dict[str, Citation] = field(default_factory=dict)

    def cite(self, passage: Passage, sentence: str) -> int:
        c = self._by_chunk.get(passage.chunk_id)
        if c is None:
            c = Citation(len(self.citations) + 1, passage, [])
            self.citations.append(c)
            self._by_chunk[passage.chunk_id] = c
        if sentence and sentence not in c.sentences:
            c.sentences.append(sentence)
        return c.n
