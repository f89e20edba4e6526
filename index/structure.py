"""Document structure: the section tree and the blocks (paragraphs in reading order) of a cleaned text.

Headings come from Chinese numbering: level 1 一、 / 第X章 (and, in documents without such numbering,
short standalone subtitles as in press reports), level 2 （一） / 第X条, level 3 1. / 1、 / （1）,
level 4 the 一是 / 二是 items inside a paragraph. A document splits into parts that never share a
chunk: "front" (header fields, title, salutation, 现答复如下), "body" and "proposal" (the original
proposal text that a web export appends after the reply). A document whose lines are labelled
(留言：… / 答复：…, 来信 / 回复, 问 / 答; index/data/parts.json) splits into "request" and "body" runs.
What a line is (heading, salutation, date, signature) and where the parts lie come from index/lines.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.lines import (
    CLAUSE_END,
    LEAD_END,
    MAX_TITLE,
    PHRASE_PUNCT,
    REQUEST_PARTS,
    SENTENCE_END,
    article_refs,
    chinese_numeral,
    heading_level,
    heading_title,
    is_article,
    is_byline,
    is_date_line,
    is_salutation,
    is_signature,
    is_standalone_heading,
    is_thanks,
    item_number,
    items_in,
    labelled_parts,
    layout_of,
    quoted_proposal_title,
    to_chinese_numeral,
)
from index.types import Block, Layout, Section

# The line-level helpers are re-exported: they were first written here and callers import them from here.
__all__ = [
    "REQUEST_PARTS",
    "article_refs",
    "chinese_numeral",
    "heading_level",
    "heading_title",
    "is_byline",
    "is_date_line",
    "is_salutation",
    "is_signature",
    "labelled_parts",
    "parse_structure",
    "quoted_proposal_title",
    "split_items",
    "to_chinese_numeral",
]


def _lead_clause(text: str) -> str:
    """The first clause of an item, up to its first comma or full stop, at most ~40 chars."""
    cut = next((i for i, c in enumerate(text) if c in CLAUSE_END), len(text))
    if cut > MAX_TITLE:
        # cut after a closing bracket or quote rather than inside a quoted title (《…》(淄人社字…)
        close = max(text.rfind(c, 0, MAX_TITLE) for c in "》”）)」")
        cut = close + 1 if close >= MAX_TITLE // 2 else MAX_TITLE
    return text[:cut].strip()


def split_items(text: str, continues_from: int = 0) -> list[tuple[str | None, str]]:
    """Split a paragraph at its 一是 / 二是 … items: [(lead clause or None for text before them, text)].

    Items must count up in order; a paragraph that does not start with one needs at least two (so a
    stray 一是 inside a sentence is not an item). `continues_from` is the number of the item that ended
    the previous paragraph, so a paragraph may open with 二是 after one that held 一是.
    """
    starts: list[int] = []
    expected = None
    for start, n in items_in(text):
        if expected is None:
            at_start = start == 0
            if n == 1 or (at_start and n == continues_from + 1 and continues_from):
                expected = n
            else:
                continue
        if n != expected:
            continue
        starts.append(start)
        expected += 1
    if not starts or (starts[0] != 0 and len(starts) < 2):
        return [(None, text)]
    out: list[tuple[str | None, str]] = []
    if starts[0] > 0 and text[: starts[0]].strip():
        out.append((None, text[: starts[0]].strip()))
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        seg = text[a:b].strip()
        out.append((_lead_clause(seg), seg))
    return out


@dataclass
class _Builder:
    """Accumulates blocks and the section tree of one part, with its own heading stack."""

    part: str
    subtitles: bool  # short unnumbered lines are level-1 headings (documents without 一、)
    blocks: list[Block] = field(default_factory=list)
    roots: list[Section] = field(default_factory=list)
    stack: list[Section] = field(default_factory=list)
    last_item: int = 0  # number of the 一是 item that ended the previous paragraph

    def path(self) -> tuple[str, ...]:
        return tuple(s.title for s in self.stack)

    def open(self, title: str, level: int) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        section = Section(title=title, level=level, part=self.part)
        (self.stack[-1].children if self.stack else self.roots).append(section)
        self.stack.append(section)

    def _in_article(self) -> bool:
        """Whether the innermost section of level 1–2 is an article (第X条)."""
        head = next((sec for sec in reversed(self.stack) if sec.level <= 2), None)
        return head is not None and is_article(head.title)

    def paragraph(self, text: str) -> None:
        items = split_items(text, self.last_item)
        path = self.path()
        self.last_item = 0
        for lead, seg in items:
            if lead is None:
                self.blocks.append(Block(path, seg, self.part))
                continue
            item = Section(title=lead, level=4, part=self.part)
            (self.stack[-1].children if self.stack else self.roots).append(item)
            self.blocks.append(Block((*path, lead), seg, self.part))
            self.last_item = item_number(lead[: lead.index("是")])

    def line(self, line: str, next_line: str | None) -> None:
        level = heading_level(line)
        if level is not None:
            article = is_article(line)
            if level == 2 and not article and self._in_article():
                level = 3  # the items （一）（二） of an article belong to it, not beside it
            self.open(heading_title(line), level)
            # an article is provision text even when short ("第四条 …按照以下标准分类："): never a bare heading
            if article or not is_standalone_heading(line):
                self.paragraph(line)
            else:
                self.last_item = 0
            return
        if self.subtitles and _is_subtitle(line, next_line):
            self.open(line.strip(), 1)
            self.last_item = 0
            return
        if self.stack and _is_colon_heading(line, next_line):
            # an unnumbered lead-in such as 目前存在的问题： heads the items that follow it
            self.open(line.rstrip("：:").strip(), min(self.stack[-1].level + 1, 3))
            self.last_item = 0
            return
        if self.stack and is_thanks(line):
            # the closing thanks belongs to the whole reply, not to its last section
            self.stack.clear()
        self.paragraph(line)


def _is_subtitle(line: str, next_line: str | None) -> bool:
    """A short standalone line without punctuation, followed by a paragraph: a press-report subtitle."""
    s = line.strip()
    if next_line is None or not (4 <= len(s) <= 30):
        return False
    if any(c in s for c in LEAD_END) or is_date_line(s) or is_signature(s) or is_byline(s):
        return False
    return heading_level(next_line) is None and not _is_subtitle_like(next_line)


def _is_colon_heading(line: str, next_line: str | None) -> bool:
    """A short line that only announces what follows (目前存在的问题：), not a sentence or salutation."""
    s = line.strip()
    return (
        next_line is not None
        and 3 <= len(s) <= 21
        and s[-1] in "：:"
        and not any(c in s[:-1] for c in PHRASE_PUNCT)
        and not is_salutation(s)
        and heading_level(next_line) is None
    )


def _is_subtitle_like(line: str) -> bool:
    s = line.strip()
    return len(s) <= 30 and not any(c in s for c in SENTENCE_END)


def parse_structure(text: str, layout: Layout | None = None) -> tuple[list[Section], list[Block]]:
    """Section tree and blocks of a cleaned text (one paragraph per line), split as `layout` says."""
    layout = layout or layout_of(text)
    lines = list(layout.lines)
    if not lines:
        return [], []
    if layout.labelled is not None:
        return _parse_labelled(lines, list(layout.labelled))
    front_end, closing, proposal, is_reply = layout.front_end, layout.closing, layout.proposal, layout.is_reply
    front = lines[:front_end]

    blocks = [Block((), ln, "front") for ln in front]
    sections: list[Section] = []
    for part, chunk in (("body", lines[front_end:closing]), ("proposal", lines[proposal:])):
        numbered = any(heading_level(ln) == 1 for ln in chunk)
        b = _Builder(part=part, subtitles=not numbered and not is_reply)
        for i, ln in enumerate(chunk):
            b.line(ln, chunk[i + 1] if i + 1 < len(chunk) else None)
        sections.extend(b.roots)
        blocks.extend(b.blocks)
        if part == "body" and closing < proposal:
            # signature, date and contact lines: one block of their own at the end of the body
            blocks.append(Block((), "\n".join(lines[closing:proposal]), "body"))
    return sections, blocks


def _parse_labelled(lines: list[str], parts: list[str]) -> tuple[list[Section], list[Block]]:
    """A document of labelled request and response segments: each segment is its own part run."""
    sections: list[Section] = []
    blocks: list[Block] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i < len(lines) and parts[i] == parts[start]:
            continue
        part, seg = parts[start], lines[start:i]
        if part == "front":
            blocks.extend(Block((), ln, "front") for ln in seg)
        else:
            b = _Builder(part=part, subtitles=False)
            for j, ln in enumerate(seg):
                b.line(ln, seg[j + 1] if j + 1 < len(seg) else None)
            sections.extend(b.roots)
            blocks.extend(b.blocks)
        start = i
    return sections, blocks
