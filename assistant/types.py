"""Typed results of the Python API; the CLI's JSON and the app are built from these."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

__all__ = ["DOC_FIELDS", "Answer", "Citation", "DocumentRecord", "DocumentSummary", "Filters", "OutlineNode",
           "Passage", "PrecedentRow", "RetrievalMode", "document_summary"]


@dataclass
class RetrievalMode:
    """Whether retrieval is hybrid or lexical, and one sentence a user can act on."""

    dense: bool
    note: str


@dataclass(frozen=True)
class Filters:
    """Metadata restrictions on retrieval. A city as region also matches its districts."""

    region: str | None = None
    agency: str | None = None
    doc_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def of(cls, region=None, agency=None, doc_type=None, year=None, year_from=None, year_to=None) -> Filters:
        """Build from loose inputs (CLI flags, eval `filters`, UI fields); blanks mean no restriction."""

        def clean(v):
            return v.strip() if isinstance(v, str) and v.strip() else None

        def as_int(v):
            return int(v) if v not in (None, "") else None

        if year not in (None, ""):
            year_from = year_to = as_int(year)
        return cls(clean(region), clean(agency), clean(doc_type), as_int(year_from), as_int(year_to))

    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Passage:
    """A retrieved chunk with its document's metadata, ranked."""

    rank: int
    score: float
    doc_id: str
    chunk_id: str
    title: str
    heading: str
    text: str
    date: str | None
    agency: str | None
    region: str | None
    city: str | None = None
    doc_type: str | None = None
    source: str | None = None
    ordinal: int = 0
    part: str = "body"
    heading_path: tuple[str, ...] = ()  # the headings above the passage, outermost first; `heading` joins them

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Passage:
        """The inverse of `to_dict` (JSON turns the heading path into a list)."""
        fields = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        fields["heading_path"] = tuple(fields.get("heading_path") or ())
        return cls(**fields)

    @classmethod
    def from_payload(cls, rank: int, score: float, p: dict[str, Any]) -> Passage:
        return cls(
            rank=rank,
            score=round(float(score), 6),
            doc_id=p["doc_id"],
            chunk_id=p["chunk_id"],
            title=p.get("title") or "",
            heading=p.get("heading") or "",
            text=p.get("text") or "",
            date=p.get("date"),
            agency=p.get("agency"),
            region=p.get("region"),
            city=p.get("city"),
            doc_type=p.get("doc_type"),
            source=p.get("source"),
            ordinal=int(p.get("ordinal") or 0),
            part=p.get("part") or "body",
            heading_path=tuple(p.get("heading_path") or ()),
        )


@dataclass
class Citation:
    """A passage cited as [n] in an answer; `sentences` are the supporting sentences within its text."""

    n: int
    passage: Passage
    sentences: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "n": self.n,
            "doc_id": p.doc_id,
            "chunk_id": p.chunk_id,
            "title": p.title,
            "heading": p.heading,
            "text": p.text,
            "date": p.date,
            "agency": p.agency,
            "region": p.region,
            "score": p.score or None,  # list and metadata citations have no retrieval score
            "doc_type": p.doc_type,
            "source": p.source,
            "supporting": self.sentences,
        }


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    passages: list[Passage] = field(default_factory=list)
    latency_ms: float = 0.0
    language: str = "zh"
    answerer: str = "extractive"  # who wrote `answer`: "extractive" or "llm"
    fallback: str | None = None  # one line: why the model's answer was replaced by the extractive one
    checks: list[dict[str, Any]] = field(default_factory=list)  # one {"sentence", "citations", "supported", "reason"} per sentence
    rewritten_question: str | None = None  # a follow-up question made standalone, when it was rewritten

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "latency_ms": round(self.latency_ms, 1),
            "answerer": self.answerer,
            "fallback": self.fallback,
            "checks": list(self.checks),
            "rewritten_question": self.rewritten_question,
        }


# --- documents and precedents -----------------------------------------------------------------------
class OutlineNode(TypedDict):
    """One heading of a document's outline (index/structure.py `Section.to_dict`)."""

    title: str
    level: int
    part: str
    children: list[OutlineNode]


class DocumentSummary(TypedDict):
    """A document as `docs --json` and the app's `/documents` list it (field names are a contract)."""

    doc_id: str
    title: str
    doc_type: str | None
    agency: str | None
    region: str | None
    city: str | None
    date: str | None
    proposal_no: str | None
    session: str | None
    proposer: str | None
    source: str | None
    n_chunks: int | None


# The contract's fields in the contract's order, written once for the CLI and the app.
DOC_FIELDS: tuple[str, ...] = tuple(DocumentSummary.__annotations__)


class DocumentRecord(DocumentSummary, total=False):
    """An indexed document's stored record (index/pipeline.py `doc_payload`): the summary and more."""

    kind: str
    status: str
    root: str
    year: int | None
    content_hash: str
    text_hash: str
    n_chars: int
    outline: list[OutlineNode]
    indexed_at: str


def document_summary(doc: DocumentRecord | dict[str, Any]) -> DocumentSummary:
    """The contract's fields of a stored record (absent ones as null), in the contract's order."""
    return DocumentSummary(**{key: doc.get(key) for key in DOC_FIELDS})  # type: ignore[typeddict-item]


class PrecedentRow(TypedDict):
    """One earlier document similar to a draft: its record's metadata, best score, outline, best passages."""

    doc_id: str
    score: float
    title: str
    agency: str | None
    date: str | None
    doc_type: str | None
    region: str | None
    proposal_no: str | None
    outline: list[OutlineNode]
    n_chunks: int | None
    passages: list[dict[str, Any]]  # `Passage.to_dict()` of each
