"""The app's words: the same keys in Chinese and English, every key the code uses defined, Chinese by default."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.ui.i18n import LANGS, lang_of, strings, t

UI = Path(__file__).resolve().parents[2] / "assistant" / "ui"


def test_both_languages_have_the_same_keys_and_no_empty_value():
    zh, en = strings("zh"), strings("en")
    assert set(zh) == set(en)
    assert all(v.strip() for v in (*zh.values(), *en.values()))
    for key in zh:  # the same placeholders, so a switch never breaks a message
        assert set(re.findall(r"{(\w+)}", zh[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_key_the_code_names_exists():
    used = set()
    for f in set(UI.glob("*.py")) - {UI / "launch.py"}:  # launch.py names the program "app.py", not a key
        used |= set(re.findall(r"""(?:\bt\(|=)["']((?:app|tab|chat|doc|prec|eval|audit|fb|filter|field|role|upload|"""
                               r"""banner|err)\.[a-z_]+)["']""", f.read_text(encoding="utf-8")))
    assert used and not used - set(strings("zh")), used - set(strings("zh"))


def test_chinese_is_the_default_and_unknown_languages_fall_back_to_it():
    assert t("chat.ask") == "提问" and t("chat.ask", "en") == "Ask" and t("chat.ask", "fr") == "提问"
    assert lang_of("en") == "en" and lang_of("<script>") == "zh" and LANGS[0] == "zh"
