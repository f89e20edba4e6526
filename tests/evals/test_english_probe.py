"""The English probe: the broad set's English questions answered with the glossary's hand-written terms left out."""

from __future__ import annotations

from assistant.api import build_assistant
from assistant.config import Settings
from assistant.glossary import Entry, Glossary, load_glossary
from evals.english_probe import failure_kind, without_terms
from tests.assistant.synthetic_docs import indexed_assistant


def test_without_terms_keeps_places_and_intents_only():
    full = load_glossary()
    kept = without_terms(full)
    assert {e.kind for e in kept.entries} <= {"place", "intent"}
    assert any(e.kind == "place" for e in kept.entries) and len(kept.entries) < len(full.entries)
    assert [p for p, _ in kept.translate("Zibo motor industry")] == ["zibo"]  # the place, not the term


def test_an_assistant_searches_through_the_glossary_it_is_given(tmp_path):
    a = indexed_assistant(tmp_path, [{"id": "d1", "title": "关于起征点的说明", "text": "个人所得税起征点提高到每月5000元。"}])
    a.close()
    given = Glossary([Entry(("zorblat",), ("起征点",), "term")])
    b = build_assistant(Settings(store=tmp_path / "store"), create=False, glossary=given)
    try:
        assert b.search("zorblat", k=1) and "起征点" in b.search("zorblat", k=1)[0].text
        assert b.glossary is given
    finally:
        b.close()
    c = build_assistant(Settings(store=tmp_path / "store"), create=False)
    try:
        assert not c.search("zorblat", k=1)  # the default glossary has no such word
    finally:
        c.close()


def test_failure_kinds_take_the_first_that_applies():
    assert failure_kind(["no evidence in top 5", "abstained on an answerable question"]) == "no evidence in top k"
    assert failure_kind(["should have abstained"]) == "near miss answered"
    assert failure_kind(["abstained on an answerable question"]) == "abstained on answerable"
    assert failure_kind(["answer lacks '2.5%'", "citation [1] has no evidence"]) == "answer lacks a fact"
    assert failure_kind(["citation [2] has no evidence"]) == "extra citation"


def test_a_missing_store_is_one_clear_line_not_a_traceback(tmp_path, capsys):
    from evals.english_probe import main

    assert main(["--store", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("english_probe: ") and "none" in err and "Traceback" not in err
    assert not (tmp_path / "none").exists()  # nothing created where the store was looked for
