"""Vector stores behind one `Store` interface: Qdrant Edge (embedded, default) and a Qdrant server."""

from __future__ import annotations

from pathlib import Path

from index.store.base import Hit, SearchFilter, Store, StoreError, StorePoint, point_id

__all__ = ["Hit", "SearchFilter", "Store", "StoreError", "StorePoint", "open_store", "point_id"]


def open_store(
    path: Path | None = None,
    *,
    url: str | None = None,
    api_key: str | None = None,
    collection: str = "gov_docs",
    dense_dim: int | None = None,
    create: bool = True,
    other_dim_ok: bool = False,
) -> Store:
    """The embedded Qdrant Edge store at `path`, or the server collection at `url` when one is given.

    `other_dim_ok`: open an embedded store built with another dense dimension, to rebuild it (Indexer.run).
    """
    if url:
        from qdrant_client import QdrantClient

        from index.store.remote import RemoteStore

        client = QdrantClient(location=":memory:") if url == ":memory:" else QdrantClient(url=url, api_key=api_key)
        return RemoteStore(client, collection=collection, dense_dim=dense_dim, create=create)
    if path is None:
        raise StoreError("no store path and no server URL configured")
    from index.store.edge import EdgeStore

    return EdgeStore(path, dense_dim=dense_dim, create=create, other_dim_ok=other_dim_ok)
