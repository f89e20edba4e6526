"""The stop words are data (index/data/stopwords.txt): loaded once, duplicates refused, never a search term."""

from __future__ import annotations

import pytest

from index.tokenize import STOPWORDS_FILE, _stopwords, get_tokenizer


def test_the_shipped_list_loads_and_its_words_are_never_terms():
    words = _stopwords()
    assert {"的", "关于", "the"} <= words
    assert not {"的", "关于"} & set(get_tokenizer().words("关于电机产业的发展"))


def test_a_word_listed_twice_is_refused_with_the_file_named(tmp_path):
    bad = tmp_path / "stopwords.txt"
    bad.write_text("# comment\n的\n了\n的\n", encoding="utf-8")
    with pytest.raises(ValueError, match="stopwords.txt: listed twice: 的"):
        _stopwords(bad)
    assert STOPWORDS_FILE.name == "stopwords.txt"
