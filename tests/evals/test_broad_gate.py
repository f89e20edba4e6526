"""The broad eval set on its real corpus against the committed baseline: the second regression gate.

Needs the shared benchmarks folder (../shared/benchmarks or $ASSISTANT_BENCHMARKS); skipped without it.
Building the corpus and its index takes about two minutes on two cores; the eval itself seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from evals.benchmarks import benchmarks_dir
from tests.conftest import ROOT

BROAD = ROOT / "evals" / "broad.jsonl"
BASELINE = ROOT / "evals" / "baseline_broad.json"
SOURCES = ("gov_reports/docs.jsonl", "teddy2020/replies.jsonl", "lawrefbook/docs.jsonl.gz", "ncpqa/docs.jsonl",
           "crud_news/docs.jsonl.gz")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not all((benchmarks_dir() / s).is_file() for s in SOURCES),
        reason=f"benchmark data not found under {benchmarks_dir()} (set ASSISTANT_BENCHMARKS)",
    ),
]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], check=False, capture_output=True,
                          text=True, timeout=1800, env={**os.environ})


def test_every_evidence_snippet_and_answer_string_occurs_in_the_built_corpus():
    from evals.broad_corpus import broad_files
    from evals.dataset import load_dataset, normalise

    texts = [normalise(f"{r.get('title') or ''}\n{r['text']}") for records in broad_files().values() for r in records]
    assert 4000 <= len(texts) <= 6000
    for item in load_dataset(BROAD):
        holders = [t for t in texts if any(normalise(s) in t for s in item.evidence)]
        if item.answerable:
            assert holders, f"{item.id}: no evidence snippet is in the corpus"
        for snippet in item.evidence:
            assert any(normalise(snippet) in t for t in texts), f"{item.id}: {snippet!r} is not in the corpus"
        for fact in item.answer_contains:
            # the fact is stated by a document that holds the evidence (its text or its record)
            assert any(normalise(fact) in t for t in holders), f"{item.id}: {fact!r} is not in an evidence document"


@pytest.fixture(scope="module")
def gated(tmp_path_factory):
    """One run of the whole set (both halves) on a freshly built store, gated against the baseline."""
    out = tmp_path_factory.mktemp("broad")
    report = out / "report.json"
    proc = cli("eval", "--benchmark", "broad", "--store", str(out / "store"), "--baseline", str(BASELINE),
               "--report", str(report))
    return proc, report


def test_broad_eval_passes_the_committed_baseline(gated):
    proc, report = gated
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    print(proc.stdout)  # the metric table, in the CI log
    metrics = json.loads(report.read_text(encoding="utf-8"))
    assert metrics["n"] == len(BROAD.read_text(encoding="utf-8").splitlines())
    assert {q["id"] for q in metrics["per_question"]} == {q["id"] for q in json.loads(
        BASELINE.read_text(encoding="utf-8"))["per_question"]}
