"""Metrics worked out by hand: pure functions, then the five-question fixture end to end."""

from __future__ import annotations

import pytest

from evals.metrics import (
    METRIC_KEYS,
    citation_precision,
    evidence_recall,
    fact_recall,
    hit_rate,
    mean,
    mean_reciprocal_rank,
    percentile,
    relevant_ranks,
    summarise,
)
from evals.runner import run_eval


def test_relevant_ranks_are_one_based_and_limited_to_the_top_10():
    texts = ["无关", "包含证据A", "无关", "证据B在这里"] + ["无关"] * 6 + ["证据A又出现"]
    assert relevant_ranks(texts, ["证据A", "证据B"]) == [2, 4]
    assert relevant_ranks(texts, ["证据A"], depth=1) == []


def test_hit_at_k_and_mrr_from_first_ranks():
    firsts = [1, 3, None, 6]
    assert hit_rate(firsts, 1) == 0.25
    assert hit_rate(firsts, 3) == 0.5
    assert hit_rate(firsts, 5) == 0.5
    assert hit_rate(firsts, 10) == 0.75
    assert mean_reciprocal_rank(firsts) == pytest.approx((1 + 1 / 3 + 0 + 1 / 6) / 4)
    assert hit_rate([], 5) is None and mean_reciprocal_rank([]) is None


def test_evidence_recall_is_the_share_of_snippets_found():
    assert evidence_recall(["甲", "乙", "丙"], ["有甲的段落", "有丙的段落"]) == pytest.approx(2 / 3)
    assert evidence_recall([], ["任何"]) is None


def test_answer_fact_recall_is_normalised():
    assert fact_recall("营业收入７.６亿元，利润 3600 万元", ["7.6亿元", "3600万元", "17.6%"]) == pytest.approx(2 / 3)
    assert fact_recall("任何", []) is None


def test_citation_precision_counts_cited_passages_with_evidence():
    assert citation_precision(["有证据X", "无关", "也有证据X"], ["证据X"]) == pytest.approx(2 / 3)
    assert citation_precision([], ["证据X"]) is None


def test_percentiles_interpolate_linearly():
    values = [50.0, 10.0, 40.0, 20.0, 30.0]
    assert percentile(values, 50) == 30.0
    assert percentile(values, 95) == pytest.approx(48.0)  # position 3.8 between 40 and 50
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_mean_ignores_not_applicable_values():
    assert mean([1.0, None, 0.0]) == 0.5
    assert mean([None]) is None


def test_report_has_exactly_the_contract_keys(fake, items):
    report = run_eval(fake, items, k=5).to_dict()
    assert list(report) == [*METRIC_KEYS, "per_question"]
    assert set(report["per_question"][0]) == {
        "id", "question", "tags", "ranks", "first_rank", "hit", "answer", "abstained", "citations", "passed", "reasons",
    }


def test_fixture_metrics_match_the_hand_computation(fake, items):
    m = run_eval(fake, items, k=5).metrics
    assert (m["n"], m["n_answerable"], m["n_unanswerable"]) == (5, 3, 2)
    # first relevant ranks of the answerable questions: q1 2, q2 1, q3 none
    assert m["hit@1"] == round(1 / 3, 4)
    assert m["hit@3"] == m["hit@5"] == m["hit@10"] == round(2 / 3, 4)
    assert m["mrr"] == 0.5  # (1/2 + 1 + 0) / 3
    assert m["evidence_recall@5"] == 0.5  # q1 1/1, q2 1/2 (second snippet only at rank 7), q3 0
    assert m["answer_fact_recall"] == 0.5  # q1 1, q2 1/2, q3 0 (abstained)
    assert m["citation_precision"] == 0.75  # q1 1/1, q2 1/2; q3 abstained, q5 unanswerable
    assert m["abstention_accuracy"] == 0.6  # q3 abstained wrongly, q5 answered wrongly
    assert m["latency_ms_p50"] == 30.0
    assert m["latency_ms_p95"] == 48.0


def test_summarise_of_nothing_gives_nulls_not_zeros():
    m = summarise([])
    assert m["n"] == 0 and m["hit@5"] is None and m["latency_ms_p50"] is None
