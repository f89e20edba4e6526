"""What a question says about its document, matched against a candidate passage: the rerank features.

Each feature is a number in [-1, 1] computed from the question analysis and the passage's payload
alone (no extra store call): the retrieval multiplies them by `RerankWeights` and adds them to the
engine's normalised score. Zero means "the question says nothing about this" or "no evidence".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assistant.query import QueryAnalysis
from index.structure import REQUEST_PARTS, article_refs

__all__ = ["FEATURES", "features", "title_similarity"]

FEATURES = ("year", "title", "article", "kind", "part")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"[\s《》“”\"'（）()、，。：:]", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)} if len(t) > 1 else {t}


def title_similarity(quoted: str, title: str) -> float:
    """Share of a quoted title's character bigrams found in a document title (1.0: the same title)."""
    if not quoted or not title:
        return 0.0
    q = _bigrams(quoted)
    return len(q & _bigrams(title)) / len(q) if q else 0.0


def _year_feature(years: list[int], payload: Mapping[str, Any]) -> float:
    """+1 when the document's title or date is of an asked-for year; -1 when it states another year only."""
    if not years:
        return 0.0
    asked = {str(y) for y in years}
    title_years = set(_YEAR.findall(payload.get("title") or ""))
    date_year = (payload.get("date") or "")[:4]
    if title_years & asked:
        return 1.0
    if title_years:
        return -1.0  # a title that names its year names the wrong one (2019年政府工作报告 for 2023)
    if date_year.isdigit():
        return 0.5 if date_year in asked else -0.5
    return 0.0


def _article_feature(articles: set[tuple[str, int]], payload: Mapping[str, Any]) -> float:
    """+1 when the passage sits under (or opens with) the article or chapter the question names."""
    if not articles:
        return 0.0
    path = payload.get("heading_path") or []
    here = article_refs(" ".join(path)) | article_refs((payload.get("text") or "")[:12])
    wanted = {a for a in articles if a[0] in "条章节编"}
    if not wanted:
        return 0.0
    if wanted & here:
        return 1.0
    same_units = {u for u, _ in here} & {u for u, _ in wanted}
    return -0.5 if same_units else 0.0


def features(qa: QueryAnalysis, payload: Mapping[str, Any]) -> dict[str, float]:
    """The rerank features of one candidate passage (see FEATURES)."""
    title = payload.get("title") or ""
    f = dict.fromkeys(FEATURES, 0.0)
    f["year"] = _year_feature(qa.years, payload)
    if qa.titles:
        f["title"] = max(title_similarity(t, title) for t in qa.titles)
    f["article"] = _article_feature(qa.articles, payload)
    if qa.kind_words:
        f["kind"] = 1.0 if any(w in title for w in qa.kind_words) else 0.0
    part = payload.get("part") or "body"
    if qa.wants_response and part in REQUEST_PARTS:
        f["part"] = -1.0
    return f
