"""The broad eval set: its corpus builder (on a miniature benchmarks folder), its file, its halves, --split."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import pytest

from evals.benchmarks import write_corpus
from evals.broad import DOC_KINDS, QUESTION_KINDS, SPLITS, assign_splits, load_split, split_of, stratum
from evals.broad_corpus import (
    broad_files,
    crud_news_documents,
    gov_report_documents,
    lawrefbook_documents,
    teddy_bureau,
    teddy_documents,
)
from evals.command import register, run
from evals.dataset import DatasetError, load_dataset, normalise
from tests.evals.conftest import RealFactory, _jsonl

ROOT = Path(__file__).resolve().parents[2]
BROAD = ROOT / "evals" / "broad.jsonl"


@pytest.fixture
def mini(bench: Path) -> Path:
    """The shared miniature benchmarks plus work reports and lawrefbook regulations."""
    _jsonl(bench / "gov_reports" / "docs.jsonl", [
        {"title": "2024年中华人民共和国国务院政府工作报告", "url": "u1", "year": 2024, "content": "各位代表：\n一、回顾"},
        {"title": "第十四届全国人民代表大会第二次会议关于政府工作报告的决议", "url": "u2", "year": None,
         "content": "会议充分肯定国务院过去一年的工作。"},
    ])
    _jsonl(bench / "lawrefbook" / "docs.jsonl.gz", [
        {"path": "p1", "category": "DLC/上海地方法规", "title": "上海市某某条例", "date": "2010-01-01",
         "text": "# 上海市某某条例\n第一条 旧文本。"},
        {"path": "p2", "category": "DLC/上海地方法规", "title": "上海市某某条例", "date": "2020-05-14",
         "text": "# 上海市某某条例\n第一条 新文本。"},
        {"path": "p3", "category": "宪法相关法", "title": "某某法", "date": "2011-10-29", "text": "第一条 甲。"},
        {"path": "p4", "category": "行政法", "title": "某某法", "date": "2011-10-29", "text": "第一条 甲。"},
        {"path": "p5", "category": "DLC/山东地方法规", "title": "山东省某某条例", "date": "2020-01-01", "text": "第一条 乙。"},
        {"path": "p6", "category": "司法解释", "title": "某某解释", "date": "2020-01-01", "text": "第一条 丙。"},
    ])
    return bench


def test_a_citizen_message_and_its_reply_are_one_document_message_first(mini):
    docs = list(teddy_documents(mini))
    assert [d["id"] for d in docs] == ["teddy-11", "teddy-12"]
    first = docs[0]
    assert first["title"] == "A2区物业管理有问题" and first["date"] == "2019-05-10"
    text = first["text"]
    assert text.index("留言：小区物业乱收停车费。") < text.index("答复：") < text.index("景蓉华苑业委会")
    assert "答复时间：2019-05-10" in text.splitlines()[:3]


def test_a_bureau_is_taken_only_when_the_reply_names_it():
    assert teddy_bureau("网友您好！针对您反映的问题,A3区洋湖街道高度重视，立即组织调查") == "A3区洋湖街道"
    assert teddy_bureau("您好！您反映的问题我局高度重视，现回复如下") is None
    assert teddy_bureau("您好，来信收悉。") is None


def test_regulations_keep_the_latest_version_of_each_title_and_only_the_chosen_branches(mini):
    docs = list(lawrefbook_documents(mini))
    titles = Counter(d["title"] for d in docs)
    assert titles == {"上海市某某条例": 1, "某某法": 1}  # no Shandong, no judicial interpretation, no duplicate
    shanghai = next(d for d in docs if d["title"] == "上海市某某条例")
    assert "新文本" in shanghai["text"] and shanghai["date"] == "2020-05-14"
    assert shanghai["region"] == "上海市" and shanghai["kind"] == "local_regulation"
    assert next(d for d in docs if d["title"] == "某某法").get("region") is None


def test_work_reports_carry_their_year_and_resolutions_have_none(mini):
    docs = list(gov_report_documents(mini))
    assert docs[0]["id"] == "gov-report-2024" and docs[0]["date"] == "2024" and docs[0]["agency"] == "国务院"
    assert docs[1]["id"].startswith("gov-resolution-") and "date" not in docs[1]


def test_news_is_every_nth_item_in_file_order(mini):
    assert [d["id"] for d in crud_news_documents(mini, stride=2)] == ["crud-aa", "crud-cc"]


def test_the_corpus_is_the_same_on_every_run_and_written_outside_the_repository(mini, tmp_path):
    first = {name: list(records) for name, records in broad_files(mini).items()}
    second = {name: list(records) for name, records in broad_files(mini).items()}
    assert first == second
    dest = write_corpus("broad", tmp_path / "corpus", root=mini)
    assert sorted(p.name for p in dest.glob("*.jsonl")) == sorted(first)
    seeds = [json.loads(line) for line in (dest / "seeds.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(seeds) == 5 and all(s["text"].strip() for s in seeds)


# --- the set itself -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def broad_items():
    return load_dataset(BROAD)


def test_the_broad_set_is_large_mixed_and_well_formed(broad_items):
    items = broad_items
    n = len(items)
    assert n >= 300
    assert sum("en" in i.tags for i in items) >= 0.2 * n
    unanswerable = [i for i in items if not i.answerable]
    assert len(unanswerable) >= 0.15 * n
    assert sum("near_miss" in i.tags for i in unanswerable) >= len(unanswerable) / 3
    for i in items:
        doc, kind = stratum(i.tags)
        assert doc in DOC_KINDS and kind in QUESTION_KINDS, i.id
        assert ("zh" in i.tags) != ("en" in i.tags), i.id
        assert all(len(normalise(s)) <= 40 for s in i.evidence), i.id
        if i.answerable:
            assert i.evidence, i.id
        else:
            assert not i.evidence and not i.answer_contains and kind == "unanswerable", i.id


def test_every_document_kind_meets_every_main_question_kind(broad_items):
    pairs = {stratum(i.tags) for i in broad_items}
    docs = {d for d, _ in pairs}
    assert docs >= {"gov_report", "citizen_message", "local_regulation", "national_law", "notice", "news", "seed"}
    for doc in docs:
        kinds = {k for d, k in pairs if d == doc}
        assert {"figure", "unanswerable"} <= kinds, doc
        assert len(kinds) >= 5, (doc, kinds)
    everywhere = {k for _, k in pairs}
    assert everywhere >= {"figure", "who", "which", "where", "when", "action", "list", "metadata", "article",
                          "comparison", "latest", "unanswerable"}


def test_the_halves_are_balanced_within_each_stratum(broad_items):
    splits = split_of(BROAD)
    assert set(splits) == {i.id for i in broad_items}
    sizes = Counter(splits.values())
    assert abs(sizes["dev"] - sizes["test"]) <= len(broad_items) * 0.05
    per: dict[tuple[str, str], Counter] = {}
    for i in broad_items:
        per.setdefault(stratum(i.tags), Counter())[splits[i.id]] += 1
    for key, c in per.items():
        assert abs(c["dev"] - c["test"]) <= 1, key


# --- splits -------------------------------------------------------------------------------------------
def _rec(i: int, doc: str = "news", kind: str = "figure", split: str | None = None) -> dict:
    r = {"id": f"q{i:02d}", "question": f"问题{i}", "tags": [doc, kind, "zh"]}
    if split:
        r["split"] = split
    return r


def test_new_questions_get_a_half_and_existing_ones_never_move():
    first = assign_splits([_rec(i) for i in range(4)] + [_rec(i, kind="when") for i in range(4, 7)])
    assert Counter(r["split"] for r in first[:4]) == {"dev": 2, "test": 2}
    assert Counter(r["split"] for r in first[4:]) in ({"dev": 2, "test": 1}, {"dev": 1, "test": 2})
    again = assign_splits([*first, _rec(7, kind="when")])
    assert [r["split"] for r in again[:7]] == [r["split"] for r in first]
    assert Counter(r["split"] for r in again[4:]) == {"dev": 2, "test": 2}


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_load_split_selects_a_half_and_explains_what_it_cannot_do(tmp_path):
    path = _write(tmp_path / "set.jsonl", [_rec(1, split="dev"), _rec(2, split="test"), _rec(3, split="dev")])
    assert [i.id for i in load_split(path, "dev")] == ["q01", "q03"]
    assert len(load_split(path)) == 3
    with pytest.raises(DatasetError, match="unknown split"):
        load_split(path, "train")
    plain = _write(tmp_path / "plain.jsonl", [_rec(1)])
    with pytest.raises(DatasetError, match="plain.jsonl: no line has a \"split\""):
        load_split(plain, "dev")
    bad = _write(tmp_path / "bad.jsonl", [_rec(1, split="Dev")])
    with pytest.raises(DatasetError, match="bad.jsonl:1"):
        load_split(bad, "dev")


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="assistant")
    register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["eval", *argv])


def test_eval_split_runs_only_that_half(doc_set, factory, tmp_path, capsys):
    records = [json.loads(line) for line in doc_set.read_text(encoding="utf-8").splitlines()]
    for r, half in zip(records, ["dev", "test", "dev", "test"], strict=True):
        r["split"] = half
    path = _write(tmp_path / "halves.jsonl", records)
    report = tmp_path / "r.json"
    status = run(_parse("--dataset", str(path), "--split", "test", "--report", str(report)), factory)
    assert status == 0
    asked = [q["question"] for q in json.loads(report.read_text(encoding="utf-8"))["per_question"]]
    assert asked == [records[1]["question"], records[3]["question"]]
    assert "2 questions failed" not in capsys.readouterr().err


def test_split_with_a_benchmark_that_has_no_halves_is_a_message(bench, tmp_path, capsys):
    status = run(_parse("--benchmark", "ncpqa", "--split", "dev"), RealFactory(tmp_path))
    assert status == 2
    assert "--split" in capsys.readouterr().err


def test_split_is_limited_to_dev_and_test():
    assert SPLITS == ("dev", "test")
    with pytest.raises(SystemExit):
        _parse("--dataset", "a.jsonl", "--split", "train")


@pytest.mark.parametrize("name", ["fresh.jsonl", "fresh2.jsonl", "fresh3.jsonl", "fresh4.jsonl"])
def test_the_fresh_sets_are_well_formed_and_split_by_id_parity(name):
    # written by authors who never saw the assistant: dev (odd ids) is looked into, test (even ids) is not
    items = load_dataset(Path(BROAD).parent / name)
    assert len(items) >= 80 and len({i.id for i in items}) == len(items)
    halves = split_of(Path(BROAD).parent / name)
    for i in items:
        assert halves[i.id] == ("dev" if int(i.id.split("-")[-1]) % 2 else "test"), i.id
        assert all(len(normalise(s)) <= 40 for s in i.evidence), i.id
        assert bool(i.evidence) == i.answerable and bool(i.answer_contains) == i.answerable, i.id
