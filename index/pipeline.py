"""Incremental indexing: load -> parse -> chunk -> embed -> store, skipping unchanged documents.

Crash safety. For each batch of documents the store first receives a "pending" document record,
then the chunks, then the "complete" record. A run killed at any point leaves documents whose
record is missing or pending; the next run deletes whatever chunks they have and writes them
again, so the store never holds two versions of one document and every document ends complete.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.chunk import Chunker
from index.dense import Embedder
from index.load import DEFAULT_MAX_CHARS, Scan, iter_documents, scan
from index.parse import parse_document
from index.sparse import SparseEncoder, SparseVec
from index.store import SearchFilter, Store, StoreError, StorePoint, point_id
from index.tokenize import Tokenizer
from index.types import Chunk, Duplicate, IndexingError, ParsedDocument, RawDocument

__all__ = [
    "DEFAULT_AVGDL",
    "DEFAULT_MAX_CHUNKS",
    "PIPELINE_VERSION",
    "IndexFingerprint",
    "IndexMismatch",
    "IndexReport",
    "Indexer",
    "check_fingerprint",
    "doc_payload",
    "doc_record_id",
    "index_avgdl",
    "index_fingerprint",
    "recorded_fingerprint",
]

# Bump when cleaning, parsing or chunking changes what a document turns into: every document re-indexes.
PIPELINE_VERSION = "13"  # 5: labelled request/response parts (留言：… / 答复：…); 6: rjieba tokens; 7: article text kept;
# 8: an article that fits the chunk bound is one chunk with its items; 9: letter-spaced figures closed up,
# a reply signed on its last line gives its agency; 10: a cut after a long sentence repeats its closing clauses,
# 原标题： is no part of a title; 11: a notice's addressee list (各省、自治区…新疆生产建设兵团：) gives no region;
# 12: a notice signed on its text's tail without a date (…阻击战。北京市经济和信息化局) gives its agency
# 13: a part label (答复：) always opens a paragraph; a declared title is never the agency; a cut repeats the
# closing sentences that fit half a chunk's target, not only the last one, the document's first sentence's too;
# articles numbered with five or more numerals (第一百二十三条, the Civil Code's 第一千一百八十五条) are headings
# Average chunk length in jieba search-mode terms, fixed per index (stored in its meta record) so that
# documents added later are weighted on the same scale. ~400 tiktoken tokens of Chinese text.
DEFAULT_AVGDL = 180.0
# Chunks per document: ~1M characters of Chinese at ~400 characters a chunk, with room to spare.
DEFAULT_MAX_CHUNKS = 4_000
_META_ID = point_id("meta:index")


@dataclass(frozen=True)
class IndexFingerprint:
    """The configuration of every step that decides what an index holds; two indexes mix only if all agree."""

    tokenizer: str  # segmenter, its version, user dictionary and stop words (Tokenizer.identity)
    chunker: str  # token counter and packing bounds
    embedder: str  # dense model name and dimension, or "none"
    pipeline: str  # PIPELINE_VERSION: what cleaning, parsing and chunking turn a document into

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndexFingerprint:
        return cls(**{f.name: str(data.get(f.name, "")) for f in dataclasses.fields(cls)})

    def differences(self, built: IndexFingerprint) -> list[str]:
        """One phrase per step configured otherwise than when `built` was recorded."""
        return [
            f"{f.name} {getattr(built, f.name)!r} (now {getattr(self, f.name)!r})"
            for f in dataclasses.fields(self)
            if getattr(built, f.name) != getattr(self, f.name)
        ]


class IndexMismatch(StoreError):
    """The index was built with another configuration; the message gives the command that rebuilds it."""


def index_fingerprint(tokenizer: Tokenizer, chunker: Chunker, embedder: Embedder | None) -> IndexFingerprint:
    """The fingerprint of an index built with these collaborators and this code."""
    rules = chunker.rules
    return IndexFingerprint(
        tokenizer=getattr(tokenizer, "identity", type(tokenizer).__name__),
        chunker=(f"tiktoken cl100k_base; max {chunker.max_tokens} tokens; "
                 f"fill {rules.fill}; carry {rules.carry_share}"),
        embedder=f"{embedder.name} ({embedder.dim}-d)" if embedder is not None else "none",
        pipeline=PIPELINE_VERSION,
    )


def recorded_fingerprint(store: Store) -> IndexFingerprint | None:
    """The fingerprint an index recorded when it was built; None for an empty store or one built before fingerprints."""
    meta = store.retrieve([_META_ID])
    recorded = meta[0].get("fingerprint") if meta else None
    return IndexFingerprint.from_dict(recorded) if isinstance(recorded, dict) else None


def check_fingerprint(store: Store, fingerprint: IndexFingerprint, where: str) -> None:
    """Refuse an index built with another configuration, naming what differs and the command that rebuilds it.

    An index recorded before fingerprints existed is accepted: it records no configuration to compare
    (its dense dimension is checked when the store opens, and the pipeline version is part of every
    document's hash, so the next indexing run re-reads documents an older version produced).
    """
    built = recorded_fingerprint(store)
    if built is None:
        return
    diffs = fingerprint.differences(built)
    if diffs:
        raise IndexMismatch(
            f"the index at {where} was built with another configuration: {'; '.join(diffs)}. "
            f"Mixing the two would give wrong results; run `assistant index --rebuild --store {where}` "
            "to rebuild it from the folders it was built from"
        )


@dataclass
class IndexReport:
    """What one indexing run did; `failed` holds one line per file or record that could not be indexed."""

    documents: int = 0  # indexed (new or changed) in this run
    chunks: int = 0
    skipped: int = 0  # unchanged since the last run
    removed: int = 0  # left the corpus
    removed_docs: list[str] = field(default_factory=list)  # their ids, by name
    rebuilt_from: list[str] = field(default_factory=list)  # the roots a rebuild re-read
    skipped_links: list[str] = field(default_factory=list)  # symlinked folders not followed
    failed: list[IndexingError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "chunks": self.chunks,
            "skipped": self.skipped,
            "removed": self.removed,
            "removed_docs": self.removed_docs,
            "rebuilt_from": self.rebuilt_from,
            "skipped_links": self.skipped_links,
            "failed": [{"source": e.source, "reason": e.reason} for e in self.failed],
            "duplicates": [str(d) for d in self.duplicates],  # the CLI's lines (the --json contract)
            "duplicate_of": [{"source": d.source, "same_as": d.same_as} for d in self.duplicates],
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


def _pending_payload(p: _Prepared) -> dict[str, Any]:
    """The record written before a document's chunks: only what the next run needs to finish or redo it."""
    return {"kind": "doc", "status": "pending", "doc_id": p.doc.doc_id, "source": p.doc.source, "root": p.root,
            "content_hash": p.source_hash, "text_hash": p.doc.content_hash, "n_chunks": len(p.chunks)}


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
    sparse: list[SparseVec]  # one BM25 vector per chunk
    # built where the document was prepared (a worker process), so that the writing process only upserts
    points: list[StorePoint] = field(default_factory=list)  # one per chunk, without its dense vector
    record: dict[str, Any] = field(default_factory=dict)  # the document's "complete" record


def _prepare_batch(todo: list[tuple[RawDocument, str, str]], chunker: Chunker, encoder: SparseEncoder,
                   max_chunks: int) -> list[_Prepared | IndexingError]:
    """Parse, chunk and encode documents: a pure function of its input, so it can run in a worker process."""
    out: list[_Prepared | IndexingError] = []
    for raw, root, source_hash in todo:
        try:
            doc = parse_document(raw)
            chunks = chunker.chunk(doc)
        except Exception as e:  # noqa: BLE001 -- a parser bug on one document must not stop the corpus
            out.append(IndexingError(raw.source, f"cannot parse: {type(e).__name__}: {e}"))
            continue
        if not chunks:
            out.append(IndexingError(raw.source, "no text left after cleaning"))
            continue
        if len(chunks) > max_chunks:
            out.append(IndexingError(raw.source, (
                f"{len(chunks):,} chunks, beyond the limit of {max_chunks:,} per document "
                "(raise ASSISTANT_MAX_DOC_CHUNKS to index it)")))
            continue
        sparse = [encoder.encode_document(c.indexed_text) for c in chunks]
        points = [StorePoint(id=point_id(c.chunk_id), payload=chunk_payload(doc, c), sparse=sv)
                  for c, sv in zip(chunks, sparse, strict=True)]
        record = doc_payload(doc, len(chunks), source_hash, root, "complete")
        # the writer needs the document's ids and hashes only: its text, outline and blocks stay here
        slim = dataclasses.replace(doc, text="", sections=[], blocks=[], layout=None)
        out.append(_Prepared(slim, chunks, source_hash, root, sparse, points, record))
    return out


_WORKER: dict[str, Any] = {}  # a worker process's chunker, encoder and limit, set once by its initializer


def _init_worker(max_tokens: int, avgdl: float, max_chunks: int) -> None:
    from index.tokenize import get_tokenizer

    parent = os.getppid()

    def exit_with_parent() -> None:
        # a SIGKILLed indexer cannot stop its workers: they notice and leave instead of waiting forever
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=exit_with_parent, daemon=True).start()

    _WORKER["chunker"] = Chunker(max_tokens)
    _WORKER["encoder"] = SparseEncoder(get_tokenizer(), avgdl=avgdl)
    _WORKER["max_chunks"] = max_chunks


def _prepare_in_worker(todo: list[tuple[RawDocument, str, str]]) -> list[_Prepared | IndexingError]:
    return _prepare_batch(todo, _WORKER["chunker"], _WORKER["encoder"], _WORKER["max_chunks"])


def _start_pool(workers: int, max_tokens: int, avgdl: float, max_chunks: int) -> Executor:
    """Worker processes for parsing and encoding; forked when this process runs no other thread (fast start),
    spawned otherwise (forking a threaded process such as the app can deadlock)."""
    method = "fork" if threading.active_count() == 1 and "fork" in mp.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=_init_worker,
                               initargs=(max_tokens, avgdl, max_chunks))


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
        max_doc_chars: int = DEFAULT_MAX_CHARS,
        max_doc_chunks: int = DEFAULT_MAX_CHUNKS,
        guard: Callable[[], AbstractContextManager[Any]] = nullcontext,
        workers: int | None = None,
    ) -> None:
        self.store = store
        self.tokenizer = tokenizer
        self.chunker = chunker
        self.embedder = embedder
        self.fingerprint = index_fingerprint(tokenizer, chunker, embedder)
        self.max_file_bytes = max_file_bytes
        self.max_doc_chars = max_doc_chars
        self.max_doc_chunks = max_doc_chunks
        # Held around each batch's writes: readers in the same process (the app) never see a half-written
        # document, and wait for one batch at most, never for a whole run.
        self.guard = guard
        # Parsing, chunking and BM25 encoding are CPU-bound Python: large runs use a process per core.
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self._pool: Executor | None = None
        self._inflight: deque[Any] = deque()
        self._seen: set[str] = set()  # document ids read in the current run
        self._deferred: list[tuple[_Prepared, str]] = []  # (document, indexed twin not yet met in this run)
        self._scanned: Scan | None = None  # what the last run's walk read
        self.batch_docs = batch_docs
        avgdl = index_avgdl(store)
        if not store.retrieve([_META_ID]):
            store.upsert([StorePoint(_META_ID, {"kind": "meta", "avgdl": avgdl, "created": time.time(),
                                                "fingerprint": self.fingerprint.to_dict()})])
        self.encoder = SparseEncoder(tokenizer, avgdl=avgdl)

    def roots(self) -> list[str]:
        """The folders (and single files outside them) this index was built from, as absolute paths."""
        meta = self.store.retrieve([_META_ID])
        return list(meta[0].get("roots", [])) if meta else []

    def run(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        on_progress: Callable[[str], None] | None = None,
    ) -> IndexReport:
        """Index `paths` (files or folders); documents whose files left a completely scanned folder are removed.

        `rebuild` re-reads every document instead of skipping unchanged ones; without `paths` it
        re-reads every recorded root. Old versions stay searchable until their new version is complete,
        so a rebuild never leaves a half-empty index. A missing or unreadable path is reported and
        removes nothing.

        An index built with another configuration (tokeniser, chunker, embedder, pipeline version; see
        `IndexFingerprint`) is refused, except by a rebuild, which then re-reads every recorded root into a
        fresh store and switches to it only when all of them were read completely.
        """
        if self._needs_fresh_store(rebuild):
            return self._rebuild_fresh(paths, on_progress)
        try:
            return self._run(paths, rebuild, on_progress)
        finally:
            self._close_pool()

    # --- the index fingerprint ------------------------------------------------------------------------------
    def _where(self) -> str:
        return str(getattr(self.store, "path", None) or getattr(self.store, "collection", "the store"))

    def _needs_fresh_store(self, rebuild: bool) -> bool:
        """Whether this run must start a fresh store; raises IndexMismatch when a plain run meets another build."""
        if not rebuild:
            check_fingerprint(self.store, self.fingerprint, self._where())
            return False
        built = recorded_fingerprint(self.store)
        dim = self.embedder.dim if self.embedder is not None else None
        return bool(built and self.fingerprint.differences(built)) or (
            self.store.dense_dim != dim and self.store.count(SearchFilter(kind="chunk")) > 0
        )

    def _rebuild_fresh(self, paths: Sequence[Path] | None,
                       on_progress: Callable[[str], None] | None) -> IndexReport:
        """Rebuild every recorded root (and `paths`) into a fresh store, then switch to it in one step."""
        fresh_of = getattr(self.store, "fresh", None)
        if fresh_of is None:
            raise IndexMismatch(
                f"the index in {self._where()} was built with another configuration and a server collection "
                "is not rebuilt in place: delete the collection (or set ASSISTANT_COLLECTION to a new name), "
                "then run `assistant index`"
            )
        recorded = self.roots()
        targets = [Path(r) for r in recorded]
        targets += [Path(p) for p in paths or () if str(Path(p).resolve()) not in recorded]
        if not targets:
            raise IndexMismatch(f"the index at {self._where()} records no folder to rebuild from; "
                                "give them: `assistant index --rebuild PATH …`")
        fresh = fresh_of(self.embedder.dim if self.embedder is not None else None)
        try:
            sub = Indexer(fresh, self.tokenizer, self.chunker, self.embedder, max_file_bytes=self.max_file_bytes,
                          batch_docs=self.batch_docs, max_doc_chars=self.max_doc_chars,
                          max_doc_chunks=self.max_doc_chunks, workers=self.workers)
            report = sub.run(targets, rebuild=True, on_progress=on_progress)
            found = sub._scanned
            read = {str(Path(r).resolve()) for r in [*found.complete, *found.singles]} if found else set()
            unread = [str(t) for t in targets if str(t.resolve()) not in read]
            if unread:
                raise IndexMismatch(
                    f"rebuilding {self._where()} stopped: {', '.join(unread)} could not be read completely, and the "
                    "index built with the other configuration is kept as it was (nothing removed); make the "
                    "folders readable and run `assistant index --rebuild` again"
                )
        except BaseException:
            fresh.discard()
            raise
        with self.guard():
            self.store.adopt(fresh)  # type: ignore[attr-defined]  # the store that made `fresh` can adopt it
        report.rebuilt_from = [str(t.resolve()) for t in targets]
        return report

    def _run(self, paths: Sequence[Path] | None, rebuild: bool,
             on_progress: Callable[[str], None] | None) -> IndexReport:
        t0 = time.perf_counter()
        report = IndexReport()
        recorded = self.roots()
        if paths is None:
            paths = [Path(r) for r in recorded]
            report.rebuilt_from = list(recorded) if rebuild else []
        elif rebuild:
            report.rebuilt_from = [str(Path(p).resolve()) for p in paths]
        found = scan(paths, [Path(r) for r in recorded])
        self._scanned = found
        for path, reason in found.problems:
            report.failed.append(IndexingError(str(path), reason))
        report.skipped_links = [str(p) for p in found.skipped_links]
        existing = {r["doc_id"]: r for r in self.store.scroll(SearchFilter(kind="doc"))}
        by_text = {r.get("text_hash"): r["doc_id"] for r in existing.values() if r.get("status") == "complete"}
        seen = self._seen
        seen.clear()
        self._deferred.clear()
        failed_sources: list[tuple[str, str]] = []  # (root, source) of files that failed: keep their old docs
        todo: list[tuple[RawDocument, str, str]] = []  # (document, root, source hash) to parse and encode
        self._inflight.clear()

        for file, root in found.files:
            root_s = str(Path(root).resolve())
            for item in iter_documents(file, root, max_bytes=self.max_file_bytes, max_chars=self.max_doc_chars):
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
                if (not rebuild and old and old.get("status") == "complete"
                        and old.get("content_hash") == source_hash):
                    report.skipped += 1  # decided from the hash alone: unchanged documents are not parsed
                    continue
                todo.append((item, root_s, source_hash))
                if len(todo) >= self.batch_docs:
                    self._submit(todo)
                    todo = []
                    self._drain(report, existing, by_text, keep=self.workers)
        if todo:
            self._submit(todo)
        self._drain(report, existing, by_text, keep=0)
        self._close_pool()  # before removals: every prepared document is written

        # Removal is deliberate: only documents of a folder read completely in this run, whose file is gone
        # (a rebuild from given paths re-reads those paths; documents of other roots stay as they are).
        scanned = {str(Path(r).resolve()) for r in found.complete}
        gone = sorted(
            d for d, r in existing.items()
            if d not in seen
            and r.get("root") in scanned
            and not any(r.get("root") == root and _from_source(d, src) for root, src in failed_sources)
        )
        replacing = [p for p, twin in self._deferred if twin in gone]
        for p, twin in self._deferred:
            if twin not in gone:
                report.duplicates.append(Duplicate(str(p.doc.source), twin))
        self._deferred.clear()
        if replacing:  # written before their twins leave, so the text stays searchable throughout
            with self.guard():
                self._write(replacing, existing, report)
        with self.guard():
            for doc_id in gone:
                self._delete_doc(doc_id)
            self._record_roots(recorded, found)
            self.store.flush()
        report.removed = len(gone)
        report.removed_docs = gone
        report.seconds = time.perf_counter() - t0
        return report

    def _record_roots(self, recorded: list[str], found: Scan) -> None:
        """Remember the folders read (and single files outside them) so that --rebuild can re-read them."""
        roots = list(recorded)
        for r in [*found.complete, *found.singles]:
            r_s = str(Path(r).resolve())
            if r_s not in roots:
                roots.append(r_s)
        meta = self.store.retrieve([_META_ID])
        if roots != recorded or not meta or "fingerprint" not in meta[0]:
            payload = dict(meta[0]) if meta else {"kind": "meta", "avgdl": self.encoder.avgdl, "created": time.time()}
            payload["roots"] = roots
            # an index from before fingerprints: this run re-read (by hash) what an older pipeline produced
            payload.setdefault("fingerprint", self.fingerprint.to_dict())
            self.store.upsert([StorePoint(_META_ID, payload)])

    # --- parse, chunk and encode: in this process for small runs, on every core for large ones ------------
    def _submit(self, todo: list[tuple[RawDocument, str, str]]) -> None:
        """Start preparing one batch; the first full batch of a run starts the worker processes."""
        if self.workers > 1 and self._pool is None and len(todo) >= self.batch_docs:
            self._pool = _start_pool(self.workers, self.chunker.max_tokens, self.encoder.avgdl, self.max_doc_chunks)
        if self._pool is None:
            self._inflight.append(_prepare_batch(todo, self.chunker, self.encoder, self.max_doc_chunks))
            return
        # smaller slices keep every worker busy; results are written in the order documents were read
        step = max(1, len(todo) // self.workers)
        for i in range(0, len(todo), step):
            self._inflight.append(self._pool.submit(_prepare_in_worker, todo[i : i + step]))

    def _drain(self, report: IndexReport, existing: dict[str, dict], by_text: dict[str | None, str], keep: int) -> None:
        """Write prepared batches, oldest first, until at most `keep` are still being prepared."""
        while len(self._inflight) > keep:
            head = self._inflight.popleft()
            results = head.result() if isinstance(head, Future) else head
            batch: list[_Prepared] = []
            for prepared in results:
                if isinstance(prepared, IndexingError):
                    report.failed.append(prepared)
                    continue
                doc_id = prepared.doc.doc_id
                dup_of = by_text.get(prepared.doc.content_hash)
                if dup_of and dup_of != doc_id:
                    if dup_of in existing and dup_of not in self._seen:
                        # its twin is an indexed document this run has not met (yet): if the twin turns out
                        # to be gone (a renamed file, a JSONL record with a new id), this one replaces it
                        self._deferred.append((prepared, dup_of))
                    else:
                        report.duplicates.append(Duplicate(str(prepared.doc.source), dup_of))
                    continue
                by_text[prepared.doc.content_hash] = doc_id
                batch.append(prepared)
            if batch:
                with self.guard():
                    self._write(batch, existing, report)

    def _close_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _write(self, batch: list[_Prepared], existing: dict[str, dict], report: IndexReport) -> None:
        # 1. pending records, and old versions out of the way
        self.store.upsert([
            StorePoint(doc_record_id(p.doc.doc_id), _pending_payload(p))
            for p in batch
        ])
        for p in batch:
            if p.doc.doc_id in existing:
                self.store.delete(SearchFilter(kind="chunk", doc_ids=(p.doc.doc_id,)))
        # 2. chunks
        points = [pt for p in batch for pt in p.points]
        if self.embedder is not None:
            dense = self.embedder.embed([c.indexed_text for p in batch for c in p.chunks])
            points = [dataclasses.replace(pt, dense=v) for pt, v in zip(points, dense, strict=True)]
        for i in range(0, len(points), 512):
            self.store.upsert(points[i : i + 512])
        # 3. complete records: the commit point of each document
        self.store.upsert([StorePoint(doc_record_id(p.doc.doc_id), p.record) for p in batch])
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

