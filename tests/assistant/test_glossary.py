from __future__ import annotations

import pytest

from assistant.glossary import (
    GLOSSARY_FILE,
    Glossary,
    GlossaryError,
    is_english,
    load_glossary,
    parse_glossary,
)


def test_every_glossary_entry_is_well_formed():
    entries = parse_glossary(GLOSSARY_FILE.read_text(encoding="utf-8"), str(GLOSSARY_FILE))
    assert len(entries) > 50
    phrases = [p for e in entries for p in e.english]
    assert len(phrases) == len(set(phrases)), "an English phrase is listed twice"
    kinds = {e.kind for e in entries}
    assert kinds == {"place", "term", "intent"}


@pytest.mark.parametrize(
    "line, message",
    [
        ("motor\t电机", "3 tab-separated"),
        ("Motor\t电机\tterm", "lowercase"),
        ("motor\tmotor\tterm", "Chinese"),
        ("motor\t电机\tthing", "kind"),
    ],
)
def test_malformed_glossary_lines_are_named(line, message):
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(line, "g.tsv")


def test_longest_phrase_wins_and_is_consumed():
    g = load_glossary()
    found = [(phrase, e.chinese) for phrase, e in g.translate("What motor-industry measures did Weihai promise?")]
    phrases = [p for p, _ in found]
    assert "motor industry" in phrases and "motor" not in phrases  # a hyphen reads as a space
    terms = g.chinese_terms("How many 5G base stations does Weihai have?")
    assert "5G基站" in terms and "威海" in terms


def test_english_detection():
    assert is_english("What motor-industry measures did Weihai promise?")
    assert not is_english("威海市5G基站有多少座？")
    assert not is_english("威海市的5G基站（5G base station）有多少？")


def test_a_plural_matches_its_singular_phrase_and_is_consumed_whole():
    g = Glossary(parse_glossary("government work report\t政府工作报告\tterm\nreports\t报告\tterm\n"
                                "policy\t政策\tterm\n", "g.tsv"))
    found = [(phrase, e.chinese) for phrase, e in g.translate("What did the 2009 and 2011 government work reports say?")]
    assert found == [("government work reports", ("政府工作报告",))]  # not "reports" alone, leaving the rest
    assert g.chinese_terms("Which policies?") == ["政策"]
