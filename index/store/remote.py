"""A Qdrant server or cluster through qdrant-client: the scale-out implementation of `Store`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qdrant_client import QdrantClient
from qdrant_client import models as m

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

__all__ = ["RemoteStore"]


class RemoteStore:
    """One collection on a Qdrant server (URL + API key), or qdrant-client's `:memory:` mode in tests."""

    def __init__(
        self,
        client: QdrantClient,
        collection: str = "gov_docs",
        dense_dim: int | None = None,
        create: bool = True,
    ) -> None:
        self.client = client
        self.collection = collection
        if client.collection_exists(collection):
            info = client.get_collection(collection)
            vectors = info.config.params.vectors or {}
            params = vectors.get(DENSE) if isinstance(vectors, dict) else None
            built = params.size if params is not None else None
            if dense_dim is not None and built != dense_dim:
                raise StoreError(
                    f"collection {collection!r} was built with {built or 'no'} dense dimensions, "
                    f"but a {dense_dim}-d model is configured; run `assistant index --rebuild`"
                )
            self._dense_dim = built
        else:
            if not create:
                raise StoreError(f"no collection {collection!r} on the server; run `assistant index` first")
            client.create_collection(
                collection,
                vectors_config={DENSE: m.VectorParams(size=dense_dim, distance=m.Distance.COSINE)}
                if dense_dim
                else {},
                sparse_vectors_config={SPARSE: m.SparseVectorParams(modifier=m.Modifier.IDF)},
            )
            # qdrant-client's in-memory mode ignores payload indexes (and warns); a server uses them.
            for name in KEYWORD_FIELDS if not _is_local(client) else ():
                client.create_payload_index(collection, name, m.PayloadSchemaType.KEYWORD)
            for name in INTEGER_FIELDS if not _is_local(client) else ():
                client.create_payload_index(collection, name, m.PayloadSchemaType.INTEGER)
            self._dense_dim = dense_dim

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
                vec[SPARSE] = m.SparseVector(indices=p.sparse.indices, values=p.sparse.values)
            if p.dense is not None and self._dense_dim:
                vec[DENSE] = list(p.dense)
            out.append(m.PointStruct(id=p.id, vector=vec, payload=p.payload))
        self.client.upsert(self.collection, out, wait=True)

    def delete(self, flt: SearchFilter) -> None:
        self.client.delete(self.collection, m.FilterSelector(filter=_filter(flt)), wait=True)

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
        stages: list[tuple[Any, str]] = []
        if sparse:
            stages.append((m.SparseVector(indices=sparse.indices, values=sparse.values), SPARSE))
        if dense is not None and self._dense_dim:
            stages.append((list(dense), DENSE))
        if not stages:
            return []
        if len(stages) == 1:
            q, using = stages[0]
            res = self.client.query_points(
                self.collection, query=q, using=using, query_filter=f, limit=limit, with_payload=with_payload
            )
        else:
            res = self.client.query_points(
                self.collection,
                prefetch=[m.Prefetch(query=q, using=u, limit=prefetch_limit, filter=f) for q, u in stages],
                query=m.RrfQuery(rrf=m.Rrf(k=RRF_K, weights=list(weights))),
                query_filter=f,
                limit=limit,
                with_payload=with_payload,
            )
        return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in res.points]

    def scroll(self, flt: SearchFilter, limit: int | None = None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        offset = None
        while True:
            page = 1000 if limit is None else min(1000, limit - len(out))
            records, offset = self.client.scroll(
                self.collection, scroll_filter=_filter(flt), limit=page, offset=offset, with_payload=True
            )
            out.extend(dict(r.payload or {}) for r in records)
            if offset is None or (limit is not None and len(out) >= limit):
                return out

    def retrieve(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        return [dict(r.payload or {}) for r in self.client.retrieve(self.collection, list(ids), with_payload=True)]

    def count(self, flt: SearchFilter) -> int:
        return self.client.count(self.collection, count_filter=_filter(flt), exact=True).count

    def flush(self) -> None:
        """Writes are acknowledged with wait=True; the server persists them."""

    def close(self) -> None:
        self.client.close()


def _filter(flt: SearchFilter) -> m.Filter:
    must: list[Any] = [m.FieldCondition(key="kind", match=m.MatchValue(value=flt.kind))]
    if flt.regions:
        regions = list(flt.regions)
        must.append(m.Filter(should=[
            m.FieldCondition(key="region", match=m.MatchAny(any=regions)),
            m.FieldCondition(key="city", match=m.MatchAny(any=regions)),
        ]))
    if flt.agency:
        must.append(m.FieldCondition(key="agency", match=m.MatchValue(value=flt.agency)))
    if flt.doc_type:
        must.append(m.FieldCondition(key="doc_type", match=m.MatchValue(value=flt.doc_type)))
    if flt.year_from is not None or flt.year_to is not None:
        must.append(m.FieldCondition(key="year", range=m.Range(gte=flt.year_from, lte=flt.year_to)))
    if flt.doc_ids:
        must.append(m.FieldCondition(key="doc_id", match=m.MatchAny(any=list(flt.doc_ids))))
    for key, value in flt.extra.items():
        must.append(m.FieldCondition(key=key, match=m.MatchValue(value=value)))
    return m.Filter(must=must)


def _is_local(client: QdrantClient) -> bool:
    from qdrant_client.local.qdrant_local import QdrantLocal

    return isinstance(getattr(client, "_client", None), QdrantLocal)
