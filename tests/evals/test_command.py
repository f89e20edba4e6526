"""`assistant eval`: parsing, the exit status of the gate, files written, friendly errors."""

from __future__ import annotations

import argparse
import json

import pytest

from evals.benchmarks import sample
from evals.command import register, run
from tests.evals.conftest import DOC_ITEMS, RealFactory


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="assistant")
    register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["eval", *argv])


def raised_baseline(path, bump: float = 0.2, now_passing: str | None = None) -> None:
    """Make a saved baseline better than the run it came from: mrr up by `bump`, `now_passing` passed."""
    base = json.loads(path.read_text(encoding="utf-8"))
    base["mrr"] = round(base["mrr"] + bump, 4)
    for q in base["per_question"]:
        if q["id"] == now_passing:
            q["passed"] = True
    path.write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")


def never(store, answerer=None):
    raise AssertionError("no assistant is needed for this")


def test_parser_defaults():
    args = parse("--dataset", "set.jsonl")
    assert (args.k, args.tolerance, args.distractors, args.limit, args.store) == (5, 0.02, 0, None, None)


def test_dataset_or_benchmark_is_required_but_not_both(capsys):
    with pytest.raises(SystemExit):
        parse()
    with pytest.raises(SystemExit):
        parse("--dataset", "a.jsonl", "--benchmark", "ncpqa")
    with pytest.raises(SystemExit):
        parse("--dataset", "a.jsonl", "--tolerance", "-1")


def test_eval_prints_the_metric_table_and_writes_both_reports(doc_set, factory, tmp_path, capsys):
    status = run(parse("--dataset", str(doc_set), "--report", str(tmp_path / "r.json"),
                       "--markdown", str(tmp_path / "r.md"), "--store", str(tmp_path / "s")), factory)
    out = capsys.readouterr().out
    assert status == 0
    assert "| n | 4 |" in out and "| abstention_accuracy | 1.0000 |" in out
    assert "1 of 4 questions failed" in out
    assert factory.stores == [tmp_path / "s"] and factory.closed == [True]
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in report["per_question"] if not q["passed"]] == ["m3"]
    assert "## Failures (1)" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_gate_passes_against_an_equal_baseline(doc_set, factory, tmp_path, capsys):
    base = tmp_path / "baseline.json"
    assert run(parse("--dataset", str(doc_set), "--save-baseline", str(base)), factory) == 0
    assert run(parse("--dataset", str(doc_set), "--baseline", str(base)), factory) == 0
    assert "regression gate: passed" in capsys.readouterr().out


def test_gate_fails_a_worse_run_and_names_the_questions_that_went_from_pass_to_fail(doc_set, factory, tmp_path,
                                                                                      capsys):
    base = tmp_path / "baseline.json"
    run(parse("--dataset", str(doc_set), "--save-baseline", str(base)), factory)
    raised_baseline(base, now_passing="m3")
    saved = base.read_text(encoding="utf-8")
    capsys.readouterr()
    status = run(parse("--dataset", str(doc_set), "--baseline", str(base), "--save-baseline", str(base)), factory)
    captured = capsys.readouterr()
    assert status == 1
    mrr = json.loads(saved)["mrr"]
    assert f"mrr: {mrr:.4f} → {mrr - 0.2:.4f} (-0.2000)" in captured.out
    assert "questions that went from pass to fail (1): m3" in captured.out
    assert "abstention_accuracy:" not in captured.out  # unchanged metrics are not listed
    assert base.read_text(encoding="utf-8") == saved  # a regressed run is not saved
    assert "not saving" in captured.err


def test_gate_passes_within_a_wide_tolerance(doc_set, factory, tmp_path):
    base = tmp_path / "baseline.json"
    run(parse("--dataset", str(doc_set), "--save-baseline", str(base)), factory)
    raised_baseline(base)
    assert run(parse("--dataset", str(doc_set), "--baseline", str(base)), factory) == 1
    assert run(parse("--dataset", str(doc_set), "--baseline", str(base), "--tolerance", "0.5"), factory) == 0


def test_limit_samples_the_eval_set(doc_set, factory, tmp_path):
    run(parse("--dataset", str(doc_set), "--limit", "2", "--report", str(tmp_path / "r.json")), factory)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in report["per_question"]] == [i.id for i in sample(DOC_ITEMS, 2)] == ["m1", "m3"]


def test_a_malformed_eval_set_is_a_message_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok"}\n{"evidence": ["x"]}\n', encoding="utf-8")
    assert run(parse("--dataset", str(bad)), never) == 2  # no index opened for a bad file
    assert f"assistant eval: {bad}:2: missing \"question\"" in capsys.readouterr().err


def test_a_missing_baseline_is_a_message(doc_set, tmp_path, capsys):
    assert run(parse("--dataset", str(doc_set), "--baseline", str(tmp_path / "no.json")), never) == 2
    assert "no such report" in capsys.readouterr().err


def test_an_empty_index_is_a_message(doc_set, tmp_path, capsys):
    factory = RealFactory(tmp_path / "empty", docs={})
    assert run(parse("--dataset", str(doc_set)), factory) == 2
    assert "is empty: run `assistant index` first" in capsys.readouterr().err
    assert factory.closed == [True]


def test_benchmark_writes_its_corpus_beside_the_store_indexes_it_and_evaluates(bench, factory, tmp_path, capsys):
    store = tmp_path / "store"
    status = run(parse("--benchmark", "ncpqa", "--distractors", "2", "--store", str(store),
                       "--report", str(tmp_path / "r.json")), factory)
    assert status == 0
    assert sorted(p.name for p in (store / "bench-corpus").iterdir()) == ["crud_news.jsonl", "ncpqa.jsonl"]
    # the two ncpqa documents and the two distractors were indexed
    assert "index ready: 4 documents indexed, 0 unchanged, 0 removed, 0 failed" in capsys.readouterr().err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["n"] == 2 and factory.closed == [True]


def test_benchmark_without_data_is_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_BENCHMARKS", str(tmp_path / "nowhere"))
    assert run(parse("--benchmark", "teddy2020", "--store", str(tmp_path / "s")), never) == 2
    assert "benchmark data not found" in capsys.readouterr().err
