"""Query latency at scale, and the same searches on qdrant-client's local mode and on a naive bm25s index.

    python -m evals.bench_query [--json] [--distractors 54890] [--queries 200] [--compare-queries 30]
                                [--store PATH]

The store holds NCPQA plus crud_news distractors (all 54,890 by default, ~160k chunks); an existing
benchmark store (data/bench-ncpqa-<N>, as `assistant eval --benchmark ncpqa` builds it) is reused,
otherwise it is built first. Measured in one run:
- `search_p50_ms`/`search_p95_ms` (Assistant.search) and `ask_p50_ms`/`ask_p95_ms` (Assistant.answer)
  over NCPQA questions; `open_s` (opening the store), `rss_mb`, `app_start_s` (app.py until ready);
- the raw BM25 query of a sample of questions on this store (Qdrant Edge), on a qdrant-client local-mode
  store holding the same points (what PrivateGPT embeds), and on a bm25s index of the same chunk terms;
  `x_vs_qdrant_local` and `x_vs_bm25s` are their median latencies divided by Qdrant Edge's.
Benchmark data is read from ../shared/benchmarks (or $ASSISTANT_BENCHMARKS); without it the harness
says so and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import offline_environment
from evals.bench_app import start_app

__all__ = ["main"]


def _ms(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return round(s[min(len(s) - 1, round(q * (len(s) - 1)))] * 1000, 2) if s else 0.0


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _app_start_seconds(store: Path) -> float | None:
    """Seconds from starting app.py on the store until it says it is ready (a real process on loopback)."""
    work = Path(tempfile.mkdtemp(prefix="bench-query-app-"))
    t0 = time.perf_counter()
    app = start_app(store, work)
    try:
        return round(time.perf_counter() - t0, 2) if app.wait_ready(600) else None
    finally:
        app.stop()
        shutil.rmtree(work, ignore_errors=True)


def _edge_points(store) -> list:
    """Every chunk point of the Edge store with its sparse vector, as StorePoints."""
    import qdrant_edge as qe

    from index.sparse import SparseVec
    from index.store import SearchFilter, StorePoint
    from index.store.base import SPARSE
    from index.store.edge import _filter

    out = []
    offset = None
    while True:
        records, offset = store._shard.scroll(qe.ScrollRequest(offset=offset, limit=2000, filter=_filter(
            SearchFilter()), with_payload=True, with_vector=True))
        for r in records:
            vec = (r.vector or {}).get(SPARSE)
            sparse = SparseVec(list(vec.indices), list(vec.values)) if vec is not None else None
            out.append(StorePoint(str(r.id), dict(r.payload or {}), sparse))
        if offset is None:
            return out


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    ap = argparse.ArgumentParser(prog="python -m evals.bench_query", description=__doc__.splitlines()[0])
    ap.add_argument("--distractors", type=int, default=54_890, help="crud_news documents besides NCPQA")
    ap.add_argument("--queries", type=int, default=200, help="NCPQA questions timed on this store")
    ap.add_argument("--compare-queries", type=int, default=30, help="questions timed on all three engines")
    ap.add_argument("--qdrant-points", type=int, help="load only the first N points into qdrant-client's local "
                    "mode (its upsert takes minutes per 10k points; default: all); reported as qdrant_local_points")
    ap.add_argument("--store", type=Path, help="benchmark store (default: data/bench-ncpqa-<distractors>)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)

    from evals.benchmarks import BenchmarkUnavailable, benchmark_items, default_store, index_benchmark
    from evals.command import BENCH_CORPUS

    try:
        items = benchmark_items("ncpqa", limit=args.queries)
    except BenchmarkUnavailable as e:
        print(f"skipped: {e}", file=sys.stderr)
        return 0
    from assistant.api import build_assistant
    from assistant.config import Settings
    from index.store import SearchFilter

    store_path = args.store or default_store("ncpqa", args.distractors)
    if not (store_path / "layout.json").exists():
        print(f"building {store_path} (NCPQA + {args.distractors} distractors) …", file=sys.stderr)
        a = build_assistant(Settings(store=store_path))
        index_benchmark(a, "ncpqa", store_path / BENCH_CORPUS, args.distractors)
        a.close()

    t0 = time.perf_counter()
    a = build_assistant(Settings(store=store_path), create=False)
    open_s = time.perf_counter() - t0
    questions = [it.question for it in items]
    chunks = a.store.count(SearchFilter())
    a.search(questions[0])  # first query loads statistics
    search_t, ask_t = [], []
    for q in questions:
        t = time.perf_counter()
        a.search(q, k=10)
        search_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        a.answer(q)
        ask_t.append(time.perf_counter() - t)
    rss = _rss_mb()

    # --- the same BM25 queries on three engines -------------------------------------------------------
    sample = questions[: args.compare_queries]
    encoder = a.retriever.encoder  # the query encoder the assistant itself uses
    vectors = [encoder.encode_query(q) for q in sample]
    edge_t = []
    for v in vectors:
        t = time.perf_counter()
        a.store.query(sparse=v, dense=None, flt=SearchFilter(), limit=10)
        edge_t.append(time.perf_counter() - t)

    points = _edge_points(a.store)
    # bm25s over the same chunk texts, tokenised the same way (its own BM25 weights: a naive baseline)
    import bm25s

    corpus_terms = [encoder.terms(f"{p.payload.get('title', '')}\n{p.payload.get('heading', '')}\n"
                                  f"{p.payload.get('text', '')}") for p in points]
    bm = bm25s.BM25()
    t = time.perf_counter()
    bm.index(corpus_terms, show_progress=False)
    bm25s_build_s = time.perf_counter() - t
    del corpus_terms
    bm_t = []
    for q in sample:
        terms = [encoder.terms(q)]
        t = time.perf_counter()
        with contextlib.suppress(Exception):  # a query with no known term: timed as is
            bm.retrieve(terms, k=10, show_progress=False, n_threads=1)
        bm_t.append(time.perf_counter() - t)
    del bm

    # qdrant-client local mode holding the same points
    from qdrant_client import QdrantClient

    from index.store.remote import RemoteStore

    local_dir = Path(tempfile.mkdtemp(prefix="bench-qdrant-local-"))
    try:
        client = QdrantClient(path=str(local_dir))
        local = RemoteStore(client, collection="bench")
        local_points = points[: args.qdrant_points] if args.qdrant_points else points
        t = time.perf_counter()
        for i in range(0, len(local_points), 2000):
            local.upsert(local_points[i : i + 2000])
        local_upsert_s = time.perf_counter() - t
        del points, local_points
        local_t = []
        for v in vectors:
            t = time.perf_counter()
            local.query(sparse=v, dense=None, flt=SearchFilter(), limit=10)
            local_t.append(time.perf_counter() - t)
        client.close()
    finally:
        shutil.rmtree(local_dir, ignore_errors=True)
    a.close()

    app_start_s = _app_start_seconds(store_path)
    edge_p50 = statistics.median(edge_t)
    out = {
        "chunks": chunks,
        "queries": len(questions),
        "search_p50_ms": _ms(search_t, 0.5),
        "search_p95_ms": _ms(search_t, 0.95),
        "ask_p50_ms": _ms(ask_t, 0.5),
        "ask_p95_ms": _ms(ask_t, 0.95),
        "rss_mb": rss,
        "open_s": round(open_s, 2),
        "app_start_s": app_start_s,
        "compare_queries": len(sample),
        "edge_bm25_p50_ms": _ms(edge_t, 0.5),
        "qdrant_local_p50_ms": _ms(local_t, 0.5),
        "qdrant_local_points": args.qdrant_points or chunks,
        "qdrant_local_upsert_s": round(local_upsert_s, 1),
        "bm25s_p50_ms": _ms(bm_t, 0.5),
        "bm25s_build_s": round(bm25s_build_s, 1),
        "x_vs_qdrant_local": round(statistics.median(local_t) / edge_p50, 1) if edge_p50 else None,
        "x_vs_bm25s": round(statistics.median(bm_t) / edge_p50, 1) if edge_p50 else None,
    }
    print(json.dumps(out, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
