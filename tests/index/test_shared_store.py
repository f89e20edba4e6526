"""Two indexers racing on a new store: the second is told the store is in use."""

from __future__ import annotations

import subprocess
import sys
import threading

import qdrant_edge as qe

from index.store import SearchFilter
from index.store.edge import EdgeStore
from tests.conftest import CORPUS


def test_second_indexer_on_a_store_being_created_is_told_it_is_in_use(tmp_path, monkeypatch):
    path = tmp_path / "store"
    created, release = threading.Event(), threading.Event()
    real_create = qe.EdgeShard.create

    def slow_create(*args, **kwargs):
        shard = real_create(*args, **kwargs)
        created.set()
        release.wait(timeout=120)
        return shard

    monkeypatch.setattr(qe.EdgeShard, "create", slow_create)
    stores: list[EdgeStore] = []
    first = threading.Thread(target=lambda: stores.append(EdgeStore(path)))
    first.start()
    try:
        assert created.wait(timeout=60)
        proc = subprocess.run([sys.executable, "-m", "assistant.cli", "index", str(CORPUS), "--store", str(path)],
                              capture_output=True, text=True, timeout=300, check=False)
    finally:
        release.set()
        first.join(timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "in use by another process" in proc.stderr and "Traceback" not in proc.stderr
    stores[0].close()
    again = EdgeStore(path)  # the first creation completed normally
    assert again.count(SearchFilter(kind="meta")) == 0
    again.close()


def test_a_creation_interrupted_by_a_crash_is_started_again(tmp_path):
    path = tmp_path / "store"
    (path / "shard").mkdir(parents=True)
    (path / "shard" / "leftover").write_text("x")
    (path / "creating").touch()
    store = EdgeStore(path)
    assert (path / "layout.json").exists() and not (path / "creating").exists()
    store.close()
