"""What a question says about its document, matched against a candidate passage: the rerank features.

Each feature is a number in [-1, 1] computed from the question analysis and the passage's payload
alone (no extra store call): the retrieval multiplies them by `RerankWeights` and adds them to the
engine's normalised score. Zero means "the question says nothing about this" or "no evidence".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.query import QueryAnalysis, title_is_kind
from index.lines import session_refs
from index.regions import mentioned_regions
from index.structure import REQUEST_PARTS, article_refs

__all__ = ["FEATURES", "LEARNED", "MODEL_FILE", "RerankModel", "features", "learned_features", "load_model",
           "title_held", "title_similarity"]

FEATURES = ("year", "title", "article", "kind", "part")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"[\s《》“”\"'（）()、，。：:]", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)} if len(t) > 1 else {t}


@lru_cache(maxsize=1 << 14)
def _regions(text: str) -> frozenset[str]:
    return frozenset(mentioned_regions(text))


def title_similarity(quoted: str, title: str) -> float:
    """How alike a quoted title and a document title are, 0 to 1 (1.0: the same title); 0 when they name
    different regions."""
    if not quoted or not title:
        return 0.0
    asked, named = _regions(quoted), _regions(title)
    if asked and named and not asked & named:
        return 0.0  # 《上海市控制吸烟条例》 is not 北京市控制吸烟条例, however many characters they share
    q, t = _bigrams(quoted), _bigrams(title)
    # Dice over character bigrams: 教育法 shares all its bigrams with 国防教育法 but is not it (0.67).
    return 2 * len(q & t) / (len(q) + len(t)) if q and t else 0.0


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


def heading_articles(path: Sequence[str], text: str) -> set[tuple[str, int]]:
    """The articles and chapters a passage sits under: the number each heading of its path opens with, and the
    one its text opens with (第十九条 …), not an article a heading merely cites (…违反本条例第十九条规定)."""
    return {ref for h in (*path, text[:12]) for ref in article_refs(h[:12]) if h.lstrip().startswith("第")}


def _article_feature(articles: set[tuple[str, int]], payload: Mapping[str, Any]) -> float:
    """+1 when the passage sits under (or opens with) the article or chapter the question names."""
    if not articles:
        return 0.0
    here = heading_articles(payload.get("heading_path") or [], payload.get("text") or "")
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
    if qa.sessions & _sessions_of(title):
        f["title"] = max(f["title"], 1.0)  # 十三届全国人大一次会议: the resolution of that session, not of the term's other four
    f["article"] = _article_feature(qa.articles, payload)
    if qa.kind_words:
        f["kind"] = 1.0 if title_is_kind(title, qa.kind_words) else 0.0
    part = payload.get("part") or "body"
    if qa.wants_response and part in REQUEST_PARTS:
        f["part"] = -1.0
    return f


@lru_cache(maxsize=1 << 12)  # a document's passages share its title
def _sessions_of(title: str) -> frozenset[tuple[int, int]]:
    return frozenset(session_refs(title))


@lru_cache(maxsize=1 << 10)  # a document's passages share its title
def title_held(question: str, title: str) -> float:
    """The share of the title's bigrams that the query holds: a pasted message holds its own subject
    (反映L市高速办理ETC的问题) among a hundred other words, which a share of the query's bigrams cannot see."""
    tb = _bigrams(title) if title else set()
    q = re.sub(r"[\s《》“”\"'（）()、，。：:]", "", question)
    return sum(1 for b in tb if b in q) / len(tb) if tb else 0.0


# --- the learned part: lexical and document-level evidence, weights fitted by assistant/rerank_train.py ---
MODEL_FILE = Path(__file__).resolve().parent.parent / "prompts" / "rerank_model.json"
LEARNED = ("engine", "reciprocal_rank", "doc_share", "doc_best", "doc_sum", "cover_text", "cover_title",
           "cover_heading", "bigram_text", "bigram_title", "region_named", "date_named", "front", "short")
_MONTH_DAY = re.compile(r"\d{1,2}月\d{1,2}日")


@dataclass(frozen=True)
class RerankModel:
    """A linear score over LEARNED features; without a model file it is the engine's score alone."""

    weights: dict[str, float]
    source: str = "default: engine score only"

    def score(self, f: Mapping[str, float]) -> float:
        return sum(w * f.get(name, 0.0) for name, w in self.weights.items())


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> RerankModel:
    """The fitted weights (prompts/rerank_model.json), scaled so that the engine score weighs 1.

    `blend` (0-1) is the share of the fitted evidence added to the engine score: the fitted weights know
    nothing of the hand-set section-intent bonus, which outweighs them on list questions at full share.
    """
    if not path.is_file():
        return RerankModel({"engine": 1.0})
    data = json.loads(path.read_text(encoding="utf-8"))
    raw = {k: float(v) for k, v in data["weights"].items() if k in LEARNED}
    scale = raw.get("engine") or 1.0
    blend = float(data.get("blend", 1.0))
    weights = {k: (1.0 if k == "engine" else blend * v / scale) for k, v in raw.items()}
    return RerankModel(weights, str(data.get("trained_on", path.name)))


def _cover(terms: list[str], text: str) -> float:
    """Length-weighted share of the question's key terms found in `text` (longer terms are more specific)."""
    if not terms:
        return 0.0
    t = re.sub(r"\s+", "", text).lower()
    total = sum(min(len(x), 4) for x in terms)
    return sum(min(len(x), 4) for x in terms if x in t) / total if total else 0.0


def _beyond(terms: list[str], title: str) -> list[str]:
    """The terms a passage's title does not already hold: within one document (2025年…政府工作报告), 政府 and
    报告 say nothing about which of its passages answers; 生育 does. All of them when the title holds all."""
    t = re.sub(r"\s+", "", title).lower()
    rest = [x for x in terms if x not in t]
    return rest or terms


def learned_features(qa: QueryAnalysis, payloads: Sequence[Mapping[str, Any]], scores: Sequence[float]
                     ) -> list[dict[str, float]]:
    """LEARNED features of each candidate, in the engine's order (scores as the engine returned them)."""
    top = max(scores, default=0.0) or 1.0
    n = len(payloads)
    per_doc: dict[str, list[float]] = {}
    for p, s in zip(payloads, scores, strict=True):
        per_doc.setdefault(p.get("doc_id", ""), []).append(s / top)
    q_bigrams = list(_bigrams(re.sub(r"[^\u3400-\u9fff]", "", " ".join(qa.key_terms) if qa.language == "en"
                                     else qa.question)))
    days = _MONTH_DAY.findall(qa.question)
    title_share: dict[str, float] = {}  # per title: computed once, passages of a document share it

    def share(text: str) -> float:
        # substring tests in C, cheaper than building each candidate's bigram set
        return sum(1 for b in q_bigrams if b in text) / len(q_bigrams) if q_bigrams else 0.0

    out = []
    for i, (p, s) in enumerate(zip(payloads, scores, strict=True)):
        doc = per_doc[p.get("doc_id", "")]
        text = p.get("text") or ""
        title = p.get("title") or ""
        if title not in title_share:
            title_share[title] = share(title)
        region = 0.0
        if qa.regions:
            named = all(r in title or r in text or (len(r) > 2 and r[:-1] in title + text) for r in qa.regions)
            region = 1.0 if named else -1.0
        out.append({
            "engine": s / top,
            "reciprocal_rank": 1.0 / (1 + i),
            "doc_share": min(len(doc), 5) / 5 if n else 0.0,
            "doc_best": max(doc),
            "doc_sum": min(sum(doc), 5.0) / 5,
            "bigram_text": share(text),
            "bigram_title": title_share[title],
            "region_named": region,
            "date_named": 1.0 if days and any(d in text for d in days) else 0.0,
            "cover_text": _cover(_beyond(qa.key_terms, title), text),
            "cover_title": _cover(qa.key_terms, title),
            "cover_heading": _cover(qa.key_terms, " ".join(p.get("heading_path") or [])),
            "front": 1.0 if p.get("part") == "front" else 0.0,
            "short": 1.0 if len(text) - text.count(" ") - text.count("\n") < 60 else 0.0,
        })
    return out
