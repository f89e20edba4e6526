"""Typed records that flow through the indexing pipeline: load -> clean -> parse -> chunk -> store."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "DOC_TYPES",
    "REPLY_TYPES",
    "Block",
    "Chunk",
    "DocMetadata",
    "IndexingError",
    "Layout",
    "ParsedDocument",
    "RawDocument",
    "Section",
]

# The document types the product knows; anything else is 其他.
DOC_TYPES = ("提案答复", "建议答复", "新闻发布", "政策文件", "其他")
# The types that answer a proposal or suggestion: every section of one answers it.
REPLY_TYPES = ("提案答复", "建议答复")


class IndexingError(Exception):
    """A document could not be indexed; the message names the reason a user can act on."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True)
class Duplicate:
    """A document skipped because an indexed one has the same text; printed as the line the CLI shows."""

    source: str  # the file (or file#record) that was skipped
    same_as: str  # the doc id that holds the same text

    def __str__(self) -> str:
        return f"{self.source}: same text as {self.same_as}, skipped"


@dataclass(frozen=True)
class RawDocument:
    """A document as loaded from disk: decoded text plus whatever metadata the file itself declared.

    `doc_id` is stable across runs: the path under the corpus root (POSIX, with extension), or
    for JSONL records `<path>#<id field>` (or `<path>#<line number>` without an id).
    `declared` holds metadata given explicitly by the source (JSONL fields such as title or
    date); it wins over what the parser infers from the text.
    """

    doc_id: str
    source: str
    text: str
    declared: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocMetadata:
    """Document-level metadata; every field is optional except title and doc_type."""

    title: str
    doc_type: str = "其他"
    agency: str | None = None
    region: str | None = None
    city: str | None = None
    date: str | None = None  # ISO 8601: YYYY-MM-DD, or partial YYYY-MM / YYYY / --MM-DD
    proposal_no: str | None = None
    session: str | None = None
    proposer: str | None = None

    @property
    def year(self) -> int | None:
        """The year of `date`, when the date names one."""
        if self.date and self.date[:4].isdigit():
            return int(self.date[:4])
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Section:
    """A node of a document's section tree, built from Chinese numbering."""

    title: str  # the heading as written, e.g. "三、下步工作措施" or "（一）加强顶层规划，优化产业发展布局"
    level: int  # 1 = 一、 / 第X章, 2 = （一） / 第X条, 3 = 1. / 1、, 4 = 一是…
    children: list[Section] = field(default_factory=list)
    part: str = "body"  # the Block part it heads: "body", or "proposal" for the quoted proposal's outline

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "level": self.level,
            "part": self.part,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(frozen=True)
class Block:
    """A paragraph (or part of one) in reading order, with the headings it sits under.

    `part` separates the pieces of a document that must never share a chunk: "front" (header
    fields and salutation before the first heading), "body" (the reply or the document itself),
    "proposal" (the original proposal text quoted after a reply).
    """

    heading_path: tuple[str, ...]
    text: str
    part: str = "body"


@dataclass(frozen=True)
class Layout:
    """Where the parts of a document lie among its lines, found once (index.lines.layout_of) for all readers.

    Indices are into `lines`; "front" = lines[:front_end], body up to `closing`, the closing (signature,
    date, contact lines) up to `proposal`, then the quoted proposal. A document of labelled request and
    response lines (留言：… / 答复：…) has `labelled` (one part name per line) and is split by it instead;
    its front_end is 0 and closing and proposal are len(lines).
    """

    lines: tuple[str, ...]  # the cleaned text's non-empty lines, stripped
    header_end: int  # lines[:header_end]: title, header fields and salutation, before the opening sentence
    front_end: int  # lines[:front_end]: the front matter, opening sentence (现答复如下：) included
    closing: int  # first line of the closing after the body; len(lines) when there is none
    proposal: int  # first line of the proposal quoted after the reply; len(lines) when there is none
    is_reply: bool  # the front holds an opening sentence or a salutation
    labelled: tuple[str, ...] | None = None  # per line "front" / "request" / "body", for labelled documents

    @property
    def header(self) -> list[str]:
        return list(self.lines[: self.header_end])

    @property
    def front(self) -> list[str]:
        return list(self.lines[: self.front_end])


@dataclass
class ParsedDocument:
    """A cleaned document with its metadata, section tree and blocks; the chunker's input."""

    doc_id: str
    source: str
    text: str  # the cleaned full text
    metadata: DocMetadata
    sections: list[Section]
    blocks: list[Block]
    content_hash: str
    layout: Layout | None = None  # front / body / closing split, shared by metadata and structure


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: the text shown to users and the text that is indexed."""

    chunk_id: str  # f"{doc_id}::{ordinal:04d}"
    doc_id: str
    ordinal: int
    text: str  # the passage itself, shown to users
    indexed_text: str  # title + heading path + passage: what is tokenised and embedded
    heading_path: tuple[str, ...]
    part: str
    n_tokens: int

    @property
    def heading(self) -> str:
        return " > ".join(self.heading_path)
