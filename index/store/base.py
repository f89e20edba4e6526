"""The `Store` seam: what the pipeline and retrieval need from a vector store, and nothing more."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from index.sparse import SparseVec

__all__ = [
    "DENSE",
    "KEYWORD_FIELDS",
    "RRF_K",
    "SPARSE",
    "Hit",
    "SearchFilter",
    "Store",
    "StoreError",
    "StorePoint",
    "point_id",
]

SPARSE = "bm25"
DENSE = "dense"
# Cormack, Clarke & Buettcher (2009), "Reciprocal Rank Fusion outperforms Condorcet…": k = 60.
RRF_K = 60
# Payload fields that filters use; both implementations index them.
KEYWORD_FIELDS = ("kind", "doc_id", "region", "city", "agency", "doc_type", "content_hash")
INTEGER_FIELDS = ("year", "ordinal")

_NAMESPACE = uuid.UUID("6f1c3a52-7d4e-4b8a-9a51-0c3f2e7d9b10")


def point_id(key: str) -> str:
    """A stable point id (UUID5) for a chunk id or a document record key."""
    return str(uuid.uuid5(_NAMESPACE, key))


class StoreError(Exception):
    """The store cannot be opened or used as asked; the message says what to do."""


@dataclass(frozen=True)
class StorePoint:
    id: str
    payload: dict[str, Any]
    sparse: SparseVec | None = None
    dense: list[float] | None = None


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    payload: dict[str, Any]


@dataclass(frozen=True)
class SearchFilter:
    """Metadata filters. A region matches documents of that region or, for a city, of its districts."""

    regions: tuple[str, ...] = ()
    agency: str | None = None
    doc_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    doc_ids: tuple[str, ...] = ()
    kind: str = "chunk"
    extra: dict[str, Any] = field(default_factory=dict)  # exact-match keyword fields

    def is_empty(self) -> bool:
        return not (self.regions or self.agency or self.doc_type or self.year_from or self.year_to
                    or self.doc_ids or self.extra)


@runtime_checkable
class Store(Protocol):
    """A collection of chunk points (sparse + optional dense vector) and vector-less record points."""

    @property
    def dense_dim(self) -> int | None: ...

    def upsert(self, points: Sequence[StorePoint]) -> None: ...

    def delete(self, flt: SearchFilter) -> None: ...

    def query(
        self,
        *,
        sparse: SparseVec | None,
        dense: Sequence[float] | None,
        flt: SearchFilter,
        limit: int,
        prefetch_limit: int = 100,
        weights: tuple[float, float] = (1.0, 1.0),
        with_payload: bool = True,
    ) -> list[Hit]: ...

    def scroll(self, flt: SearchFilter, limit: int | None = None) -> list[dict[str, Any]]: ...

    def retrieve(self, ids: Sequence[str]) -> list[dict[str, Any]]: ...

    def count(self, flt: SearchFilter) -> int: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...
