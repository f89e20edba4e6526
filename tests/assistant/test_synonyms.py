"""Abbreviations spelled out (prompts/synonyms.tsv) and congress ordinals in English questions."""

from __future__ import annotations

import pytest

from assistant.glossary import SYNONYMS_FILE, GlossaryError, Synonyms, load_glossary, parse_synonyms
from assistant.query import analyse
from index.tokenize import get_tokenizer


def test_every_synonym_line_is_well_formed():
    entries = parse_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"), str(SYNONYMS_FILE))
    assert len(entries) > 10
    terms = [t for ts, _ in entries for t in ts]
    assert len(terms) == len(set(terms)), "a term is listed twice"


@pytest.mark.parametrize("line, message", [("gdp", "2 tab-separated"), ("gdp\tGDP", "Chinese")])
def test_malformed_synonym_lines_are_named(line, message):
    with pytest.raises(GlossaryError, match=message):
        parse_synonyms(line, "s.tsv")


def test_latin_abbreviations_match_whole_words_only():
    syn = Synonyms(parse_synonyms("gdp\t国内生产总值\n酒驾\t饮酒后驾驶"))
    assert syn.expand("2019年的GDP目标") == [("gdp", ("国内生产总值",))]
    assert syn.expand("gdpx 酒驾处罚") == [("酒驾", ("饮酒后驾驶",))]
    assert syn.expand("国内生产总值 GDP") == []  # already spelled out: nothing to add


def test_a_chinese_question_searches_the_spelled_out_form_as_an_optional_term():
    syn = Synonyms(parse_synonyms("gdp\t国内生产总值"))
    qa = analyse("2019年的GDP总量是多少？", get_tokenizer(), load_glossary(), synonyms=syn)
    assert "国内生产总值" in qa.search_text
    assert {"gdp", "国内"} <= qa.optional_terms  # a passage uses one form or the other
    plain = analyse("2019年的GDP总量是多少？", get_tokenizer(), load_glossary(), synonyms=Synonyms([]))
    assert "国内生产总值" not in plain.search_text and not plain.optional_terms


def test_english_congress_ordinals_are_numbered_as_the_documents_number_them():
    qa = analyse("Which premier reported to the first session of the 12th NPC?", get_tokenizer(), load_glossary(),
                 synonyms=Synonyms([]))
    assert "第一次会议" in qa.search_text and "第十二届" in qa.search_text
    qa = analyse("What did the third plenary session decide?", get_tokenizer(), load_glossary(), synonyms=Synonyms([]))
    assert "第三次会议" in qa.search_text
    assert "次会议" not in analyse("What did the session decide?", get_tokenizer(), load_glossary()).search_text
