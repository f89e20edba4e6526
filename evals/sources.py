"""Where the shared benchmark data lives and how its files are read: one place for the benchmark adapters
(evals/benchmarks.py) and the broad corpus builder (evals/broad_corpus.py), which both read it."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index.lines import parse_date

__all__ = ["PROJECT_ROOT", "BenchmarkUnavailable", "benchmarks_dir", "iso_date", "read_jsonl", "require"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the repository (benchmarks/ sits beside it)


class BenchmarkUnavailable(RuntimeError):
    """The benchmark data is not on this machine (or not where it was looked for)."""


def benchmarks_dir() -> Path:
    """$ASSISTANT_BENCHMARKS, else `shared/benchmarks` beside the repository."""
    env = os.environ.get("ASSISTANT_BENCHMARKS")
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "benchmarks"


def require(root: Path | None, *parts: str) -> Path:
    base = root if root is not None else benchmarks_dir()
    path = base.joinpath(*parts)
    if not path.is_file():
        raise BenchmarkUnavailable(
            f"benchmark data not found: {path} (set ASSISTANT_BENCHMARKS to the folder that holds "
            "ncpqa/, teddy2020/ and crud_news/)"
        )
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise BenchmarkUnavailable(f"{path}:{lineno}: not valid JSON ({e.msg})") from None
            if isinstance(record, dict):
                yield record


def iso_date(value: Any) -> str | None:
    """'2019/5/10 14:56:53' or '2023-07-28 16:40' -> '2019-05-10' / '2023-07-28'; None if no date."""
    return parse_date(str(value or ""), timestamp=True)
