"""`assistant eval`: parsing, the exit status of the gate, files written, friendly errors."""

from __future__ import annotations

import argparse
import json

import pytest

from evals.command import register, run
from tests.evals.conftest import SCRIPT, FakeAssistant, Scripted


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="assistant")
    register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["eval", *argv])


class Factory:
    """Hands out one fake and remembers the store it was asked for."""

    def __init__(self, fake: FakeAssistant) -> None:
        self.fake = fake
        self.stores: list = []

    def __call__(self, store):
        self.stores.append(store)
        return self.fake


def worse_script() -> dict[str, Scripted]:
    """q1 no longer retrieves its evidence, so hit@k, mrr and evidence recall fall and q1 fails."""
    script = dict(SCRIPT)
    q1 = "威海电机产业有多少家规上企业？"
    script[q1] = Scripted(search=["无关的段落"] * 3, answer="规上企业35家[1]。", cites=[1], latency_ms=10.0)
    return script


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


def test_eval_prints_the_metric_table_and_writes_both_reports(dataset_file, tmp_path, capsys):
    factory = Factory(FakeAssistant(SCRIPT))
    status = run(parse("--dataset", str(dataset_file), "--report", str(tmp_path / "r.json"),
                       "--markdown", str(tmp_path / "r.md"), "--store", str(tmp_path / "s")), factory)
    out = capsys.readouterr().out
    assert status == 0
    assert "| hit@5 | 0.6667 |" in out and "| abstention_accuracy | 0.6000 |" in out
    assert "3 of 5 questions failed" in out
    assert factory.stores == [tmp_path / "s"] and factory.fake.closed
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["mrr"] == 0.5
    assert "## Failures (3)" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_gate_passes_against_an_equal_baseline(dataset_file, tmp_path, capsys):
    base = tmp_path / "baseline.json"
    assert run(parse("--dataset", str(dataset_file), "--save-baseline", str(base)), Factory(FakeAssistant(SCRIPT))) == 0
    assert run(parse("--dataset", str(dataset_file), "--baseline", str(base)), Factory(FakeAssistant(SCRIPT))) == 0
    assert "regression gate: passed" in capsys.readouterr().out


def test_gate_fails_a_worse_run_and_names_the_questions_that_went_from_pass_to_fail(dataset_file, tmp_path, capsys):
    base = tmp_path / "baseline.json"
    run(parse("--dataset", str(dataset_file), "--save-baseline", str(base)), Factory(FakeAssistant(SCRIPT)))
    capsys.readouterr()
    status = run(parse("--dataset", str(dataset_file), "--baseline", str(base), "--save-baseline", str(base)),
                 Factory(FakeAssistant(worse_script())))
    captured = capsys.readouterr()
    assert status == 1
    assert "hit@3: 0.6667 → 0.3333" in captured.out and "mrr: 0.5000 → 0.3333" in captured.out
    assert "questions that went from pass to fail (1): q1" in captured.out
    assert "abstention_accuracy:" not in captured.out  # unchanged metrics are not listed
    assert json.loads(base.read_text(encoding="utf-8"))["mrr"] == 0.5  # a regressed run is not saved
    assert "not saving" in captured.err


def test_gate_passes_within_a_wide_tolerance(dataset_file, tmp_path):
    base = tmp_path / "baseline.json"
    run(parse("--dataset", str(dataset_file), "--save-baseline", str(base)), Factory(FakeAssistant(SCRIPT)))
    args = parse("--dataset", str(dataset_file), "--baseline", str(base), "--tolerance", "0.5")
    assert run(args, Factory(FakeAssistant(worse_script()))) == 0


def test_limit_samples_the_eval_set(dataset_file, tmp_path):
    fake = FakeAssistant(SCRIPT)
    run(parse("--dataset", str(dataset_file), "--limit", "2", "--report", str(tmp_path / "r.json")), Factory(fake))
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in report["per_question"]] == ["q1", "q3"]


def test_a_malformed_eval_set_is_a_message_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok"}\n{"evidence": ["x"]}\n', encoding="utf-8")
    factory = Factory(FakeAssistant({}))
    assert run(parse("--dataset", str(bad)), factory) == 2
    assert f"assistant eval: {bad}:2: missing \"question\"" in capsys.readouterr().err
    assert factory.stores == []  # no index opened for a bad file


def test_a_missing_baseline_is_a_message(dataset_file, tmp_path, capsys):
    assert run(parse("--dataset", str(dataset_file), "--baseline", str(tmp_path / "no.json")),
               Factory(FakeAssistant(SCRIPT))) == 2
    assert "no such report" in capsys.readouterr().err


def test_an_empty_index_is_a_message(dataset_file, capsys):
    fake = FakeAssistant(SCRIPT, documents=[])
    assert run(parse("--dataset", str(dataset_file)), Factory(fake)) == 2
    assert "is empty: run `assistant index` first" in capsys.readouterr().err
    assert fake.closed


def test_benchmark_writes_its_corpus_beside_the_store_indexes_it_and_evaluates(bench, tmp_path, capsys):
    fake = FakeAssistant({
        "工业和信息化部到哪家企业进行督导检查？": Scripted(
            search=["赴北京北铃专用汽车有限公司检查。"], answer="北京北铃专用汽车有限公司[1]", cites=[1]),
    })
    store = tmp_path / "store"
    status = run(parse("--benchmark", "ncpqa", "--distractors", "2", "--store", str(store),
                       "--report", str(tmp_path / "r.json")), Factory(fake))
    assert status == 0
    assert fake.indexed == [[store / "bench-corpus"]]
    assert sorted(p.name for p in (store / "bench-corpus").iterdir()) == ["crud_news.jsonl", "ncpqa.jsonl"]
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["n"] == 2 and report["hit@1"] == 0.5
    assert [q["passed"] for q in report["per_question"]] == [True, False]


def test_benchmark_without_data_is_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_BENCHMARKS", str(tmp_path / "nowhere"))
    factory = Factory(FakeAssistant({}))
    assert run(parse("--benchmark", "teddy2020", "--store", str(tmp_path / "s")), factory) == 2
    assert "benchmark data not found" in capsys.readouterr().err
    assert factory.stores == []
