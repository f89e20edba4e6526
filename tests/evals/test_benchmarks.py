"""Benchmark adapters on tiny fixture files (ASSISTANT_BENCHMARKS), and on the real data when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.benchmarks import (
    ANSWER_CONTAINS_MAX,
    BenchmarkUnavailable,
    benchmark_items,
    benchmarks_dir,
    default_store,
    ncpqa_items,
    sample,
    teddy2020_documents,
    teddy2020_items,
    write_corpus,
)
from evals.dataset import normalise
from tests.evals.conftest import LONG_ANSWER


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_benchmarks_folder_follows_the_environment(bench):
    assert benchmarks_dir() == bench


def test_benchmarks_folder_defaults_to_shared_beside_the_repository(monkeypatch):
    monkeypatch.delenv("ASSISTANT_BENCHMARKS", raising=False)
    assert benchmarks_dir() == Path(__file__).resolve().parents[3] / "shared" / "benchmarks"


def test_ncpqa_items_use_the_answer_as_evidence_and_require_only_short_answers(bench):
    items = ncpqa_items()
    assert [i.id for i in items] == ["a1", "a2"]  # a blank answer is skipped
    a1, a2 = items
    assert a1.evidence == ("北京北铃专用汽车有限公司",) and a1.answer_contains == a1.evidence
    assert len(LONG_ANSWER) > ANSWER_CONTAINS_MAX and a2.evidence == (LONG_ANSWER,) and a2.answer_contains == ()
    assert a1.answerable and a1.tags == ("ncpqa",)


def test_ncpqa_corpus_with_distractors_is_written_as_jsonl(bench, tmp_path):
    dest = write_corpus("ncpqa", tmp_path / "store" / "bench-corpus", distractors=2)
    assert sorted(p.name for p in dest.iterdir()) == ["crud_news.jsonl", "ncpqa.jsonl"]
    assert _read(dest / "ncpqa.jsonl")[0] == {"id": "d1", "text": "工业和信息化部组织开展督导检查 赴北京北铃专用汽车有限公司检查。"}
    assert _read(dest / "crud_news.jsonl") == [
        {"id": "crud-aa", "text": "新闻一", "date": "2023-07-28"},
        {"id": "crud-bb", "text": "新闻二", "date": "2023-08-11"},
    ]


def test_rewriting_the_corpus_without_distractors_removes_the_old_ones(bench, tmp_path):
    dest = write_corpus("ncpqa", tmp_path / "c", distractors=3)
    first = (dest / "ncpqa.jsonl").read_bytes()
    write_corpus("ncpqa", dest, distractors=0)
    assert [p.name for p in dest.iterdir()] == ["ncpqa.jsonl"]
    assert (dest / "ncpqa.jsonl").read_bytes() == first  # same bytes: the indexer skips every document


def test_teddy_items_ask_subject_and_message_and_find_a_snippet_only_their_reply_has(bench):
    items = teddy2020_items()
    assert [i.id for i in items] == ["teddy-11", "teddy-12"]
    first = items[0]
    assert first.question == "A2区物业管理有问题\n小区物业乱收停车费。"
    assert first.tags == ("teddy2020", "precedent")
    (snippet,) = first.evidence
    assert len(snippet) == 20 and snippet.startswith("经调查,景蓉华苑")  # not the shared boilerplate
    assert snippet in normalise(json.loads((bench / "teddy2020" / "replies.jsonl").read_text().splitlines()[0])["reply"])
    assert items[1].evidence[0].startswith("县交通运输局")


def test_teddy_documents_are_replies_titled_by_subject_and_dated(bench):
    docs = list(teddy2020_documents())
    assert docs[0]["id"] == "11" and docs[0]["title"] == "A2区物业管理有问题" and docs[0]["date"] == "2019-05-10"
    assert docs[1]["date"] == "2019-06-03"


def test_limit_samples_evenly_and_deterministically(bench):
    assert sample(list(range(10)), 3) == [0, 3, 6]
    assert sample(list(range(10)), 4) == [0, 2, 5, 7]
    assert sample(list(range(3)), 10) == [0, 1, 2]
    assert sample(list(range(3)), None) == [0, 1, 2]
    assert [i.id for i in benchmark_items("ncpqa", limit=1)] == ["a1"]
    assert benchmark_items("teddy2020", limit=1) == benchmark_items("teddy2020", limit=1)


def test_absent_benchmark_data_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_BENCHMARKS", str(tmp_path / "nowhere"))
    with pytest.raises(BenchmarkUnavailable, match=r"benchmark data not found: .*nowhere/ncpqa/qa\.jsonl"):
        ncpqa_items()
    with pytest.raises(BenchmarkUnavailable, match="ASSISTANT_BENCHMARKS"):
        write_corpus("teddy2020", tmp_path / "c")


def test_unknown_benchmark_is_a_clear_error(bench):
    with pytest.raises(BenchmarkUnavailable, match="unknown benchmark 'squad'"):
        benchmark_items("squad")


def test_default_store_is_per_benchmark_and_distractor_count_under_data():
    store = default_store("ncpqa", 20000)
    assert store.name == "bench-ncpqa-20000" and store.parent.name == "data"
    assert store.parent.parent == Path(__file__).resolve().parents[2]


# --- the real shared data, when this machine has it ------------------------------------------------
def _real() -> Path:
    root = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"
    if not (root / "ncpqa" / "qa.jsonl").is_file() or not (root / "teddy2020" / "replies.jsonl").is_file():
        pytest.skip(f"the shared benchmarks are not at {root}")
    return root


def test_real_ncpqa_answers_occur_in_their_gold_documents():
    root = _real()
    docs = {json.loads(line)["docid"]: normalise(json.loads(line)["text"])
            for line in (root / "ncpqa" / "docs.jsonl").read_text(encoding="utf-8").splitlines()}
    gold = {json.loads(line)["qid"]: json.loads(line)["gold_docid"]
            for line in (root / "ncpqa" / "qa.jsonl").read_text(encoding="utf-8").splitlines()}
    items = ncpqa_items(root)
    assert len(items) == 1262 and len(docs) == 599
    assert all(normalise(i.evidence[0]) in docs[gold[i.id]] for i in items)


def test_real_teddy_snippets_come_from_their_own_reply():
    root = _real()
    replies = {f"teddy-{json.loads(line)['msg_id']}": normalise(json.loads(line)["reply"])
               for line in (root / "teddy2020" / "replies.jsonl").read_text(encoding="utf-8").splitlines()}
    items = teddy2020_items(root)
    assert len(items) == 2816 and len({i.id for i in items}) == 2816
    assert all(normalise(i.evidence[0]) in replies[i.id] for i in items)
    sampled = sample(items, 200)
    unique = sum(1 for i in sampled if sum(normalise(i.evidence[0]) in r for r in replies.values()) == 1)
    assert unique / len(sampled) > 0.9  # distinctive: almost always found in its own reply only
