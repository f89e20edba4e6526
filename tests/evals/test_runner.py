"""The runner: one search and one answer call per question, the passing rule, determinism."""

from __future__ import annotations

import pytest

from assistant.types import Filters
from evals.dataset import EvalItem
from evals.runner import run_eval
from tests.evals.conftest import SCRIPT, Scripted, ScriptedTarget


def by_id(report):
    return {q.id: q for q in report.questions}


def test_each_question_is_searched_once_at_depth_10_and_answered_once_at_k(fake, items):
    run_eval(fake, items, k=3)
    assert [c[0] for c in fake.calls] == ["search", "answer"] * len(items)
    assert {c[3] for c in fake.calls if c[0] == "search"} == {10}
    assert {c[3] for c in fake.calls if c[0] == "answer"} == {3}


def test_filters_of_an_item_reach_search_and_answer():
    fake = ScriptedTarget({})
    run_eval(fake, [EvalItem("f", "问题", filters={"region": "威海市", "year": 2024})])
    want = Filters(region="威海市", year_from=2024, year_to=2024)
    assert [c[2] for c in fake.calls] == [want, want]


def test_per_question_results_and_reasons(fake, items):
    q = by_id(run_eval(fake, items, k=5))
    assert q["q1"].passed and q["q1"].reasons == [] and q["q1"].ranks == [2] and q["q1"].first_rank == 2
    assert q["q1"].citations == ["doc::0002"]
    assert not q["q2"].passed
    assert q["q2"].ranks == [1, 7] and q["q2"].hit
    assert q["q2"].reasons == ["answer lacks '3600万元'", "citation [2] has no evidence"]
    assert q["q3"].reasons == ["no evidence in top 5", "abstained on an answerable question"]
    assert q["q3"].first_rank is None and not q["q3"].hit
    assert q["q4"].passed and q["q4"].abstained
    assert q["q5"].reasons == ["should have abstained"]


def test_a_hit_counts_only_within_k(fake, items):
    q = by_id(run_eval(fake, items, k=1))
    assert not q["q1"].hit and q["q1"].reasons == ["no evidence in top 1"]
    assert q["q1"].ranks == [2]  # ranks still look at the top 10


def test_answerable_question_without_evidence_is_judged_on_its_answer_only():
    fake = ScriptedTarget({"问题": Scripted(search=["无关"], answer="答案是42[1]。", cites=[1])})
    report = run_eval(fake, [EvalItem("x", "问题", answer_contains=("42",))])
    (q,) = report.questions
    assert q.passed and q.ranks == [] and not q.hit
    assert report.metrics["hit@5"] is None and report.metrics["citation_precision"] is None
    assert report.metrics["answer_fact_recall"] == 1.0


def test_latency_falls_back_to_the_stopwatch_when_the_assistant_reports_none():
    fake = ScriptedTarget({"问题": Scripted(search=[], answer="不知道", abstained=True, latency_ms=0.0)})
    report = run_eval(fake, [EvalItem("x", "问题", answerable=False)])
    assert report.metrics["latency_ms_p50"] is not None and report.metrics["latency_ms_p50"] >= 0


def test_two_runs_give_identical_reports_latency_aside(items):
    def strip(d):
        return {k: v for k, v in d.items() if not k.startswith("latency")}

    script = {q: Scripted(s.search, s.answer, s.abstained, s.cites, latency_ms=0.0)
              for q, s in SCRIPT.items()}
    a = run_eval(ScriptedTarget(script), items).to_dict()
    b = run_eval(ScriptedTarget(script), items).to_dict()
    assert strip(a) == strip(b)
    assert [q["id"] for q in a["per_question"]] == [i.id for i in items]


def test_k_must_be_positive(fake, items):
    with pytest.raises(ValueError):
        run_eval(fake, items, k=0)


def test_by_tag_metrics_are_sorted_and_count_each_tag(fake, items):
    tags = run_eval(fake, items).by_tag()
    assert list(tags) == ["facts", "figures", "unanswerable", "zh"]
    assert tags["facts"]["n"] == 2 and tags["facts"]["passed"] == 0.5
    assert tags["unanswerable"]["abstention_accuracy"] == 0.5
