"""Question analysis: language, intent, named regions and years, the Chinese search text and key terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.regions import mentioned_regions
from index.tokenize import STOPWORDS, Tokenizer

from assistant.glossary import Glossary, is_english
from assistant.intent import Intent, detect_intent

__all__ = ["QueryAnalysis", "analyse"]

# Words that say what kind of answer is wanted but not what it is about: they must not count as
# evidence that a passage answers the question.
_GENERIC = frozenset(
    """下步 下一步 计划 打算 承诺 措施 举措 今后 问题 短板 不足 困难 开展 成效 做法 取得 进展 工作 情况 哪些 多少
    主要 具体 目前 现在 现有 全市 全区 我市 我区 有关 相关 方面 什么 怎样 怎么样 如何 几家 几个 数量 总共 一共 分别
    达到 共有 拥有 市 区 县 省 家 个 座 项 年 月 日 今年 去年 提出 表示 介绍 说 采取 promise plan""".split()
)


@dataclass
class QueryAnalysis:
    question: str
    language: str  # "zh" or "en"
    intent: Intent
    search_text: str  # what is tokenised for BM25: the question, plus glossary translations for English
    regions: list[str] = field(default_factory=list)  # canonical region names the question mentions
    years: list[int] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)  # content terms a supporting sentence should share


def analyse(question: str, tokenizer: Tokenizer, glossary: Glossary) -> QueryAnalysis:
    english = is_english(question)
    search_text = question
    intent_text = question
    if english:
        found = glossary.translate(question)
        zh_terms = [t for _, e in found if e.kind != "intent" for t in e.chinese]
        intent_terms = [t for _, e in found if e.kind == "intent" for t in e.chinese]
        search_text = " ".join(dict.fromkeys(zh_terms + intent_terms)) or question
        intent_text = question + " " + " ".join(intent_terms)
    regions = mentioned_regions(search_text)
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)\s*年?", question)]
    region_words = {w for r in regions for w in tokenizer.words(r)}
    key_terms = []
    for w in tokenizer.words(search_text):
        if w in _GENERIC or w in STOPWORDS or w in region_words or w in key_terms:
            continue
        if len(w) == 1 and not w.isdigit():
            continue
        key_terms.append(w)
    return QueryAnalysis(
        question=question,
        language="en" if english else "zh",
        intent=detect_intent(intent_text),
        search_text=search_text,
        regions=regions,
        years=years,
        key_terms=key_terms,
    )
