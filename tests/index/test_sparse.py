from __future__ import annotations

import pytest

from index.sparse import SparseEncoder, term_id
from index.tokenize import get_tokenizer


@pytest.fixture(scope="module")
def encoder():
    return SparseEncoder(get_tokenizer(), avgdl=50)


def test_domain_terms_stay_whole():
    words = get_tokenizer().words("推进智改数转，培育专精特新企业，实施揭榜挂帅和链长制")
    for term in ("智改数转", "专精特新", "揭榜挂帅", "链长制"):
        assert term in words


def test_stopwords_and_punctuation_are_dropped():
    words = get_tokenizer().words("威海市的电机产业，有哪些问题？")
    assert "的" not in words and "，" not in words and "？" not in words
    assert "电机" in words


def test_fullwidth_and_case_are_normalised():
    assert get_tokenizer().words("５Ｇ基站") == get_tokenizer().words("5g基站")


def test_term_ids_are_stable_32_bit():
    assert term_id("电机") == term_id("电机")
    assert 0 <= term_id("电机") < 2**32
    assert term_id("电机") != term_id("电器")


def test_bm25_saturates_term_frequency_and_normalises_length(encoder):
    one = encoder.encode_document("电机")
    three = encoder.encode_document("电机 电机 电机")
    w1 = dict(zip(one.indices, one.values, strict=True))[term_id("电机")]
    w3 = dict(zip(three.indices, three.values, strict=True))[term_id("电机")]
    assert w1 < w3 < 2.2 * w1  # k1 = 1.2 bounds the weight at (k1 + 1)
    long = encoder.encode_document("电机 " + "产业 " * 200)
    w_long = dict(zip(long.indices, long.values, strict=True))[term_id("电机")]
    assert w_long < w1


def test_query_vector_has_one_entry_per_distinct_term(encoder):
    q = encoder.encode_query("电机 电机 产业")
    assert len(q.indices) == len(set(q.indices)) == 4  # two words and their two bigrams
    assert q.values == [1.0] * 4
    boosted = encoder.encode_query("电机 产业", weights={"电机": 3.0})
    assert dict(zip(boosted.indices, boosted.values, strict=True))[term_id("电机")] == 3.0


def test_character_bigrams_are_added_in_their_own_namespace(encoder):
    terms = encoder.terms("智能装备")
    assert "智能" in terms and "装备" in terms  # jieba words
    bigrams = [t for t in terms if t.startswith("\x01")]
    assert [b[1:] for b in bigrams] == ["智能", "能装", "装备"]


def test_a_place_code_closes_its_segment():
    # jieba would join the unit to the name after it (区洋 / 湖, 市住 / 建局): the place's own name is lost
    words = get_tokenizer().words("A3区洋湖街道的垃圾站，J11市住建局答复")
    assert "洋湖" in words and "住建局" in words
    assert "a3" in words and "j11" in words and "区洋湖" not in words


def test_a_letter_only_place_code_is_one_term():
    # the letter alone is a stop word ("a"): A市 and B市 would both be only 市
    assert "a市" in get_tokenizer().words("A市交通运输局")
    assert "b县" in get_tokenizer().words("B县教育局")
    assert "a市" not in get_tokenizer().words("a 市场")


def test_the_segment_rules_are_part_of_the_identity():
    # a store segmented before a rule changed must be rebuilt, not searched with other terms
    assert "place codes" in get_tokenizer().identity
