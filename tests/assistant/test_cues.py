"""Cue words live in prompts/ as data: every shipped list loads without duplicates; English cues match whole words."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from assistant.cues import (
    PROMPTS_DIR,
    CueFileError,
    answer_cues,
    cues,
    generic_words,
    has_cue,
    intent_cues,
    load_json_cues,
    load_word_list,
)
from assistant.intent import Intent, detect_intent

ASSISTANT = Path(__file__).resolve().parents[2] / "assistant"
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_ALTERNATION = re.compile(r"(?:[\u3400-\u9fff]+\|){5,}[\u3400-\u9fff]+")  # 今年|去年|…, six words or more


def test_every_shipped_cue_file_loads_without_duplicates():
    # Loading checks every list of each file; a duplicate raises CueFileError naming file, list and word.
    for path in sorted(PROMPTS_DIR.glob("*cues*.json")):
        assert load_json_cues(path)
    for name in ("question_generic_words.txt", "abstain_cues.txt", "en_stopwords.txt", "en_not_plurals.txt"):
        assert load_word_list(PROMPTS_DIR / name)
    assert cues()["list_cues"] and answer_cues()["time_words"] and "下一步" in generic_words()
    assert set(intent_cues()["question_cues"]) <= {i.value for i in Intent}
    assert set(intent_cues()["heading_cues"]) <= {i.value for i in Intent}


def test_a_duplicate_in_a_json_list_is_rejected_with_file_list_and_word(tmp_path):
    path = tmp_path / "intent_cues.json"
    path.write_text(json.dumps({"_comment": "x", "question_cues": {"problems": ["问题", "短板", "问题"]}},
                               ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CueFileError) as err:
        load_json_cues(path)
    assert str(path) in str(err.value) and "problems" in str(err.value) and "问题" in str(err.value)


def test_a_duplicate_in_a_word_list_is_rejected_case_insensitively(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# comment\n下步\nPlan\n计划\nplan\n", encoding="utf-8")
    with pytest.raises(CueFileError, match="listed twice"):
        load_word_list(path)


def test_malformed_cue_file_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CueFileError, match="broken.json"):
        load_json_cues(path)


def test_english_cues_match_whole_words_chinese_cues_anywhere():
    assert has_cue("what is the plan for 2024", "plan")
    assert not has_cue("give an explanation of the rule", "plan")
    assert not has_cue("goodwill of the bureau", "will")
    assert has_cue("which measures will weihai take", "will")
    assert has_cue("威海市下一步有什么打算", "下一步")


@pytest.mark.parametrize(
    "question, intent",
    [
        # "plan" inside "explanation" and "measure" inside "countermeasure" no longer make a commitment question.
        ("Give an explanation of the fire safety rules", Intent.GENERAL),
        ("What countermeasures exist?", Intent.GENERAL),
        ("What does Weihai plan for the motor industry?", Intent.COMMITMENTS),
        ("Which plans did the bureau announce?", Intent.COMMITMENTS),
        ("What has Weihai achieved in smart manufacturing?", Intent.WORK_DONE),
        ("What difficulties do small firms face?", Intent.PROBLEMS),
    ],
)
def test_intent_cues_match_english_as_whole_words(question, intent):
    assert detect_intent(question) is intent


def chinese_word_lists_in_code(root: Path) -> list[str]:
    """Literal lists, tuples and sets of more than five strings with Chinese in them, and regex alternations of
    more than five Chinese words, in the Python files under `root` (the UI aside): cue words that belong in data."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "ui" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(words) > 5 and any(_CJK.search(w) for w in words):
                    found.append(f"{path.name}:{node.lineno} {words[:3]}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                m = _CJK_ALTERNATION.search(node.value)
                if m:
                    found.append(f"{path.name}:{node.lineno} {m.group(0)[:30]}")
    return found


def test_no_chinese_cue_list_longer_than_five_words_is_left_in_assistant_code():
    assert chinese_word_lists_in_code(ASSISTANT) == []


def test_the_scan_finds_a_cue_list_in_code(tmp_path):
    (tmp_path / "m.py").write_text('A = ("下步", "下一步", "计划", "打算", "承诺", "措施")\n'
                                   'B = re.compile(r"今年|去年|明年|前年|年底|年初")\nC = ("下步", "计划")\n',
                                   encoding="utf-8")
    assert [f.split()[0] for f in chinese_word_lists_in_code(tmp_path)] == ["m.py:1", "m.py:2"]
