"""Follow-up questions made standalone before retrieval: "那张店区呢？", "and in 2023?", "它的下一步措施呢？".

With a model configured, it rewrites the question from the conversation (prompts/followup.md);
without one, or when the model fails, the previous question's topic, region and year are carried
over by rule: a new region or year replaces the old one, and a new ask about the same subject
("它的下一步措施呢") is joined to the previous question's subject.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from assistant.cues import alternation, followup_cues
from assistant.glossary import Glossary, is_english, load_glossary
from assistant.llm_client import ChatClient, LLMError
from index.regions import mentioned_regions

__all__ = ["FollowUpRewriter", "is_followup"]

log = logging.getLogger(__name__)

# A question that leans on the one before: pronouns, "what about", a bare place or year with 呢.
# The words are data: prompts/followup_cues.json.
_C = followup_cues()
_ZH_FOLLOWUP = re.compile(r"^(?:" + alternation(_C["zh_openers"]) + r")|呢[？?]?$|^(?:20\d{2}年?)[？?]?$")
_EN_FOLLOWUP = re.compile(r"^(?:" + alternation(_C["en_openers"]) + r")\b|\b(?:" + alternation(_C["en_pronouns"]) + r")\b",
                          re.IGNORECASE)
_ZH_PRONOUNS = re.compile(r"^(?:" + alternation(_C["zh_lead_words"]) + r")|(?:" + alternation(_C["zh_pronouns"])
                          + r")的?|呢|[？?。！!]")
# Where the subject of a Chinese question ends and the ask begins.
_ZH_ASK = re.compile(r"(?:" + alternation(_C["zh_ask_words"]) + r")")
_YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)")


def is_followup(question: str) -> bool:
    """True when the question cannot stand alone: it refers back or only names a new place or year."""
    q = question.strip()
    if is_english(q):
        return bool(_EN_FOLLOWUP.search(q)) and len(q.split()) <= 8
    return len(q) <= 14 and bool(_ZH_FOLLOWUP.search(q))


class FollowUpRewriter:
    """Turns a follow-up into a standalone question, with the model when there is one."""

    def __init__(self, client: ChatClient | None = None, glossary: Glossary | None = None) -> None:
        self.client = client
        self.glossary = glossary or load_glossary()
        self._prompt = None
        if client is not None:
            from assistant.llm import load_prompt

            self._prompt = load_prompt("followup.md")

    def rewrite(self, question: str, history: Sequence[str]) -> str:
        """`question` unchanged when it stands alone or there is no history; else a standalone question."""
        previous = [h.strip() for h in history if h and h.strip()]
        q = question.strip()
        if not previous or not is_followup(q):
            return q
        if self.client is not None and self._prompt is not None:
            convo = "\n".join(f"- {h}" for h in previous[-4:])
            try:
                out = self.client.complete([{"role": "user", "content": self._prompt.format(history=convo, question=q)}])
                line = next((x.strip() for x in out.splitlines() if x.strip()), "")
                if 2 <= len(line) <= 300 and not _refuses(line):
                    return line
            except LLMError as e:
                log.warning("follow-up rewrite by the model failed (%s); carrying over by rule", e)
        return self.by_rule(q, previous[-1])

    def by_rule(self, q: str, prev: str) -> str:
        """Carry over the previous question's topic, region and year."""
        if is_english(q):
            return self._english(q, prev)
        new_regions = mentioned_regions(q)
        new_years = _YEAR.findall(q)
        ask = _ZH_PRONOUNS.sub("", q)
        for r in new_regions:
            ask = ask.replace(r, "").replace(r[:-1], "")
        ask = _YEAR.sub("", ask).replace("年", "").strip("，, 的在")
        out = prev
        old_regions = mentioned_regions(prev)
        if new_regions:
            if old_regions:
                placed = False
                for old in old_regions:  # the new place takes the first old one's position; the others go
                    form = old if old in out else old[:-1]
                    out = out.replace(form, "" if placed else new_regions[0], 1)
                    placed = True
            else:
                out = new_regions[0] + out
        if new_years:
            out = _YEAR.sub(new_years[0], out, count=1) if _YEAR.search(out) else f"{new_years[0]}年{out}"
        if ask and len(ask) >= 2:
            # A new ask about the same subject: the previous question's subject, then the new ask.
            subject = _subject(out)
            out = f"{subject}的{ask}是什么？" if not ask.endswith(("？", "?")) else subject + ask
        return out

    def _english(self, q: str, prev: str) -> str:
        out = prev.rstrip(" ?")
        years = _YEAR.findall(q)
        if years:
            out = _YEAR.sub(years[0], out, count=1) if _YEAR.search(out) else f"{out} in {years[0]}"
        places = [phrase for phrase, e in self.glossary.translate(q) if e.kind == "place"]
        if places:
            old = [phrase for phrase, e in self.glossary.translate(prev) if e.kind == "place"]
            if old and re.search(re.escape(old[0]), out, re.IGNORECASE):
                out = re.sub(re.escape(old[0]), places[0].title(), out, count=1, flags=re.IGNORECASE)
            else:
                out = f"{out} in {places[0].title()}"
        return out + "?"


def _refuses(line: str) -> bool:
    """A reply that is not a question at all ("I don't know"): the rule is used instead."""
    low = line.lower()
    return any(x in low for x in ("i don't know", "i do not know", "不知道", "无法"))


def _subject(question: str) -> str:
    """The part of a Chinese question before its ask: 威海市电机产业有多少家规上企业 -> 威海市电机产业."""
    q = question.rstrip("？?。")
    regions = mentioned_regions(q)
    start = 0
    for r in regions:
        for form in (r, r[:-1]):
            i = q.find(form)
            if i >= 0:
                start = max(start, i + len(form))
                break
    m = _ZH_ASK.search(q, start + 2 if len(q) > start + 2 else start)
    return q[: m.start()] if m else q
