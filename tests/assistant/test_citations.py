"""Citation markers: sentences with their trailing markers, partial markers held back while streaming."""

from __future__ import annotations

import pytest

from assistant.citations import markers, strip_markers, take_sentences


def test_markers_after_the_end_punctuation_belong_to_the_sentence():
    done, rest = take_sentences("拥有规上企业35家。[2]营业收入7.6亿元[1][3]。下一句", final=False)
    assert [s.text for s in done] == ["拥有规上企业35家。[2]", "营业收入7.6亿元[1][3]。"]
    assert rest == "下一句"


def test_several_numbers_in_one_marker_are_read():
    assert markers("甲[1,3]乙[2、3]") == [1, 3, 2]
    assert strip_markers("甲[1, 3]。") == "甲。"


@pytest.mark.parametrize("held", ["达到35家。[", "达到35家。[1", "达到35家。[1,", "达到35家。", "It grew by 7."])
def test_a_sentence_whose_marker_may_still_grow_is_held_back(held):
    done, rest = take_sentences(held, final=False)
    assert done == [] and rest == held


def test_a_decimal_point_does_not_end_a_sentence():
    done, _ = take_sentences("Revenue was 7.6 billion yuan [1]. Profit rose. [2]", final=True)
    assert [s.text for s in done] == ["Revenue was 7.6 billion yuan [1].", "Profit rose. [2]"]


def test_streaming_in_any_pieces_splits_like_the_whole_reply():
    reply = "一、基本情况\n威海电机产业拥有规上企业35家。[1]营业收入7.6亿元；同比增长8.3%[2]。\n利润3600万元。[1][2]"
    whole, _ = take_sentences(reply, final=True)
    for size in (1, 2, 3, 5, 7):
        got, buf = [], ""
        for i in range(0, len(reply), size):
            buf += reply[i: i + size]
            done, buf = take_sentences(buf)
            got += done
        done, _ = take_sentences(buf, final=True)
        assert got + done == whole
    assert [s.sep for s in whole] == ["\n", "", "\n", ""]
