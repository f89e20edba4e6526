"""Indexing throughput and index size on a slice of the crud_news benchmark corpus (lexical-only).

    python -m evals.bench_index --docs 5000 [--store /tmp/bench-store] [--max-tokens 400]

Prints documents/s, chunks/s, per-stage seconds and the index size on disk. The slice is written to a
temporary folder outside the repository (benchmark data is never copied into it).
"""

from __future__ import annotations

import argparse
import gzip
import json
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


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    ap = argparse.ArgumentParser(prog="python -m evals.bench_index", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5000, help="number of crud_news documents to index")
    ap.add_argument("--store", type=Path, help="store folder (default: a temporary folder, removed afterwards)")
    ap.add_argument("--max-tokens", type=int, default=400)
    args = ap.parse_args(argv)

    src = benchmarks_dir() / "crud_news" / "docs.jsonl.gz"
    if not src.exists():
        print(f"benchmark data not found at {src}", file=sys.stderr)
        return 2
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
        t0 = time.perf_counter()
        report = assistant.index([corpus])
        wall = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = assistant.index([corpus])
        rerun = time.perf_counter() - t1
        assistant.close()
        size = dir_size(store)
        print(json.dumps({
            "documents": report.documents,
            "chunks": report.chunks,
            "failed": len(report.failed),
            "seconds": round(wall, 2),
            "docs_per_s": round(report.documents / wall, 1),
            "chunks_per_s": round(report.chunks / wall, 1),
            "rerun_unchanged_seconds": round(rerun, 2),
            "rerun_skipped": again.skipped,
            "index_bytes": size,
            "index_mb": round(size / 1e6, 1),
            "bytes_per_chunk": round(size / max(report.chunks, 1)),
        }, indent=2))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
