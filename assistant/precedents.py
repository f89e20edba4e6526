"""Precedent search for drafters: ranked passages grouped into one row per earlier document."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.types import DocumentRecord, Passage, PrecedentRow

__all__ = ["PASSAGES_PER_DOCUMENT", "group_precedents"]

PASSAGES_PER_DOCUMENT = 3


def group_precedents(
    passages: Sequence[Passage], document_of: Callable[[str], DocumentRecord], k: int = 5
) -> list[PrecedentRow]:
    """The first `k` documents in passage order, each with its record, outline and best passages."""
    rows: dict[str, PrecedentRow] = {}
    for p in passages:
        row = rows.get(p.doc_id)
        if row is None:
            if len(rows) >= k:
                continue
            try:
                doc: DocumentRecord | dict[str, None] = document_of(p.doc_id)
            except KeyError:  # a passage whose document record is gone: describe it from the passage
                doc = {}
            row = rows[p.doc_id] = {
                "doc_id": p.doc_id,
                "score": p.score,
                "title": doc.get("title") or p.title,
                "agency": doc.get("agency") or p.agency,
                "date": doc.get("date") or p.date,
                "doc_type": doc.get("doc_type") or p.doc_type,
                "region": doc.get("region") or p.region,
                "proposal_no": doc.get("proposal_no"),
                "outline": doc.get("outline") or [],
                "n_chunks": doc.get("n_chunks"),
                "passages": [],
            }
        if len(row["passages"]) < PASSAGES_PER_DOCUMENT:
            row["passages"].append(p.to_dict())
    return list(rows.values())
