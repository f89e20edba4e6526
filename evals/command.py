"""`assistant eval`: run an eval set or a benchmark, print the metric table, gate against a baseline.

    assistant eval --dataset evals/seeds.jsonl [--k 5] [--report out.json] [--markdown out.md]
                   [--baseline FILE] [--tolerance 0.02] [--save-baseline FILE] [--store PATH]
    assistant eval --benchmark ncpqa|teddy2020 [--distractors N] [--limit N] [--store PATH]
    assistant eval --benchmark broad [--split dev|test] [--store PATH]
    assistant eval --dataset evals/broad.jsonl --split dev|test --store PATH

Exit status: 0 done (and the gate passed), 1 a gated metric fell below the baseline, 2 a usage or
data error (message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from evals.benchmarks import (
    BENCHMARKS,
    BROAD_SET,
    BenchmarkUnavailable,
    benchmark_items,
    default_store,
    index_benchmark,
    sample,
)
from evals.broad import SPLITS, load_split
from evals.dataset import DatasetError, EvalItem
from evals.report import (
    DEFAULT_TOLERANCE,
    ReportError,
    compare,
    load_report,
    metric_table,
    write_json,
    write_markdown,
)
from evals.runner import EvalTarget, run_eval

if TYPE_CHECKING:
    from assistant.types import DocumentRecord
    from index.pipeline import IndexReport

__all__ = ["AssistantFactory", "EvalAssistant", "register", "run"]


class EvalAssistant(EvalTarget, Protocol):
    """What the command needs of an assistant (`assistant.api.AssistantApi` has it): answers, the document
    list (an empty index is refused), index runs (benchmarks) and closing."""

    def documents(self) -> list[DocumentRecord]: ...

    def index(self, paths: Sequence[Path] | None = None, *, rebuild: bool = False) -> IndexReport | None: ...

    def close(self) -> None: ...


AssistantFactory = Callable[..., EvalAssistant]  # (store or None for the default, answerer=…) -> an assistant
BENCH_CORPUS = "bench-corpus"  # folder inside a benchmark's store that holds the corpus written for it


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _tolerance(text: str) -> float:
    value = float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (an absolute drop in a rate), got {value}")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add the `eval` subcommand to an argparse subparsers object and return its parser."""
    p = subparsers.add_parser(
        "eval",
        help="measure retrieval and answers on an eval set or a benchmark; gate against a baseline",
        description=__doc__.splitlines()[0],
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--dataset", type=Path, help="eval set: JSONL, one question per line (e.g. evals/seeds.jsonl)")
    source.add_argument("--benchmark", choices=sorted(BENCHMARKS), help="a public benchmark from ../shared/benchmarks")
    p.add_argument("--k", type=_positive_int, default=5, help="passages the answer draws on; a hit is within k")
    p.add_argument("--limit", type=_positive_int, help="evaluate N questions spread evenly over the set")
    p.add_argument("--split", choices=SPLITS,
                   help="only the questions of this half (lines with \"split\": dev|test, e.g. evals/broad.jsonl)")
    p.add_argument("--distractors", type=_count, default=0,
                   help="benchmarks: also index the first N crud_news documents as distractors")
    p.add_argument("--report", type=Path, help="write the JSON report here")
    p.add_argument("--markdown", type=Path, help="write the Markdown report (failures, metrics by tag) here")
    p.add_argument("--baseline", type=Path, help="JSON report to gate against: exit 1 on a regression")
    p.add_argument("--tolerance", type=_tolerance, default=DEFAULT_TOLERANCE,
                   help=f"largest allowed drop of a metric below the baseline (default {DEFAULT_TOLERANCE})")
    p.add_argument("--save-baseline", type=Path, help="write this run's JSON report as the new baseline")
    p.add_argument("--store", type=Path,
                   help="index folder (default: data/store; benchmarks: data/bench-<name>-<distractors>)")
    p.add_argument("--answerer", choices=["extractive", "llm"],
                   help="who writes the answers (default: $ASSISTANT_ANSWERER, else extractive)")
    return p


def _progress(total: int, what: str) -> tuple[Callable[..., None], Callable[[], None]]:
    """A tqdm bar on an interactive stderr, else nothing."""
    if not sys.stderr.isatty():
        return (lambda *_: None), (lambda: None)
    from tqdm import tqdm

    bar = tqdm(total=total or None, desc=what, unit=" q" if total else " docs", file=sys.stderr)
    return (lambda *_: bar.update(1)), bar.close


def _fail(message: str) -> int:
    print(f"assistant eval: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace, assistant_factory: AssistantFactory) -> int:
    """Run the `eval` subcommand parsed by `register`'s parser; returns the exit status."""
    from index.store import StoreError

    bench: str | None = getattr(args, "benchmark", None)
    store: Path | None = args.store
    try:
        items: list[EvalItem]
        split: str | None = getattr(args, "split", None)
        if bench == "broad":
            items = sample(load_split(BROAD_SET, split), args.limit)
            store = store or default_store(bench, args.distractors)
            title = "Eval report: broad" + (f" ({split} half)" if split else "")
        elif bench:
            if split:
                raise DatasetError(f"--split applies to eval sets with dev/test halves, not to --benchmark {bench}")
            items = benchmark_items(bench, limit=args.limit)
            store = store or default_store(bench, args.distractors)
            title = f"Eval report: {bench}" + (f" + {args.distractors} distractors" if args.distractors else "")
        else:
            items = sample(load_split(args.dataset, split), args.limit)
            title = f"Eval report: {args.dataset}" + (f" ({split} half)" if split else "")
        baseline = load_report(args.baseline) if args.baseline else None
    except (DatasetError, BenchmarkUnavailable, ReportError) as e:
        return _fail(str(e))

    try:
        answerer = getattr(args, "answerer", None)
        assistant = assistant_factory(store, answerer=answerer) if answerer else assistant_factory(store)
    except (StoreError, ValueError) as e:
        return _fail(str(e))
    try:
        if bench:
            corpus = Path(store) / BENCH_CORPUS  # type: ignore[arg-type]
            print(f"indexing {bench} into {store} (unchanged documents are skipped) …", file=sys.stderr)
            indexed = index_benchmark(assistant, bench, corpus, args.distractors)
            print(_index_summary(indexed), file=sys.stderr)
        elif not assistant.documents():
            return _fail(f"the index{f' at {store}' if store else ''} is empty: run `assistant index` first")
        step, done = _progress(len(items), "eval")
        try:
            report = run_eval(assistant, items, k=args.k, on_progress=step)
        finally:
            done()
    except (StoreError, BenchmarkUnavailable) as e:
        return _fail(str(e))
    finally:
        assistant.close()

    print(metric_table(report, baseline))
    failed = len(report.failures)
    print(f"\n{failed} of {len(report.questions)} questions failed" + (" (see --markdown)" if failed else ""))
    if args.report:
        write_json(report, args.report)
    if args.markdown:
        write_markdown(report, args.markdown, title=title, baseline=baseline)
    status = 0
    if baseline is not None:
        comparison = compare(baseline, report, args.tolerance)
        print(comparison.format())
        status = 0 if comparison.passed else 1
    if args.save_baseline:
        if status:
            print(f"not saving {args.save_baseline}: this run regressed against the baseline", file=sys.stderr)
        else:
            write_json(report, args.save_baseline)
            print(f"baseline saved to {args.save_baseline}", file=sys.stderr)
    return status


def _index_summary(report: IndexReport | None) -> str:
    if report is None:
        return "index ready"
    return (f"index ready: {report.documents} documents indexed, {report.skipped} unchanged, "
            f"{report.removed} removed, {len(report.failed)} failed")
