"""The real seed eval against the committed baseline: the regression gate CI relies on."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, ROOT

# Each test indexes the seeds and runs the eval in a CLI process: seconds each.
pytestmark = pytest.mark.slow

SEEDS = ROOT / "evals" / "seeds.jsonl"
BASELINE = ROOT / "evals" / "baseline.json"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], check=False, capture_output=True,
                          text=True, timeout=600, env={**os.environ})


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("gate") / "store"
    proc = cli("index", str(CORPUS), "--store", str(path))
    assert proc.returncode == 0, proc.stderr
    return path


def test_every_evidence_snippet_and_answer_string_occurs_in_the_corpus():
    from evals.dataset import load_dataset, normalise

    corpus = normalise("".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))))
    items = load_dataset(SEEDS)
    assert len(items) >= 60
    for item in items:
        for snippet in (*item.evidence, *item.answer_contains):
            assert normalise(snippet) in corpus, f"{item.id}: {snippet!r} is not in the corpus"
        if not item.answerable:
            assert not item.evidence


def test_seed_eval_passes_the_committed_baseline(store, tmp_path):
    report = tmp_path / "report.json"
    proc = cli("eval", "--dataset", str(SEEDS), "--baseline", str(BASELINE), "--store", str(store),
               "--report", str(report))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    print(proc.stdout)  # the metric table, in the CI log
    metrics = json.loads(report.read_text(encoding="utf-8"))
    assert metrics["n"] == len(SEEDS.read_text(encoding="utf-8").splitlines())


def test_degraded_retrieval_fails_the_gate_and_names_the_questions(store):
    # k=1: answers may draw on one passage only and a hit must be first; metrics fall below the baseline.
    proc = cli("eval", "--dataset", str(SEEDS), "--baseline", str(BASELINE), "--store", str(store), "--k", "1")
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    assert "regression gate: FAILED" in out
    # each regressed metric on its own line with baseline → current and a negative difference
    assert re.search(r"^\s+(hit@\d+|mrr|evidence_recall@5|answer_fact_recall|citation_precision|abstention_accuracy):"
                     r" [\d.]+ → [\d.]+ \(-[\d.]+\)$", out, flags=re.MULTILINE), out[-2000:]
    newly = re.search(r"questions that went from pass to fail \((\d+)\): (.+)$", out, flags=re.MULTILINE)
    assert newly and int(newly.group(1)) > 0 and re.fullmatch(r"q\d{3}(, q\d{3})*", newly.group(2).strip())


def test_two_runs_on_the_same_index_give_identical_metrics(store):
    from assistant.api import build_assistant
    from assistant.config import Settings
    from evals.dataset import load_dataset
    from evals.runner import run_eval

    a = build_assistant(Settings(store=store), create=False)
    try:
        items = load_dataset(SEEDS)
        first, second = run_eval(a, items).to_dict(), run_eval(a, items).to_dict()
    finally:
        a.close()
    drop = ("latency_ms_p50", "latency_ms_p95", "per_question")
    assert {k: v for k, v in first.items() if k not in drop} == {k: v for k, v in second.items() if k not in drop}
    assert [q["answer"] for q in first["per_question"]] == [q["answer"] for q in second["per_question"]]
