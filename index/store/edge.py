"""The embedded store: Qdrant Edge in-process (the real Qdrant engine, no server)."""

from __future__ import annotations

import fcntl
import json
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import qdrant_edge as qe

from index.sparse import SparseVec
from index.store.base import (
    DENSE,
    INTEGER_FIELDS,
    KEYWORD_FIELDS,
    RRF_K,
    SPARSE,
    Hit,
    SearchFilter,
    StoreError,
    StorePoint,
)

__all__ = ["EdgeStore"]

_LAYOUT = "layout.json"  # our own description of the shard: which dense dimension it was built with, its folder
_SHARD = "shard"  # the shard's folder when layout.json names none (every store before rebuilds into a fresh shard)
_CREATING = "creating"  # present while a shard is being created; a crash leaves it behind
_LOCK = "create.lock"


def _creation_lock(path: Path):
    """An exclusive lock on creating the store at `path`: a second indexer gets a clear "in use" error."""
    f = open(path / _LOCK, "a+")  # noqa: SIM115 (held for the store's lifetime)
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        raise StoreError(
            f"the index at {path} is in use by another process that is creating it (an indexing run); "
            "wait for that run to finish, or give this command another --store"
        ) from None
    return f


class EdgeStore:
    """A Qdrant Edge shard in `path/shard`; the dense vector exists only if the shard was built with one."""

    def __init__(self, path: Path, dense_dim: int | None = None, create: bool = True,
                 other_dim_ok: bool = False) -> None:
        """`other_dim_ok`: open a store built with another dense dimension (to rebuild it into a fresh shard)."""
        self.path = Path(path)
        shard_dir = self.path / _SHARD
        layout_file = self.path / _LAYOUT
        self._shard_name = _SHARD
        self._shard: qe.EdgeShard | None = None
        if layout_file.exists():
            layout = json.loads(layout_file.read_text())
            built_dim = layout.get("dense_dim")
            self._shard_name = layout.get("shard", _SHARD)
            shard_dir = self.path / self._shard_name
            if dense_dim is not None and built_dim != dense_dim and not other_dim_ok:
                have = f"{built_dim}-d dense vectors" if built_dim else "no dense vectors"
                raise StoreError(
                    f"the index at {self.path} was built with {have}, but a {dense_dim}-d dense model is "
                    f"configured now; run `assistant index --rebuild --store {self.path}` to rebuild it"
                )
            try:
                self._shard = qe.EdgeShard.load(str(shard_dir))
            except Exception as e:  # the engine's own error text says what is wrong with the files
                if "WouldBlock" in str(e):
                    # the shard's write-ahead log is locked: one process at a time may hold an Edge shard
                    raise StoreError(
                        f"the index at {self.path} is in use by another process (the app, or an indexing "
                        "run); stop it first, or give this command another --store"
                    ) from e
                raise StoreError(f"cannot open the index at {self.path}: {e}") from e
            self._dense_dim = built_dim
        else:
            if not create:
                raise StoreError(f"no index at {self.path}; run `assistant index` first")
            self.path.mkdir(parents=True, exist_ok=True)
            self._create_lock = _creation_lock(self.path)  # held while this process holds the shard
            if layout_file.exists():  # another process finished creating it while we waited
                self._create_lock.close()
                self.__init__(path, dense_dim=dense_dim, create=create)  # type: ignore[misc]
                return
            marker = self.path / _CREATING
            if shard_dir.exists() and any(shard_dir.iterdir()):
                if not marker.exists():
                    raise StoreError(f"{shard_dir} holds data this program did not write; refusing to touch it")
                shutil.rmtree(shard_dir)  # a creation of ours that a crash interrupted: start it again
            marker.touch()
            self._shard = _create_shard(shard_dir, dense_dim)
            # Written last: a directory without it is a shard whose creation did not finish.
            _write_layout(self.path, dense_dim, _SHARD)
            marker.unlink(missing_ok=True)
            self._dense_dim = dense_dim

    # --- rebuilding into a fresh shard (another embedder or tokeniser): the old one serves until the switch ---
    def fresh(self, dense_dim: int | None) -> EdgeStore:
        """A new, empty store in a new shard folder beside this one; `adopt` makes it this store's shard."""
        for old in self.path.glob(f"{_SHARD}-*"):
            if old.is_dir() and old.name != self._shard_name:
                shutil.rmtree(old)  # a rebuild of ours that did not finish (a crash): never the live shard
        other = object.__new__(EdgeStore)
        other.path = self.path
        other._shard_name = f"{_SHARD}-{uuid.uuid4().hex[:8]}"
        other._shard = _create_shard(self.path / other._shard_name, dense_dim)
        other._dense_dim = dense_dim
        other._create_lock = None
        return other

    def adopt(self, other: EdgeStore) -> None:
        """Switch to `other`'s shard (one atomic rename of layout.json), then delete the old shard."""
        other.flush()
        old_dir = self.path / self._shard_name
        _write_layout(self.path, other._dense_dim, other._shard_name)
        if self._shard is not None:
            self._shard.close()
        self._shard, other._shard = other._shard, None
        self._dense_dim, self._shard_name = other._dense_dim, other._shard_name
        shutil.rmtree(old_dir, ignore_errors=True)

    def discard(self) -> None:
        """Close and delete a store made by `fresh` that is not to be adopted."""
        if self._shard is not None:
            self._shard.close()
            self._shard = None
        shutil.rmtree(self.path / self._shard_name, ignore_errors=True)

    @property
    def dense_dim(self) -> int | None:
        return self._dense_dim

    def upsert(self, points: Sequence[StorePoint]) -> None:
        if not points:
            return
        out = []
        for p in points:
            vec: dict[str, Any] = {}
            if p.sparse is not None and p.sparse:
                vec[SPARSE] = qe.SparseVector(p.sparse.indices, p.sparse.values)
            if p.dense is not None and self._dense_dim:
                vec[DENSE] = list(p.dense)
            out.append(qe.Point(id=p.id, vector=vec, payload=p.payload))
        self._live.update(qe.UpdateOperation.upsert_points(out))

    def delete(self, flt: SearchFilter) -> None:
        self._live.update(qe.UpdateOperation.delete_points_by_filter(_filter(flt)))

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
    ) -> list[Hit]:
        f = _filter(flt)
        stages = []
        if sparse:
            stages.append(qe.Query.Nearest(qe.SparseVector(sparse.indices, sparse.values), using=SPARSE))
        if dense is not None and self._dense_dim:
            stages.append(qe.Query.Nearest(list(dense), using=DENSE))
        if not stages:
            return []
        if len(stages) == 1:
            req = qe.QueryRequest(limit=limit, query=stages[0], filter=f, with_payload=with_payload)
        else:
            req = qe.QueryRequest(
                limit=limit,
                prefetches=[qe.Prefetch(limit=prefetch_limit, query=q, filter=f) for q in stages],
                # Fusion.Rrf is a variant of Fusion at run time; the bundled stubs do not say so
                query=qe.Fusion.Rrf(k=RRF_K, weights=list(weights)),  # type: ignore[arg-type]
                filter=f,
                with_payload=with_payload,
            )
        return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in self._live.query(req)]

    def scroll(self, flt: SearchFilter, limit: int | None = None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        offset = None
        f = _filter(flt)
        while True:
            page = 1000 if limit is None else min(1000, limit - len(out))
            records, offset = self._live.scroll(
                qe.ScrollRequest(offset=offset, limit=page, filter=f, with_payload=True)
            )
            out.extend(dict(r.payload or {}) for r in records)
            if offset is None or (limit is not None and len(out) >= limit):
                return out

    def retrieve(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        return [dict(r.payload or {}) for r in self._live.retrieve(list(ids), True, False)]

    def count(self, flt: SearchFilter) -> int:
        return self._live.count(qe.CountRequest(exact=True, filter=_filter(flt)))

    def flush(self) -> None:
        self._live.flush()

    @property
    def _live(self) -> qe.EdgeShard:
        """The open shard; a closed store says so instead of failing on None."""
        if self._shard is None:
            raise StoreError(f"the index at {self.path} is closed")
        return self._shard

    def close(self) -> None:
        shard = getattr(self, "_shard", None)
        if shard is not None:
            shard.flush()
            shard.close()
            self._shard = None
        lock = getattr(self, "_create_lock", None)
        if lock is not None:
            lock.close()
            self._create_lock = None


def _create_shard(shard_dir: Path, dense_dim: int | None) -> qe.EdgeShard:
    """A new shard with our vectors (BM25 sparse with IDF; dense when a model is configured) and payload indexes."""
    vectors = {DENSE: qe.EdgeVectorParams(size=dense_dim, distance=qe.Distance.Cosine)} if dense_dim else {}
    config = qe.EdgeConfig(
        vectors=vectors,
        sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
    )
    shard = qe.EdgeShard.create(str(shard_dir), config)
    for name in KEYWORD_FIELDS:
        shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword))
    for name in INTEGER_FIELDS:
        shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Integer))
    shard.flush()
    return shard


def _write_layout(path: Path, dense_dim: int | None, shard: str) -> None:
    """layout.json, replaced atomically: which shard folder is live and its dense dimension."""
    layout: dict[str, Any] = {"dense_dim": dense_dim, "engine": "qdrant-edge"}
    if shard != _SHARD:
        layout["shard"] = shard
    tmp = (path / _LAYOUT).with_suffix(".tmp")
    tmp.write_text(json.dumps(layout))
    tmp.replace(path / _LAYOUT)


def _filter(flt: SearchFilter) -> qe.Filter:
    must: list[Any] = [qe.FieldCondition(key="kind", match=qe.MatchValue(flt.kind))]
    if flt.regions:
        regions = list(flt.regions)
        must.append(qe.Filter(should=[
            qe.FieldCondition(key="region", match=qe.MatchAny(regions)),
            qe.FieldCondition(key="city", match=qe.MatchAny(regions)),
        ]))
    if flt.agency:
        must.append(qe.FieldCondition(key="agency", match=qe.MatchValue(flt.agency)))
    if flt.doc_type:
        must.append(qe.FieldCondition(key="doc_type", match=qe.MatchValue(flt.doc_type)))
    if flt.year_from is not None or flt.year_to is not None:
        must.append(qe.FieldCondition(key="year", range=qe.RangeFloat(
            gte=None if flt.year_from is None else float(flt.year_from),
            lte=None if flt.year_to is None else float(flt.year_to),
        )))
    if flt.doc_ids:
        must.append(qe.FieldCondition(key="doc_id", match=qe.MatchAny(list(flt.doc_ids))))
    for key, value in flt.extra.items():
        must.append(qe.FieldCondition(key=key, match=qe.MatchValue(value)))
    return qe.Filter(must=must)
