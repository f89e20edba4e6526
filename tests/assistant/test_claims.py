"""The sentence checker: figures, names, negation and wording against the cited passage; the labelled set."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.claims import ClaimChecker, load_pairs, measure
from assistant.types import Passage

ROOT = Path(__file__).resolve().parents[2]
PASSAGE = Passage(1, 1.0, "d1", "c1", "关于电机产业的答复", "一、产业基本情况",
                  "电机产业目前拥有规上企业35家，2024年一季度实现营业收入7.6亿元，同比增长8.3%。全市建成5G基站7243座。",
                  "2024-05-31", "威海市工业和信息化局", "威海市", "威海市")
OTHER = Passage(2, 1.0, "d2", "c2", "关于张店区产业集群的答复", "", "张店区共有规上工业企业70家。",
                "2024-06-24", "淄博市张店区工业和信息化局", "张店区", "淄博市")


@pytest.fixture(scope="module")
def checker():
    return ClaimChecker()


@pytest.mark.parametrize("sentence", [
    "电机产业目前拥有规上企业35家。[1]",
    "全市建成5G基站7,243座。[1]",  # 7,243 == 7243
    "2024年一季度，电机产业实现营业收入7.6亿元。[1]",  # reordered
    "威海电机产业拥有规上企业35家。[1]",  # the place from the document record
    "威海市工业和信息化局答复，电机产业目前拥有规上企业35家。[1]",
])
def test_faithful_sentences_are_supported(checker, sentence):
    result = checker.check(sentence, [PASSAGE, OTHER])
    assert result.supported, result.reason


@pytest.mark.parametrize(("sentence", "reason"), [
    ("电机产业目前拥有规上企业36家。[1]", "figure 36家"),
    ("全市建成5G基站8000座。[1]", "figure 8000座"),
    ("2023年一季度实现营业收入7.6亿元。[1]", "year 2023"),
    ("张店区电机产业拥有规上企业35家。[1]", "place 张店区"),
    ("电机产业营业收入同比下降8.3%。[1]", "direction 下降8"),
    ("电机产业目前未拥有规上企业。[1]", "negation 未拥"),
    ("淄博市张店区工业和信息化局表示电机产业拥有规上企业35家。[1]", "place"),
    ("电机产业目前拥有规上企业35家。", "no citation"),
    ("电机产业目前拥有规上企业35家。[3]", "cites [3] but only 2 passages were given"),
    ("电机产业目前拥有规上企业35家。[2]", "figure 35家"),  # the passage of another document
    ("电机产业大力发展海洋牧场与远洋渔业。[1]", "wording"),
])
def test_unsupported_sentences_are_caught_with_a_reason(checker, sentence, reason):
    result = checker.check(sentence, [PASSAGE, OTHER])
    assert not result.supported
    assert reason in result.reason


@pytest.mark.parametrize(("sentence", "supported", "reason"), [
    ("Weihai's motor industry has 35 above-scale enterprises (规上企业).[1]", True, "found"),
    ("Revenue in the first quarter of 2024 was 7.6亿元, up 8.3%.[1]", True, "found"),
    ("Weihai's motor industry has 80 above-scale enterprises (规上企业).[1]", False, "figure 80"),
    ("Zibo's motor industry has 35 above-scale enterprises.[1]", False, "place 淄博"),
    ("The motor industry plans to build hydrogen trucks.[1]", False, "can be matched"),
    ("The motor industry has 35 enterprises (海洋牧场).[1]", False, "quoted term 海洋牧场"),
])
def test_english_sentences_are_checked_through_the_glossary(checker, sentence, supported, reason):
    result = checker.check(sentence, [PASSAGE, OTHER])
    assert result.supported is supported and reason in result.reason


def test_claim_set_recall_and_false_alarms_meet_their_targets():
    """evals/claims.jsonl: >= 150 pairs; recall on unsupported >= 0.95, false alarms <= 0.05 on the test half."""
    rows = load_pairs(ROOT / "evals" / "claims.jsonl")
    assert len(rows) >= 150
    assert {r["split"] for r in rows} == {"tune", "test"}
    kinds = {r["kind"] for r in rows}
    assert {"figure-changed", "place-swapped", "year-swapped", "negated", "other-document", "thousands",
            "reordered", "abbreviated", "clause-added", "hand-faithful"} <= kinds
    m = measure(rows)
    print("claim checker:", {k: {x: v[x] for x in ("n", "recall_unsupported", "false_alarm_rate")} for k, v in m.items()})
    assert m["test"]["recall_unsupported"] >= 0.95
    assert m["test"]["false_alarm_rate"] <= 0.05
