"""The index fingerprint: an index built with another tokeniser, chunker, embedder or pipeline is refused
with the command that rebuilds it, and that rebuild works (also to another dense dimension)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.chunk import Chunker
from index.pipeline import _META_ID, Indexer, IndexMismatch, index_fingerprint, recorded_fingerprint
from index.store import SearchFilter, StorePoint, open_store
from index.tokenize import get_tokenizer

ROOT = Path(__file__).resolve().parents[2]


class HashEmbedder:
    """A deterministic stand-in for a sentence-transformers model: vectors from a hash of the text."""

    def __init__(self, name: str, dim: int) -> None:
        self.name, self.dim = name, dim

    def embed(self, texts, *, query: bool = False) -> list[list[float]]:
        out = []
        for t in texts:
            h = hashlib.sha256(f"{self.name}|{t}".encode()).digest()
            out.append([b / 255 + 0.01 for b in h[: self.dim]])
        return out


def indexer(store, embedder=None, max_tokens: int = 500) -> Indexer:
    return Indexer(store, get_tokenizer(), Chunker(max_tokens), embedder, workers=1)


def docs(store) -> set[str]:
    return {d["doc_id"] for d in store.scroll(SearchFilter(kind="doc")) if d.get("status") == "complete"}


def test_an_index_records_the_configuration_of_every_step(tmp_path, corpus_copy):
    store = open_store(tmp_path / "s")
    ix = indexer(store, max_tokens=400)
    ix.run([corpus_copy])
    recorded = recorded_fingerprint(store)
    assert recorded == ix.fingerprint
    assert recorded.embedder == "none"
    assert "max 400 tokens" in recorded.chunker
    assert "user dictionary" in recorded.tokenizer
    store.close()


def test_indexing_with_another_chunker_bound_is_refused_with_the_command_to_run(tmp_path, corpus_copy):
    store = open_store(tmp_path / "s")
    indexer(store).run([corpus_copy])
    with pytest.raises(IndexMismatch) as e:
        indexer(store, max_tokens=300).run([corpus_copy])
    assert "chunker" in str(e.value) and "max 500 tokens" in str(e.value)
    assert f"assistant index --rebuild --store {tmp_path / 's'}" in str(e.value)
    assert len(docs(store)) == 5  # nothing touched
    store.close()


def test_rebuild_after_an_embedder_change_switches_to_a_fresh_store(tmp_path, corpus_copy):
    path = tmp_path / "s"
    store = open_store(path, dense_dim=8)
    indexer(store, HashEmbedder("model-a", 8)).run([corpus_copy])
    before = docs(store)
    store.close()

    # another model of another dimension: opening refuses, naming the command; --rebuild opens and rebuilds
    with pytest.raises(Exception, match="--rebuild --store"):
        open_store(path, dense_dim=16)
    store = open_store(path, dense_dim=16, other_dim_ok=True)
    with pytest.raises(IndexMismatch, match="embedder 'model-a \\(8-d\\)'"):
        indexer(store, HashEmbedder("model-b", 16)).run([corpus_copy])
    report = indexer(store, HashEmbedder("model-b", 16)).run(None, rebuild=True)
    assert report.documents == 5 and not report.failed
    assert report.rebuilt_from == [str(corpus_copy.resolve())]
    assert store.dense_dim == 16 and docs(store) == before
    assert recorded_fingerprint(store).embedder == "model-b (16-d)"
    hits = store.query(sparse=None, dense=HashEmbedder("model-b", 16).embed(["x"])[0], flt=SearchFilter(), limit=3)
    assert len(hits) == 3
    store.close()
    assert sorted(p.name for p in path.iterdir() if p.name.startswith("shard")) == [
        json.loads((path / "layout.json").read_text())["shard"]
    ]  # the old shard is gone

    # the same model name in the same dimension but no other change: a plain run is accepted again
    store = open_store(path, dense_dim=16)
    assert indexer(store, HashEmbedder("model-b", 16)).run([corpus_copy]).skipped == 5
    store.close()


def test_rebuild_with_the_same_dimension_but_another_model(tmp_path, corpus_copy):
    store = open_store(tmp_path / "s", dense_dim=8)
    indexer(store, HashEmbedder("model-a", 8)).run([corpus_copy])
    report = indexer(store, HashEmbedder("model-c", 8)).run(None, rebuild=True)
    assert report.documents == 5
    assert recorded_fingerprint(store).embedder == "model-c (8-d)"
    store.close()


def test_a_rebuild_that_cannot_read_a_root_keeps_the_old_index(tmp_path, corpus_copy):
    path = tmp_path / "s"
    store = open_store(path)
    indexer(store).run([corpus_copy])
    shutil.rmtree(corpus_copy)  # an unmounted share
    with pytest.raises(IndexMismatch, match="kept as it was"):
        indexer(store, HashEmbedder("model-a", 8)).run(None, rebuild=True)
    assert len(docs(store)) == 5 and recorded_fingerprint(store).embedder == "none"
    assert [p.name for p in path.iterdir() if p.name.startswith("shard")] == ["shard"]  # the fresh one is gone
    store.close()


def test_an_index_from_before_fingerprints_is_accepted_and_then_records_one(tmp_path, corpus_copy):
    store = open_store(tmp_path / "s")
    ix = indexer(store)
    ix.run([corpus_copy])
    meta = dict(store.retrieve([_META_ID])[0])
    del meta["fingerprint"]
    store.upsert([StorePoint(_META_ID, meta)])
    assert recorded_fingerprint(store) is None
    report = indexer(store, max_tokens=300).run([corpus_copy])  # no recorded configuration to compare with
    assert report.documents == 5  # the bound is part of every document's hash: all re-read
    assert recorded_fingerprint(store) == index_fingerprint(get_tokenizer(), Chunker(300), None)
    store.close()


def test_cli_refuses_a_store_built_otherwise_and_rebuild_fixes_it(tmp_path, corpus_copy):
    env = {**os.environ, "ASSISTANT_STORE": str(tmp_path / "s"), "ASSISTANT_CORPUS": str(corpus_copy)}
    env.pop("ASSISTANT_EMBED_MODEL", None)

    def cli(*args, **extra):
        return subprocess.run([sys.executable, "-m", "assistant.cli", *args], check=False, capture_output=True,
                              text=True, env={**env, **extra}, cwd=ROOT, timeout=300)

    assert cli("index", str(corpus_copy)).returncode == 0
    other = {"ASSISTANT_CHUNK_MAX_TOKENS": "300"}
    refused = cli("search", "电机", **other)
    assert refused.returncode == 3  # EXIT_REBUILD: scripts/start.sh rebuilds on it
    assert f"assistant index --rebuild --store {tmp_path / 's'}" in refused.stderr
    assert cli("index", "--rebuild", **other).returncode == 0
    assert cli("search", "电机", **other).returncode == 0
    assert cli("search", "电机").returncode == 3  # and now the old bound is the other one
