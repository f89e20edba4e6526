"""Reports: JSON round trip, Markdown contents, and the baseline gate."""

from __future__ import annotations

import copy
import json

import pytest

from evals.report import ReportError, compare, load_report, metric_table, to_markdown, write_json
from evals.runner import run_eval
from tests.evals.conftest import SCRIPT, Scripted, ScriptedTarget


@pytest.fixture
def report(fake, items):
    return run_eval(fake, items, k=5)


def test_json_report_round_trips(report, tmp_path):
    path = write_json(report, tmp_path / "out" / "report.json")
    loaded = load_report(path)
    assert loaded == json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert "威海" in path.read_text(encoding="utf-8")  # Chinese kept readable


def test_loading_a_bad_baseline_names_the_file(tmp_path):
    with pytest.raises(ReportError, match="no such report"):
        load_report(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ReportError, match=r"bad\.json: not valid JSON"):
        load_report(bad)
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(ReportError, match="not an eval report"):
        load_report(other)


def test_metric_table_lists_every_metric(report):
    table = metric_table(report)
    for key in ("hit@1", "hit@10", "mrr", "evidence_recall@5", "abstention_accuracy", "latency_ms_p95"):
        assert f"| {key} |" in table


def test_markdown_shows_failures_with_evidence_retrieved_passages_and_answer(report):
    md = to_markdown(report)
    assert md.index("## Metrics") < md.index("## Failures (3)") < md.index("## By tag")
    failures = md[md.index("## Failures"):md.index("## By tag")]
    assert "### q2: 一季度营收和利润？" in failures
    assert "「利润总额3600万元」" in failures  # expected evidence
    assert "answer lacks '3600万元'" in failures
    assert "1. 标题1 | 一、第1节 | 2024年一季度实现营业收入7.6亿元。 ✓" in failures  # top-3 passage
    assert "> 一季度实现营业收入7.6亿元[1]，发展势头良好[2]。" in failures  # the answer
    assert "### q5" in failures and "expected: an abstention" in failures
    assert "### q1" not in failures and "### q4" not in failures


def test_markdown_has_a_by_tag_table(report):
    by_tag = to_markdown(report).split("## By tag")[1]
    assert "| tag | n | passed |" in by_tag
    for tag in ("facts", "figures", "unanswerable", "zh"):
        assert f"| {tag} |" in by_tag


def test_markdown_preview_is_cut_at_80_characters(items):
    script = dict(SCRIPT)
    q1 = items[0].question
    script[q1] = Scripted(search=["很长的段落" * 40], answer="无关[1]", cites=[1])
    md = to_markdown(run_eval(ScriptedTarget(script), items))
    assert f"1. 标题1 | 一、第1节 | {'很长的段落' * 16}\n" in md


def test_gate_passes_an_identical_report(report):
    result = compare(report.to_dict(), report)
    assert result.passed and result.regressions == [] and result.newly_failing == []


def test_gate_fails_a_worse_report_and_names_questions_that_went_from_pass_to_fail(report):
    baseline = report.to_dict()
    worse = copy.deepcopy(baseline)
    worse["hit@5"] = baseline["hit@5"] - 0.2
    worse["per_question"][0]["passed"] = False  # q1
    worse["per_question"][3]["passed"] = False  # q4
    result = compare(baseline, worse, tolerance=0.02)
    assert not result.passed
    assert [r.metric for r in result.regressions] == ["hit@5"]
    assert result.newly_failing == ["q1", "q4"]
    text = result.format()
    assert "FAILED" in text and "hit@5: 0.6667 → 0.4667" in text and "q1, q4" in text


def test_gate_passes_a_drop_within_the_tolerance(report):
    baseline = report.to_dict()
    slightly = dict(baseline, mrr=baseline["mrr"] - 0.02, **{"hit@1": baseline["hit@1"] - 0.019})
    assert compare(baseline, slightly, tolerance=0.02).passed
    assert not compare(baseline, dict(baseline, mrr=baseline["mrr"] - 0.021), tolerance=0.02).passed


def test_gate_ignores_latency_counts_and_metrics_that_do_not_apply(report):
    baseline = report.to_dict()
    now = dict(baseline, latency_ms_p50=1e9, latency_ms_p95=1e9, n=1, citation_precision=None)
    assert compare(baseline, now).passed


def test_improvements_pass_the_gate(report):
    baseline = report.to_dict()
    assert compare(baseline, dict(baseline, mrr=1.0)).passed
