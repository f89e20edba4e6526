"""Line-level knowledge (index/lines.py): numerals, dates, the layout of a reply, and its cue-word data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.clean import clean_text
from index.lines import (
    LINES_FILE,
    PARTS_FILE,
    chinese_numeral,
    cue_words,
    header_field,
    is_opening,
    item_number,
    layout_of,
    parse_date,
    to_chinese_numeral,
)
from index.load import iter_documents
from index.metadata import extract_metadata
from index.parse import parse_document
from index.structure import parse_structure

REPLY = """威海市工业和信息化局
关于市政协十七届三次会议第52号提案的答复
马跃华委员：
您提出的《关于加快电机产业发展的建议》收悉。现答复如下：
一、产业基本情况
全市电机企业30余家。
威海市工业和信息化局
2024年5月31日
联系人：王某
关于加快电机产业发展的建议
电机产业是我市的优势产业。
"""


def _lists(path: Path) -> dict[str, list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: (v["words"] if isinstance(v, dict) else v) for k, v in data.items() if not k.startswith("_")}


@pytest.mark.parametrize("path", [LINES_FILE, PARTS_FILE], ids=lambda p: p.name)
def test_cue_word_files_hold_no_duplicates(path):
    for name, words in _lists(path).items():
        repeated = sorted({w for w in words if words.count(w) > 1})
        assert not repeated, f"{path.name}: {name} lists {repeated} more than once"
        assert all(isinstance(w, str) and w.strip() == w and w for w in words), f"{path.name}: {name}"


def test_cue_words_are_read_in_file_order():
    assert cue_words("date_fields")[:2] == ("答复时间", "答复日期")
    assert header_field("答复时间：2024-05-31") == ("答复时间", "2024-05-31")
    assert header_field("正文：2024-05-31") is None


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105), ("两百", 200), ("16", 16),
    ("一百二十三", 123), ("一千一百八十五", 1185), ("一千零一十", 1010), ("一千二百六十", 1260),
])
def test_chinese_numerals(numeral, value):
    assert chinese_numeral(numeral) == value
    assert chinese_numeral(numeral, strict=True) == value


@pytest.mark.parametrize("n", [1, 10, 16, 105, 110, 123, 999, 1000, 1005, 1010, 1100, 1185, 1260])
def test_article_numbers_written_in_chinese_read_back(n):
    assert chinese_numeral(to_chinese_numeral(n), strict=True) == n


def test_malformed_numerals_are_no_items():
    # "……一一是帮我把户口转回老家" (a citizen's message): not item 1, so 二是 / 三是 are not items either
    assert item_number("一一") == 0
    assert item_number("十十") == 0
    assert item_number("三") == 3
    assert chinese_numeral("二〇二四", positional=True) == 2024
    assert chinese_numeral("二〇二四") != 2024


def test_dates():
    assert parse_date("2024 年 5 月 31 日") == "2024-05-31"
    assert parse_date("二〇二四年五月三十一日") == "2024-05-31"
    assert parse_date("2024年13月1日") is None
    assert parse_date("2019/5/10 14:56:53", timestamp=True) == "2019-05-10"
    assert parse_date("2019年5月10", timestamp=True) == "2019-05-10"
    assert parse_date("2019年5月10") is None


def test_the_two_readings_of_an_opening():
    assert is_opening("现答复如下：")
    assert is_opening("现函复如下：")
    assert is_opening("现函复如下：", acknowledged=True)
    assert is_opening("现回复如下：根据……", acknowledged=True)
    assert not is_opening("现回复如下：根据……")
    assert is_opening("您提出的建议收悉。", acknowledged=True)
    assert not is_opening("您提出的建议收悉。")


def test_layout_of_a_reply():
    layout = layout_of(REPLY)
    lines = list(layout.lines)
    # metadata's header stops at the salutation; the front keeps the acknowledgement after it
    assert layout.header[-1] == "马跃华委员："
    assert layout.front[-1].endswith("现答复如下：")
    assert layout.is_reply
    assert lines[layout.closing:layout.proposal] == ["威海市工业和信息化局", "2024年5月31日", "联系人：王某"]
    assert lines[layout.proposal] == "关于加快电机产业发展的建议"
    assert layout.labelled is None


def test_labelled_document_layout():
    layout = layout_of("标题\n留言：路灯坏了。\n答复：已修好。")
    assert layout.labelled == ("front", "request", "body")


def test_parsed_document_carries_the_layout_metadata_and_structure_use(corpus_dir):
    raw = next(iter_documents(corpus_dir / "weihai-motor-industry-reply-2024-05-31.txt", corpus_dir))
    doc = parse_document(raw)
    text = clean_text(raw.text)
    assert doc.layout == layout_of(text)
    assert doc.metadata == extract_metadata(text, raw.declared, raw.source)
    assert (doc.sections, doc.blocks) == parse_structure(text)
    # the split is the layout's: front blocks are exactly its front lines
    assert [b.text for b in doc.blocks if b.part == "front"] == doc.layout.front
