"""Incremental indexing: load -> parse -> chunk -> embed -> store, skipping unchanged documents.

Crash safety. For each batch of documents the store first receives a "pending" document record,
then the chunks, then the "complete" record. A run killed at any point leaves documents whose
record is missing or pending; the next run deletes whatever chunks they have and writes them
again, so the store never holds two versions of one document and every document ends complete.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.chunk import Chunker
from index.dense import Embedder
from index.load import discover, iter_documents
from index.parse import parse_document
from index.sparse import SparseEncoder
from index.store import SearchFilter, Store, StorePoint, point_id
from index.tokenize import Tokenizer
from index.types import Chunk, IndexingError, ParsedDocument, RawDocument

__all__ = ["DEFAULT_AVGDL", "PIPELINE_VERSION", "IndexReport", "Indexer", "doc_payload", "doc_record_id", "index_avgdl"]

# Bump when cleaning, parsing or chunking changes what a document turns into: every document re-indexes.
PIPELINE_VERSION = "5"  # 5: labelled request/response parts (留言：… / 答复：…)
# Average chunk length in jieba search-mode terms, fixed per index (stored in its meta record) so that
# documents added later are weighted on the same scale. ~400 tiktoken tokens of Chinese text.
DEFAULT_AVGDL = 180.0
_META_ID = point_id("meta:index")


@dataclass
class IndexReport:
    """What one indexing run did; `failed` holds one line per file or record that could not be indexed."""

    documents: int = 0  # indexed (new or changed) in this run
    chunks: int = 0
    skipped: int = 0  # unchanged since the last run
    removed: int = 0  # left the corpus
    failed: list[IndexingError] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "chunks": self.chunks,
            "skipped": self.skipped,
            "removed": self.removed,
            "failed": [{"source": e.source, "reason": e.reason} for e in self.failed],
            "duplicates": self.duplicates,
            "seconds": round(self.seconds, 3),
        }


def doc_record_id(doc_id: str) -> str:
    """The point id of a document's vector-less record."""
    return point_id(f"doc:{doc_id}")


def index_avgdl(store: Store) -> float:
    """The BM25 average length this index was built with (recorded at creation), for encoding queries alike."""
    meta = store.retrieve([_META_ID])
    return float(meta[0]["avgdl"]) if meta else DEFAULT_AVGDL


def doc_payload(doc: ParsedDocument, n_chunks: int, source_hash: str, root: str, status: str) -> dict[str, Any]:
    """The vector-less record that describes one indexed document."""
    meta = doc.metadata
    return {
        "kind": "doc",
        "status": status,
        "doc_id": doc.doc_id,
        "source": doc.source,
        "root": root,
        **meta.to_dict(),
        "year": meta.year,
        "content_hash": source_hash,
        "text_hash": doc.content_hash,
        "n_chunks": n_chunks,
        "n_chars": len(doc.text),
        "outline": [s.to_dict() for s in doc.sections],
        "indexed_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def chunk_payload(doc: ParsedDocument, chunk: Chunk) -> dict[str, Any]:
    meta = doc.metadata
    return {
        "kind": "chunk",
        "doc_id": doc.doc_id,
        "chunk_id": chunk.chunk_id,
        "ordinal": chunk.ordinal,
        "text": chunk.text,
        "heading": chunk.heading,
        "heading_path": list(chunk.heading_path),
        "part": chunk.part,
        "n_tokens": chunk.n_tokens,
        "title": meta.title,
        "doc_type": meta.doc_type,
        "agency": meta.agency,
        "region": meta.region,
        "city": meta.city,
        "date": meta.date,
        "year": meta.year,
        "proposal_no": meta.proposal_no,
        "session": meta.session,
        "proposer": meta.proposer,
        "source": doc.source,
    }


@dataclass
class _Prepared:
    doc: ParsedDocument
    chunks: list[Chunk]
    source_hash: str
    root: str


class Indexer:
    """Builds and updates one store from files; collaborators are passed in, nothing is global."""

    def __init__(
        self,
        store: Store,
        tokenizer: Tokenizer,
        chunker: Chunker,
        embedder: Embedder | None = None,
        max_file_bytes: int = 20_000_000,
        batch_docs: int = 64,
    ) -> None:
        self.store = store
        self.chunker = chunker
        self.embedder = embedder
        self.max_file_bytes = max_file_bytes
        self.batch_docs = batch_docs
        avgdl = index_avgdl(store)
        if not store.retrieve([_META_ID]):
            store.upsert([StorePoint(_META_ID, {"kind": "meta", "avgdl": avgdl, "created": time.time()})])
        self.encoder = SparseEncoder(tokenizer, avgdl=avgdl)

    def run(
        self,
        paths: Sequence[Path],
        *,
        rebuild: bool = False,
        on_progress: Callable[[str], None] | None = None,
    ) -> IndexReport:
        """Index `paths` (files or folders); documents that left a scanned folder are removed."""
        t0 = time.perf_counter()
        report = IndexReport()
        if rebuild:
            for kind in ("chunk", "doc"):
                self.store.delete(SearchFilter(kind=kind))
        existing = {r["doc_id"]: r for r in self.store.scroll(SearchFilter(kind="doc"))}
        by_text = {r.get("text_hash"): r["doc_id"] for r in existing.values() if r.get("status") == "complete"}
        seen: set[str] = set()
        failed_sources: list[tuple[str, str]] = []  # (root, source) of files that failed: keep their old docs
        roots: set[str] = set()
        batch: list[_Prepared] = []

        for file, root in discover(paths):
            root_s = str(Path(root).resolve())
            roots.add(root_s)
            for item in iter_documents(file, root, max_bytes=self.max_file_bytes):
                if on_progress:
                    on_progress(getattr(item, "source", ""))
                if isinstance(item, IndexingError):
                    report.failed.append(item)
                    failed_sources.append((root_s, _relative(file, root)))
                    continue
                doc_id = item.doc_id
                seen.add(doc_id)  # also when parsing fails below: its indexed version is kept, not removed
                source_hash = _source_hash(item, self.chunker.max_tokens)
                old = existing.get(doc_id)
                if old and old.get("status") == "complete" and old.get("content_hash") == source_hash:
                    report.skipped += 1  # decided from the hash alone: unchanged documents are not parsed
                    continue
                prepared = self._prepare(item, root_s, source_hash, report)
                if prepared is None:
                    continue
                dup_of = by_text.get(prepared.doc.content_hash)
                if dup_of and dup_of != doc_id:
                    report.duplicates.append(f"{prepared.doc.source}: same text as {dup_of}, skipped")
                    continue
                by_text[prepared.doc.content_hash] = doc_id
                batch.append(prepared)
                if len(batch) >= self.batch_docs:
                    self._write(batch, existing, report)
                    batch = []
        if batch:
            self._write(batch, existing, report)

        gone = [
            d for d, r in existing.items()
            if d not in seen
            and r.get("root") in roots
            and not any(r.get("root") == root and _from_source(d, src) for root, src in failed_sources)
        ]
        for doc_id in gone:
            self._delete_doc(doc_id)
        report.removed = len(gone)
        self.store.flush()
        report.seconds = time.perf_counter() - t0
        return report

    def _prepare(self, raw: RawDocument, root: str, source_hash: str, report: IndexReport) -> _Prepared | None:
        try:
            doc = parse_document(raw)
            chunks = self.chunker.chunk(doc)
        except Exception as e:  # noqa: BLE001 -- a parser bug on one document must not stop the corpus
            report.failed.append(IndexingError(raw.source, f"cannot parse: {type(e).__name__}: {e}"))
            return None
        if not chunks:
            report.failed.append(IndexingError(raw.source, "no text left after cleaning"))
            return None
        return _Prepared(doc, chunks, source_hash, root)

    def _write(self, batch: list[_Prepared], existing: dict[str, dict], report: IndexReport) -> None:
        # 1. pending records, and old versions out of the way
        self.store.upsert([
            StorePoint(doc_record_id(p.doc.doc_id), doc_payload(p.doc, len(p.chunks), p.source_hash, p.root, "pending"))
            for p in batch
        ])
        for p in batch:
            if p.doc.doc_id in existing:
                self.store.delete(SearchFilter(kind="chunk", doc_ids=(p.doc.doc_id,)))
        # 2. chunks
        all_chunks = [(p.doc, c) for p in batch for c in p.chunks]
        dense: list[list[float]] | list[None] = [None] * len(all_chunks)
        if self.embedder is not None:
            dense = self.embedder.embed([c.indexed_text for _, c in all_chunks])
        points = [
            StorePoint(
                id=point_id(c.chunk_id),
                payload=chunk_payload(doc, c),
                sparse=self.encoder.encode_document(c.indexed_text),
                dense=v,
            )
            for (doc, c), v in zip(all_chunks, dense, strict=True)
        ]
        for i in range(0, len(points), 512):
            self.store.upsert(points[i : i + 512])
        # 3. complete records: the commit point of each document
        self.store.upsert([
            StorePoint(doc_record_id(p.doc.doc_id), doc_payload(p.doc, len(p.chunks), p.source_hash, p.root, "complete"))
            for p in batch
        ])
        report.documents += len(batch)
        report.chunks += len(points)

    def _delete_doc(self, doc_id: str) -> None:
        self.store.delete(SearchFilter(kind="chunk", doc_ids=(doc_id,)))
        self.store.delete(SearchFilter(kind="doc", doc_ids=(doc_id,)))


def _source_hash(raw: RawDocument, max_tokens: int) -> str:
    h = hashlib.sha256()
    h.update(f"{PIPELINE_VERSION}|{max_tokens}|".encode())
    h.update(raw.text.encode("utf-8", "surrogatepass"))
    h.update(json.dumps(raw.declared, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:32]


def _relative(file: Path, root: Path) -> str:
    try:
        return Path(file).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(file).name


def _from_source(doc_id: str, source: str) -> bool:
    return doc_id == source or doc_id.startswith(source + "#")

