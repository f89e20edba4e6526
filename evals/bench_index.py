"""Indexing throughput and index size on a slice of the crud_news benchmark corpus (lexical-only).

    python -m evals.bench_index --docs 5000 [--json] [--workers N] [--store /tmp/bench-store] [--max-tokens 400]

Prints documents/s, chunks/s, the CPU-seconds the run took (this process and its workers; on a
busy machine a steadier figure than wall time), the index size on disk, peak memory, and the time
of an unchanged re-run. The slice is written to a temporary folder outside the repository (benchmark data is never
copied into it); without ../shared/benchmarks it says so and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import offline_environment
from evals.benchmarks import benchmarks_dir

__all__ = ["main"]


def dir_size(path: Path) -> int:
    """Bytes on disk (allocated blocks): the engine preallocates sparse files whose apparent size is larger."""
    return sum(f.stat().st_blocks * 512 for f in path.rglob("*") if f.is_file())


def _cpu_seconds() -> float:
    """User and system CPU time of this process and of its finished child processes (the indexing workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _index(assistant, corpus: Path, options: dict):
    """One index run through the pipeline with the benchmark's options (e.g. the number of workers)."""
    from index.chunk import Chunker
    from index.pipeline import Indexer

    s = assistant.settings
    indexer = Indexer(assistant.store, assistant.tokenizer, Chunker(s.chunk_max_tokens), assistant.embedder,
                      max_file_bytes=s.max_file_bytes, max_doc_chars=s.max_doc_chars,
                      max_doc_chunks=s.max_doc_chunks, **options)
    return indexer.run([corpus])


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    ap = argparse.ArgumentParser(prog="python -m evals.bench_index", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5000, help="number of crud_news documents to index")
    ap.add_argument("--store", type=Path, help="store folder (default: a temporary folder, removed afterwards)")
    ap.add_argument("--max-tokens", type=int, default=400)
    ap.add_argument("--workers", type=int, help="processes for parsing and encoding (default: one per core)")
    ap.add_argument("--json", action="store_true", help="print one JSON object (the default output is indented)")
    args = ap.parse_args(argv)

    src = benchmarks_dir() / "crud_news" / "docs.jsonl.gz"
    if not src.exists():
        print(f"skipped: benchmark data not found at {src}", file=sys.stderr)
        return 0
    from assistant.api import build_assistant
    from assistant.config import Settings

    work = Path(tempfile.mkdtemp(prefix="bench-index-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        with gzip.open(src, "rt", encoding="utf-8") as fin, open(corpus / "crud.jsonl", "w", encoding="utf-8") as out:
            for i, line in enumerate(fin):
                if i >= args.docs:
                    break
                d = json.loads(line)
                out.write(json.dumps({"id": d["id"], "date": d.get("date"), "text": d["text"]}, ensure_ascii=False) + "\n")
        store = args.store or work / "store"
        assistant = build_assistant(Settings(store=store, chunk_max_tokens=args.max_tokens))
        indexer_options = {} if args.workers is None else {"workers": args.workers}
        cpu0 = _cpu_seconds()
        t0 = time.perf_counter()
        report = _index(assistant, corpus, indexer_options)
        wall = time.perf_counter() - t0
        cpu = _cpu_seconds() - cpu0  # this process and its (joined) workers: steadier than wall time on a busy machine
        t1 = time.perf_counter()
        again = _index(assistant, corpus, indexer_options)
        rerun = time.perf_counter() - t1
        assistant.close()
        size = dir_size(store)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rss_workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({
            "docs": report.documents,
            "seconds": round(wall, 2),
            "docs_per_s": round(report.documents / wall, 1),
            "chunks_per_s": round(report.chunks / wall, 1),
            "index_mb": round(size / 1e6, 1),
            "rss_peak_mb": round(rss, 1),
            "workers_rss_peak_mb": round(rss_workers, 1),
            "rerun_unchanged_s": round(rerun, 3),
            "cpu_s": round(cpu, 2),
            "docs_per_cpu_s": round(report.documents / cpu, 1) if cpu else None,
            "documents": report.documents,
            "chunks": report.chunks,
            "failed": len(report.failed),
            "rerun_unchanged_seconds": round(rerun, 2),
            "rerun_skipped": again.skipped,
            "index_bytes": size,
            "bytes_per_chunk": round(size / max(report.chunks, 1)),
        }, indent=None if args.json else 2))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
