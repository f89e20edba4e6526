"""The generative answerer: a model writes the answer from numbered passages; every sentence is checked.

Order of work: the extractive answerer decides first whether retrieval found support (the same gate);
when it abstains, so does this answerer and the model is not called. Otherwise the model's reply is
split into sentences as it streams (`citations.take_sentences`), each complete sentence is checked
(`claims.ClaimChecker`), kept with its citations renumbered 1..m in order of first use, dropped, or
kept visibly marked without a citation (`unsupported="mark"`). A reply that says it does not know is
an abstention. A failed call, or a reply with no supported sentence, gives the extractive answer
with a one-line `fallback` reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from llama_index.core.prompts import PromptTemplate

from assistant.answer import ABSTAIN_TEXT, Answerer
from assistant.citations import MARKER, Citer, markers, take_sentences
from assistant.claims import ClaimChecker, SentenceCheck
from assistant.cues import load_word_list
from assistant.dates import display_date
from assistant.llm_client import ChatClient, LLMError
from assistant.query import QueryAnalysis
from assistant.retrieval import region_agrees
from assistant.types import Answer, Passage

__all__ = ["PROMPTS_DIR", "LLMAnswerer", "StreamEvent", "extractive_checks", "load_prompt", "stream_of"]

log = logging.getLogger(__name__)

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
MARK = {"zh": "⚠〔未经核实〕", "en": "⚠ (unverified) "}


def load_prompt(name: str, prompts_dir: Path = PROMPTS_DIR) -> PromptTemplate:
    """A prompt file of prompts/ as a llama-index PromptTemplate."""
    return PromptTemplate((prompts_dir / name).read_text(encoding="utf-8"))


def _abstain_cues(prompts_dir: Path = PROMPTS_DIR) -> list[str]:
    return [w.lower() for w in load_word_list(prompts_dir / "abstain_cues.txt")]


@dataclass
class StreamEvent:
    """A piece of a streamed answer: `text` to append, `reset` (drop what was shown), or `done` with the Answer.

    `question` (first, only for a rewritten follow-up) carries the standalone question in `text`.
    """

    kind: str  # "question" | "text" | "reset" | "done"
    text: str = ""
    answer: Answer | None = None


def extractive_checks(answer: Answer) -> list[dict[str, Any]]:
    """The `checks` of an extractive answer: one per sentence, all supported (quoted from the passages)."""
    out = []
    for line in answer.answer.splitlines():
        sentences, _ = take_sentences(line, final=True)
        for s in sentences:
            cited = markers(s.text)
            reason = "quoted from the cited passage" if cited else "heading of the answer, from the document record"
            out.append({"sentence": MARKER.sub("", s.text).strip(), "citations": cited, "supported": True,
                        "reason": reason})
    return out


def format_passages(passages: Sequence[Passage], language: str) -> str:
    """The numbered passages as the prompt shows them: title, agency, date and heading, then the text."""
    blocks = []
    for i, p in enumerate(passages, 1):
        date = display_date(p.date, language)
        head = f"[{i}] 《{p.title}》 | {p.agency or '—'} | {date} | {p.heading or '—'}"
        blocks.append(head + "\n" + p.text.strip())
    return "\n\n".join(blocks)


class LLMAnswerer:
    """Answers with a model behind `ChatClient`; falls back to `fallback` (the extractive answerer)."""

    def __init__(
        self,
        client: ChatClient,
        fallback: Answerer,
        *,
        checker: ClaimChecker | None = None,
        unsupported: str = "drop",
        document_of: Callable[[str], Mapping[str, Any]] | None = None,
        prompts_dir: Path = PROMPTS_DIR,
    ) -> None:
        if unsupported not in ("drop", "mark"):
            raise ValueError(f"unsupported must be 'drop' or 'mark', got {unsupported!r}")
        self.client = client
        self.fallback = fallback
        self.checker = checker or ClaimChecker()
        self.unsupported = unsupported
        self.document_of = document_of
        self.prompts = {lang: load_prompt(f"answer.{lang}.md", prompts_dir) for lang in ("zh", "en")}
        self.abstain_cues = _abstain_cues(prompts_dir)

    def answer(self, qa: QueryAnalysis, passages: Sequence[Passage]) -> Answer:
        """One non-streamed call to the model; the same checks and result as `stream`."""
        return stream_of(self._run(qa, passages, lambda messages: iter([self.client.complete(messages)])))

    def stream(self, qa: QueryAnalysis, passages: Sequence[Passage]) -> Iterator[StreamEvent]:
        """The answer as it is written: checked sentences as `text` events, then `done` with the Answer."""
        return self._run(qa, passages, self.client.stream)

    def _run(self, qa: QueryAnalysis, passages: Sequence[Passage],
             call: Callable[[list[dict[str, str]]], Iterator[str]]) -> Iterator[StreamEvent]:
        base = self.fallback.answer(qa, passages)
        if base.abstained:  # retrieval found no support: do not ask the model
            yield StreamEvent("done", answer=replace(base, answerer="llm", checks=[]))
            return
        given = self._given(qa, passages)
        prompt = self.prompts[qa.language].format(passages=format_passages(given, qa.language), question=qa.question)
        records = self._records(given)
        cites = Citer()
        checks: list[dict[str, Any]] = []
        emitted: list[str] = []  # exactly what was streamed: the final text is their concatenation
        said: list[str] = []
        sep = ""
        buf = ""
        try:
            final = False
            pieces = call([{"role": "user", "content": prompt}])
            while not final:
                piece = next(pieces, None)
                if piece is None:
                    final = True
                else:
                    buf += piece
                done, buf = take_sentences(buf, final=final)
                for s in done:
                    out = self._sentence(s.text, given, records, cites, checks, qa.language, said)
                    if out:
                        text = (sep if emitted else "") + out
                        emitted.append(text)
                        yield StreamEvent("text", text)
                        sep = s.sep or (" " if qa.language == "en" else "")
                    elif emitted and s.sep:
                        sep = s.sep
        except LLMError as e:
            if emitted:
                yield StreamEvent("reset")
            yield StreamEvent("done", answer=self._fall_back(base, str(e), checks))
            return
        supported = [c for c in checks if c["supported"]]
        if not supported:
            reply = " ".join(said).lower()
            if any(cue in reply for cue in self.abstain_cues):
                for c in checks:
                    if c["reason"] == "no citation":
                        c["reason"] = "the model says the passages do not hold the answer"
                if emitted:
                    yield StreamEvent("reset")
                yield StreamEvent("done", answer=Answer(qa.question, ABSTAIN_TEXT[qa.language], True, [],
                                                        list(passages), language=qa.language, answerer="llm",
                                                        checks=checks))
                return
            if emitted:
                yield StreamEvent("reset")
            yield StreamEvent("done", answer=self._fall_back(base, "no sentence of the model's answer was supported "
                                                             "by its citations", checks))
            return
        yield StreamEvent("done", answer=Answer(qa.question, "".join(emitted), False, cites.citations, list(passages),
                                                language=qa.language, answerer="llm", checks=checks))

    # --- parts --------------------------------------------------------------------------------------
    def _given(self, qa: QueryAnalysis, passages: Sequence[Passage]) -> list[Passage]:
        """The passages shown to the model: those of the asked-for region when the question names one."""
        if not qa.regions:
            return list(passages)
        return [p for p in passages if region_agrees(qa.regions, p) is not False] or list(passages)

    def _records(self, given: Sequence[Passage]) -> dict[str, Mapping[str, Any]]:
        if self.document_of is None:
            return {}
        out: dict[str, Mapping[str, Any]] = {}
        for p in given:
            if p.doc_id not in out:
                try:
                    out[p.doc_id] = self.document_of(p.doc_id)
                except KeyError:
                    out[p.doc_id] = {}
        return out

    def _sentence(self, raw: str, given: Sequence[Passage], records: Mapping[str, Mapping[str, Any]], cites: Citer,
                  checks: list[dict[str, Any]], language: str, said: list[str]) -> str | None:
        """Check one sentence; the text to show (renumbered, or marked) or None when it is dropped."""
        result: SentenceCheck = self.checker.check(raw, given, records)
        said.append(result.sentence)
        if result.supported:
            numbers = {n: cites.cite(given[n - 1], result.sentence) for n in result.citations}

            def renumber(m: re.Match[str]) -> str:
                return "".join(f"[{numbers[int(x)]}]" for x in re.split(r"\s*[,，、]\s*", m.group(1)))

            checks.append(result.to_dict([numbers[n] for n in result.citations]))
            return MARKER.sub(renumber, raw).strip()
        checks.append({**result.to_dict([]), "model_citations": result.citations})
        log.info("unsupported sentence (%s): %s", result.reason, result.sentence)
        if self.unsupported == "mark" and result.sentence:
            return MARK[language] + result.sentence
        return None

    def _fall_back(self, base: Answer, reason: str, checks: list[dict[str, Any]]) -> Answer:
        log.warning("generative answer replaced by the extractive one: %s", reason)
        return replace(base, answerer="extractive", fallback=reason, checks=checks)


def stream_of(events: Iterator[StreamEvent]) -> Answer:
    """Run a stream to its end and return its Answer."""
    final: Answer | None = None
    for e in events:
        if e.kind == "done":
            final = e.answer
    if final is None:
        raise RuntimeError("the answer stream ended without an answer")
    return final
