"""Sentence splitting for Chinese government text, shared by the chunker and answer composition."""

from __future__ import annotations

import re

from index.lines import SENTENCE_CLOSERS, SENTENCE_END, char_class

__all__ = ["split_sentences"]

# A sentence ends at 。！？； (or ASCII !?;) plus any closing quotes/brackets that follow it, or at a line break.
_END = re.compile(
    rf"[^{SENTENCE_END}\n]*(?:{char_class(SENTENCE_END)}+{char_class(SENTENCE_CLOSERS)}*|\n|$)"
)


def split_sentences(text: str) -> list[str]:
    """Split into sentences, keeping the end punctuation; the pieces concatenate back to `text` minus newlines."""
    out = []
    for m in _END.finditer(text):
        s = m.group(0).strip()
        if s:
            out.append(s)
    return out
