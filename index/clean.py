"""Cleaning: undo what PDF extraction and web export do to Chinese text, one paragraph per line out.

Lines broken inside a sentence (PDF layout every ~30 characters, or a stray break such as
`华力电\\n\\n机`) are rejoined; real paragraph ends, headings, salutations and signature lines stay on
their own lines; page-number lines go; spaces inside Chinese text go (`5G 基站 7243 座` ->
`5G基站7243座`) while spaces inside Latin text stay; a figure set letter by letter (`1 9 9 7年`) is closed
up. Figures are never otherwise altered.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from index.lines import (
    CLOSERS,
    CN_NUMERALS,
    FULL_STOPS,
    LEAD_END,
    ORDINAL_NUMERALS,
    SENTENCE_END,
    heading_level,
    is_date_line,
    is_part_label,
    is_salutation,
    is_signature,
    words_pattern,
)

__all__ = ["clean_text", "display_width"]

# Characters around which a space is layout, not content: CJK ideographs and punctuation, full-width
# forms, and the quotes/dashes that Chinese text uses.
_CJK = (
    r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\ufe30-\ufe4f\uff00-\uffef“”‘’—…·《》]"
)
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK}) +| +(?={_CJK})")
# Single digits spaced out next to Chinese text (1 9 9 7年): one figure set letter by letter.
_SPACED_DIGITS = re.compile(rf"(?<![\d.])\d(?: \d)+(?![\d.])(?= *(?:{_CJK}|%))")
_ARTICLE = re.compile(rf"^(第[{ORDINAL_NUMERALS}\d]{{1,9}}[章节条编]) +(?=\S)")
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－─]{1,3}\s*\d{1,4}\s*[—–\-－─]{1,3}"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|[Pp]age\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
# A space run before a Chinese list marker inside a long line: a squashed paragraph or heading break
# (web exports flatten "…意见建议。 一、问题表现 一是…" onto one line).
_INLINE_BREAK = re.compile(
    rf"(?<=[{SENTENCE_END}\u4e00-\u9fff”）)])[ \t]+"
    rf"(?=[{CN_NUMERALS}]{{1,2}}(?:、|是)|[（(][{CN_NUMERALS}]{{1,2}}[）)])"
)
# A line that ends with these (closers aside) ends its sentence or lead clause.
_SENTENCE_END = set(LEAD_END)
_CLOSERS = set(CLOSERS)
# Line-initial characters that can only continue the previous line.
_CONTINUATION_START = set("，。、；：！？,.;:!?" + CLOSERS + "%")
_TITLE_WORDS = re.compile(rf"(?:{words_pattern('title_endings', 'speech_title_endings')})$")
# Wrapped (PDF) text: a line this close to the wrap width was broken by the layout, not by the author.
_FULL_LINE = 0.75
# Unwrapped text: only a long body line (with clause punctuation) that stops mid-word is a broken line.
_LONG_LINE = 60
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for c in range(r[0], r[1] + 1)}
_FULLWIDTH_ALNUM[0xFF05] = ord("%")


def display_width(s: str) -> int:
    """Width in half-width cells: a CJK character counts 2, as on the printed page."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _normalise_chars(text: str) -> str:
    """Line ends, invisible characters, odd spaces and full-width letters/digits to plain forms."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = re.sub(r"[\ufeff\u200b-\u200d\u2060\u00ad]", "", text)
    text = re.sub(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    text = text.translate(_FULLWIDTH_ALNUM)
    return re.sub(r"(?<=\d)．(?=\d)", ".", text)  # a full-width decimal point inside a number


def _ends_sentence(line: str) -> bool:
    """The line ends with sentence punctuation, possibly followed by closing quotes or brackets."""
    s = line.rstrip()
    while s and s[-1] in _CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in _SENTENCE_END


def _wrap_width(lines: list[str]) -> int | None:
    """The layout width of hard-wrapped text (most lines about equally wide), else None."""
    widths = [display_width(ln) for ln in lines]
    if len(widths) < 8:
        return None
    buckets = Counter(w // 4 for w in widths)
    best, _ = buckets.most_common(1)[0]
    cluster = [w for w in widths if best - 1 <= w // 4 <= best + 1]
    # wrapped: a large share of lines share one width, and that width is a text column, not a list
    if len(cluster) >= 6 and len(cluster) / len(widths) >= 0.4 and 40 <= max(cluster) <= 200:
        return max(cluster)
    return None


def _breaks_before(line: str) -> bool:
    """Lines that always start a new paragraph: headings, salutations, dates, page furniture, and the label
    that opens a request or response part (…谢谢\n答复：… is a citizen's message ending without a full stop)."""
    return heading_level(line) is not None or is_salutation(line) or is_date_line(line) or is_part_label(line)


def _joins(prev: str, nxt: str, wrap: int | None) -> bool:
    """Whether the break between two non-empty lines is layout (join) rather than a paragraph end."""
    if nxt[0] in _CONTINUATION_START:
        return True
    if _ends_sentence(prev) or _breaks_before(nxt) or is_salutation(prev) or is_date_line(prev):
        return False
    if heading_level(prev) is not None and not any(c in prev for c in FULL_STOPS):
        # a standalone heading (一、产业基本情况) ends its line; only a wrapped lead heading continues,
        # and never into the first 一是 item that opens the section
        return wrap is not None and display_width(prev) >= _FULL_LINE * wrap and not nxt.startswith("一是")
    if wrap is not None:
        return display_width(prev) >= _FULL_LINE * wrap and not is_signature(prev)
    # Unwrapped text breaks only by accident (华力电\n\n机): a long body line that stops mid-word.
    return (
        display_width(prev) >= _LONG_LINE
        and any(c in prev for c in "，、。；,;")
        and not _TITLE_WORDS.search(prev)
        and bool(_IDEOGRAPH.match(prev[-1]) or prev[-1].isalnum())
        and bool(_IDEOGRAPH.match(nxt[0]) or nxt[0].isalnum() or nxt[0] in "“‘《（(")
    )


def _glue(prev: str, nxt: str) -> str:
    """Join two pieces of one paragraph; Latin words keep a space between them."""
    if prev[-1].isascii() and prev[-1].isalpha() and nxt[0].isascii() and nxt[0].isalpha():
        return f"{prev} {nxt}"
    return prev + nxt


def clean_text(text: str) -> str:
    """Cleaned text with one paragraph per line (see the module docstring for what changes)."""
    text = _normalise_chars(text)
    lines: list[str] = []
    for raw in text.split("\n"):
        line = re.sub(r" {2,}", " ", raw).strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        lines.extend(p.strip() for p in _INLINE_BREAK.split(line) if p.strip())
    wrap = _wrap_width(lines)
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and _joins(paragraphs[-1], line, wrap):
            paragraphs[-1] = _glue(paragraphs[-1], line)
        else:
            paragraphs.append(line)
    return "\n".join(_tidy_spaces(p) for p in paragraphs)


def _tidy_spaces(paragraph: str) -> str:
    """Drop layout spaces next to CJK text; the space after 第一章 / 第一条 is the author's and stays.

    Letter-spaced figures of old typeset documents (1 9 9 7年, 7 4 7 7 2亿元, 1 1 %) are closed up.
    """
    paragraph = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), paragraph)
    paragraph = re.sub(r"(?<=\d) +(?=%)", "", paragraph)
    m = _ARTICLE.match(paragraph)
    if m:
        return f"{m.group(1)} {_SPACE_NEAR_CJK.sub('', paragraph[m.end():])}"
    return _SPACE_NEAR_CJK.sub("", paragraph)
