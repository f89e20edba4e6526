"""Loading eval sets: the contract's format, its defaults, and errors that name the file and line."""

from __future__ import annotations

import json

import pytest

from assistant.types import Filters
from evals.dataset import DatasetError, EvalItem, contains, load_dataset, normalise

EXAMPLE = {
    "id": "q001", "question": "威海市在电机产业方面承诺了哪些下步措施？",
    "evidence": ["加强顶层规划，优化产业发展布局", "加强创新引领，搭建行业研发平台"],
    "answer_contains": ["稀土永磁"], "answerable": True, "filters": {"region": "威海市"},
    "tags": ["commitments", "zh"],
}


def write(tmp_path, *lines: str):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_full_width_characters_are_folded_to_half_width():
    assert normalise("ＡＢＣ１２３％（一）") == "ABC123%(一)"


def test_whitespace_and_newlines_are_removed_everywhere():
    assert normalise(" 规上企业\n 35 家\t\u3000共计\r\n") == "规上企业35家共计"


def test_snippet_with_a_line_break_matches_a_passage_with_full_width_digits():
    assert contains("电机产业目前拥有规上企业 ３５家，产值百亿", "规上企业\n35 家")
    assert not contains("电机产业目前拥有规上企业36家", "规上企业35家")


def test_the_contract_example_loads_into_a_typed_item(tmp_path):
    (item,) = load_dataset(write(tmp_path, json.dumps(EXAMPLE, ensure_ascii=False)))
    assert item == EvalItem(
        id="q001", question=EXAMPLE["question"], evidence=tuple(EXAMPLE["evidence"]),
        answer_contains=("稀土永磁",), answerable=True, filters={"region": "威海市"}, tags=("commitments", "zh"),
    )
    assert item.to_filters() == Filters.of(region="威海市")


def test_only_the_question_is_required_and_id_defaults_to_the_line_number(tmp_path):
    items = load_dataset(write(tmp_path, "", json.dumps({"question": "有哪些措施？"}, ensure_ascii=False)))
    (item,) = items
    assert item.id == "2"
    assert item.answerable is True and item.evidence == () and item.answer_contains == () and item.tags == ()
    assert item.to_filters() is None


def test_year_filter_becomes_a_year_range(tmp_path):
    line = json.dumps({"question": "q", "filters": {"year": "2024", "doc_type": "提案答复"}}, ensure_ascii=False)
    (item,) = load_dataset(write(tmp_path, line))
    assert item.to_filters() == Filters(doc_type="提案答复", year_from=2024, year_to=2024)


def test_unanswerable_question_loads(tmp_path):
    (item,) = load_dataset(write(tmp_path, json.dumps({"id": 7, "question": "q", "answerable": False})))
    assert item.id == "7" and item.answerable is False


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"question": "q", ', "not valid JSON"),
        ('["q"]', "expected a JSON object"),
        ('{"id": "x", "evidence": ["a"]}', 'missing "question"'),
        ('{"question": "   "}', 'missing "question"'),
        ('{"question": "q", "evidence": "a", "answerable": "yes"}', '"answerable" must be true or false'),
        ('{"question": "q", "evidence": [1, 2]}', '"evidence" must be a list of strings'),
        ('{"question": "q", "evidence": [" \\n"]}', '"evidence" holds an empty string'),
        ('{"question": "q", "answer_contains": {"a": 1}}', '"answer_contains" must be a list of strings'),
        ('{"question": "q", "filters": {"city": "威海市"}}', "unknown filter 'city'"),
        ('{"question": "q", "filters": {"year": "今年"}}', "not a number"),
        ('{"question": "q", "filters": ["威海市"]}', '"filters" must be an object'),
        ('{"question": "q", "tags": [1]}', '"tags" must be a list of strings'),
    ],
)
def test_a_malformed_line_is_reported_with_file_and_line(tmp_path, line, message):
    path = write(tmp_path, '{"question": "第一行没问题"}', line)
    with pytest.raises(DatasetError) as e:
        load_dataset(path)
    assert f"{path}:2:" in str(e.value)
    assert message in str(e.value)


def test_duplicate_ids_name_both_lines(tmp_path):
    path = write(tmp_path, '{"id": "a", "question": "q1"}', '{"id": "a", "question": "q2"}')
    with pytest.raises(DatasetError, match=r"set\.jsonl:2: id 'a' is already used on line 1"):
        load_dataset(path)


def test_missing_file_and_empty_file_are_clear_errors(tmp_path):
    with pytest.raises(DatasetError, match="no such eval set"):
        load_dataset(tmp_path / "absent.jsonl")
    with pytest.raises(DatasetError, match="holds no questions"):
        load_dataset(write(tmp_path, "", "  "))


def test_seed_eval_set_in_the_repository_loads():
    from tests.conftest import ROOT

    items = load_dataset(ROOT / "evals" / "seeds.jsonl")
    assert len(items) >= 1 and len({i.id for i in items}) == len(items)
