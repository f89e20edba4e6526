"""Benchmark adapters: public data sets turned into eval items plus a JSONL corpus to index.

The data is read in place from the shared benchmarks folder (`../shared/benchmarks` next to the
repository, or $ASSISTANT_BENCHMARKS) and never copied into the repository: the corpus files are
written next to the benchmark's store, which lives under the git-ignored data/ folder.

- ncpqa: questions on 599 government notices; relevant = a passage holding the answer string.
- teddy2020: citizen messages; relevant = a passage of the bureau's own reply (precedent search).
Both may add the first N crud_news documents as distractors.
- broad: the broad eval set (evals/broad.jsonl) over a mixed corpus of work reports, citizen messages
  with their replies, regulations, notices, news and the seeds (see evals/broad_corpus.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from evals.dataset import EvalItem, normalise
from evals.sources import PROJECT_ROOT, BenchmarkUnavailable, benchmarks_dir
from evals.sources import iso_date as _iso_date
from evals.sources import read_jsonl as _read_jsonl
from evals.sources import require as _require
from index.lines import SENTENCE_END, char_class

__all__ = [
    "BENCHMARKS",
    "BROAD_SET",
    "Benchmark",
    "BenchmarkUnavailable",
    "Indexable",
    "benchmark_items",
    "benchmarks_dir",
    "broad_corpus_files",
    "broad_items",
    "default_store",
    "distractor_documents",
    "index_benchmark",
    "ncpqa_documents",
    "ncpqa_items",
    "sample",
    "teddy2020_documents",
    "teddy2020_items",
    "write_corpus",
]

ANSWER_CONTAINS_MAX = 30  # NCPQA answers up to this many characters are also required in the answer
SNIPPET_CHARS = 20  # length of a teddy2020 reply's evidence snippet, normalised characters
_SNIPPET_CANDIDATES = 5  # longest sentences tried per reply when looking for a snippet no other reply has
_SENTENCE_END = re.compile(rf"(?<={char_class(SENTENCE_END)})")  # after NFKC, ！？； are ASCII

T = TypeVar("T")


class Indexable(Protocol):
    """The part of an assistant that builds its index."""

    def index(self, paths: Sequence[Path] | None = None, *, rebuild: bool = False) -> Any: ...


@dataclass(frozen=True)
class Benchmark:
    """One adapter: its eval items and its corpus documents (JSONL records the indexer reads)."""

    name: str
    items: Callable[[Path | None], list[EvalItem]]
    documents: Callable[[Path | None], Iterator[dict[str, Any]]] | None = None
    # several corpus files instead of one: {file name: its records} (the broad corpus)
    files: Callable[[Path | None], dict[str, Iterator[dict[str, Any]]]] | None = None

    def corpus_files(self, root: Path | None = None) -> dict[str, Iterator[dict[str, Any]]]:
        """The corpus as {file name: its records}: `files`, else `<name>.jsonl` from `documents`."""
        if self.files is not None:
            return self.files(root)
        if self.documents is None:
            raise BenchmarkUnavailable(f"benchmark {self.name!r} has no corpus")
        return {f"{self.name}.jsonl": self.documents(root)}


# --- ncpqa ----------------------------------------------------------------------------------------
def ncpqa_items(root: Path | None = None) -> list[EvalItem]:
    """NCPQA questions: evidence = the answer string (verbatim in its gold document)."""
    items: list[EvalItem] = []
    for r in _read_jsonl(_require(root, "ncpqa", "qa.jsonl")):
        question, answer = str(r.get("question") or "").strip(), str(r.get("answer") or "").strip()
        if not question or not normalise(answer):
            continue
        items.append(EvalItem(
            id=str(r.get("qid") or len(items) + 1),
            question=question,
            evidence=(answer,),
            answer_contains=(answer,) if len(normalise(answer)) <= ANSWER_CONTAINS_MAX else (),
            tags=("ncpqa",),
        ))
    return items


def ncpqa_documents(root: Path | None = None) -> Iterator[dict[str, Any]]:
    """NCPQA notices as corpus records {id, text}."""
    for r in _read_jsonl(_require(root, "ncpqa", "docs.jsonl")):
        if r.get("docid") and r.get("text"):
            yield {"id": str(r["docid"]), "text": r["text"]}


# --- teddy2020 ------------------------------------------------------------------------------------
def _teddy_replies(root: Path | None) -> list[dict[str, Any]]:
    rows = _read_jsonl(_require(root, "teddy2020", "replies.jsonl"))
    return [r for r in rows if r.get("msg_id") and normalise(str(r.get("reply") or ""))]


def _snippet_candidates(text: str) -> list[str]:
    """Starts of the reply's longest sentences, longest first (ties in reading order)."""
    sentences = [s for s in _SENTENCE_END.split(normalise(text)) if s]
    sentences.sort(key=len, reverse=True)  # stable: equal lengths keep reading order
    starts = [s[:SNIPPET_CHARS] for s in sentences[:_SNIPPET_CANDIDATES]]
    return list(dict.fromkeys(starts))


def _distinctive_snippets(texts: Sequence[str]) -> list[str]:
    """Per text, the first candidate snippet that no other text contains (else its first candidate)."""
    candidates = [_snippet_candidates(t) for t in texts]
    wanted = {c for cs in candidates for c in cs if len(c) == SNIPPET_CHARS}
    holders: dict[str, int] = dict.fromkeys(wanted, 0)
    for t in texts:
        n = normalise(t)
        for c in {n[i : i + SNIPPET_CHARS] for i in range(len(n) - SNIPPET_CHARS + 1)} & wanted:
            holders[c] += 1
    return [next((c for c in cs if holders.get(c) == 1), cs[0] if cs else "") for cs in candidates]


def teddy2020_items(root: Path | None = None) -> list[EvalItem]:
    """Citizen messages as precedent queries: subject + message; evidence = a snippet of its own reply."""
    replies = _teddy_replies(root)
    snippets = _distinctive_snippets([str(r["reply"]) for r in replies])
    items = []
    for r, snippet in zip(replies, snippets, strict=True):
        question = "\n".join(s for s in (str(r.get("subject") or "").strip(), str(r.get("message") or "").strip()) if s)
        if not question or not snippet:
            continue
        items.append(EvalItem(
            id=f"teddy-{r['msg_id']}",
            question=question,
            evidence=(snippet,),
            tags=("teddy2020", "precedent"),
        ))
    return items


def teddy2020_documents(root: Path | None = None) -> Iterator[dict[str, Any]]:
    """Bureau replies as corpus records {id, title, date, text}."""
    for r in _teddy_replies(root):
        yield {"id": str(r["msg_id"]), "title": str(r.get("subject") or "").strip(),
               "date": _iso_date(r.get("reply_time")), "text": r["reply"]}


# --- distractors ----------------------------------------------------------------------------------
def distractor_documents(n: int, root: Path | None = None) -> Iterator[dict[str, Any]]:
    """The first `n` crud_news documents as corpus records {id: crud-…, text, date}."""
    if n <= 0:
        return
    path = _require(root, "crud_news", "docs.jsonl.gz")
    count = 0
    for r in _read_jsonl(path):
        if count >= n:
            break
        if not r.get("id") or not r.get("text"):
            continue
        doc_id = str(r["id"])
        yield {"id": doc_id if doc_id.startswith("crud-") else f"crud-{doc_id}", "text": r["text"],
               "date": _iso_date(r.get("date"))}
        count += 1


# --- broad ----------------------------------------------------------------------------------------
BROAD_SET = PROJECT_ROOT / "evals" / "broad.jsonl"


def broad_items(root: Path | None = None) -> list[EvalItem]:
    """The broad eval set, both halves (its questions live in the repository, not in `root`)."""
    from evals.broad import load_split

    del root
    return load_split(BROAD_SET)


def broad_corpus_files(root: Path | None = None) -> dict[str, Iterator[dict[str, Any]]]:
    from evals.broad_corpus import broad_files  # imports this module: loaded on use

    return broad_files(root)


# --- wiring ---------------------------------------------------------------------------------------
BENCHMARKS: dict[str, Benchmark] = {
    "ncpqa": Benchmark("ncpqa", ncpqa_items, ncpqa_documents),
    "teddy2020": Benchmark("teddy2020", teddy2020_items, teddy2020_documents),
    "broad": Benchmark("broad", broad_items, files=broad_corpus_files),
}


def _benchmark(name: str) -> Benchmark:
    try:
        return BENCHMARKS[name]
    except KeyError:
        raise BenchmarkUnavailable(f"unknown benchmark {name!r} (known: {', '.join(BENCHMARKS)})") from None


def sample(items: Sequence[T], limit: int | None) -> list[T]:
    """`limit` items spread evenly over `items` (every len/limit-th, from the first); all when no limit."""
    if limit is None or limit >= len(items):
        return list(items)
    if limit <= 0:
        return []
    return [items[i * len(items) // limit] for i in range(limit)]


def benchmark_items(name: str, limit: int | None = None, root: Path | None = None) -> list[EvalItem]:
    """A benchmark's eval items, sampled deterministically down to `limit`."""
    return sample(_benchmark(name).items(root), limit)


def default_store(name: str, distractors: int = 0) -> Path:
    """data/bench-<name>-<distractors> in the repository (git-ignored), one index per configuration."""
    return PROJECT_ROOT / "data" / f"bench-{name}-{distractors}"


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n


def write_corpus(name: str, dest: Path, distractors: int = 0, root: Path | None = None) -> Path:
    """Write the benchmark's corpus (plus distractors) as JSONL files in `dest`; other .jsonl files there go."""
    bench = _benchmark(name)
    if distractors < 0:
        raise ValueError(f"distractors must not be negative, got {distractors}")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    files = bench.corpus_files(root)
    if distractors:
        files["crud_news.jsonl"] = distractor_documents(distractors, root)
    for fname, records in files.items():
        _write_jsonl(dest / fname, records)
    for stale in dest.glob("*.jsonl"):  # e.g. distractors from an earlier run with another --distractors
        if stale.name not in files:
            stale.unlink()
    return dest


def index_benchmark(
    assistant: Indexable, name: str, corpus_dir: Path, distractors: int = 0, root: Path | None = None
) -> Any:
    """Write the corpus to `corpus_dir` and index it incrementally (unchanged documents are skipped)."""
    write_corpus(name, corpus_dir, distractors, root)
    return assistant.index([corpus_dir])
