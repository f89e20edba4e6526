"""Chat tab (officials): questions with filters, streamed cited answers, source cards, thumbs up/down.

The transcript is one gr.HTML built by `render` from the session's turns (gr.State); buttons inside it
(vote, open the document) reach Python through the component's `trigger('click', data)`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.audit import Actor, answer_detail
from assistant.ui import render
from assistant.ui.context import UiContext
from assistant.ui.i18n import DEFAULT_LANG, lang_of, t
from assistant.ui.inputs import InputError, check_filters, clean_text
from assistant.ui.service import UiService
from index.types import DOC_TYPES

__all__ = ["ANY", "EXAMPLES", "ChatTab", "build_chat_tab"]

ANY = "(any)"
ANY_CHOICE = (t("chat.any"), ANY)


def _any(lang: str) -> tuple[str, str]:
    return (t("chat.any", lang), ANY)
EXAMPLES = [
    "威海市5G基站有多少座？",
    "周村区智能装备产业链下一步有什么打算？",
    "What motor-industry measures did Weihai promise?",
]
STREAM_STEPS = 12  # the answer is revealed in this many pieces
STREAM_PAUSE_S = 0.02

# Delegated clicks: vote buttons send their turn, vote and the comment typed beside them; "open"
# buttons send turn and citation number; [n] links scroll to their card without touching the URL.
CHAT_JS = """
element.addEventListener('click', (e) => {
  const cite = e.target.closest('a.cite');
  if (cite) {
    const card = element.querySelector(cite.getAttribute('href'));
    if (card) {
      e.preventDefault();
      card.scrollIntoView({block: 'center', behavior: 'smooth'});
      card.classList.remove('flash'); void card.offsetWidth; card.classList.add('flash');
    }
    return;
  }
  const b = e.target.closest('[data-act]');
  if (!b || !element.contains(b)) return;
  e.preventDefault();
  const d = {act: b.dataset.act, turn: b.dataset.turn || '', n: b.dataset.n || '', vote: b.dataset.vote || '', comment: ''};
  if (d.act === 'vote') {
    const box = element.querySelector('.fb-comment[data-turn="' + d.turn + '"]');
    if (box) d.comment = box.value;
    element.querySelectorAll('.fb-btn[data-turn="' + d.turn + '"]').forEach((x) => { x.disabled = true; });
  }
  trigger('click', d);
});
let seen = 0;
watch('value', () => {
  const turns = element.querySelectorAll('.turn');
  if (turns.length > seen) turns[turns.length - 1].scrollIntoView({block: 'start', behavior: 'smooth'});
  seen = turns.length;
});
"""


@dataclass
class ChatTab:
    log: gr.HTML
    turns: gr.State
    question: gr.Textbox
    ask: gr.Button
    clear: gr.Button
    region: gr.Dropdown
    agency: gr.Dropdown
    doc_type: gr.Dropdown
    year_from: gr.Dropdown
    year_to: gr.Dropdown
    reset_filters: gr.Button

    @property
    def filter_inputs(self) -> list[gr.components.Component]:
        return [self.region, self.agency, self.doc_type, self.year_from, self.year_to]


def _blocks(turns: list[dict[str, Any]], live: dict[str, Any] | None = None, lang: str = DEFAULT_LANG) -> str:
    """The transcript; `live` overrides how the last turn is drawn while it streams."""
    out = []
    for i, turn in enumerate(turns):
        kw = {key: turn.get(key) for key in ("filters", "vote", "comment", "error")}
        if live is not None and i == len(turns) - 1:
            kw.update(live)
        answer = kw.pop("answer", turn.get("answer"))
        out.append(_with_notes(render.answer_block(i, turn["question"], answer, lang=lang, **kw), turn))
    return render.transcript(out, t("chat.empty_hint", lang))


def _with_notes(block: str, turn: dict[str, Any]) -> str:
    """Above the answer: the standalone question a follow-up was rewritten into, and why a model's answer
    was replaced by the extractive one."""
    notes = []
    if turn.get("rewritten"):
        notes.append(f'<div class="a-note a-rewritten">→ {render.esc(turn["rewritten"])}</div>')
    if turn.get("fallback"):
        notes.append(f'<div class="a-note a-fallback">⚠ {render.esc(turn["fallback"])}</div>')
    if not notes:
        return block
    return block.replace('</div><div class="a ', '</div>' + "".join(notes) + '<div class="a ', 1)


def build_chat_tab(service: UiService, ctx: UiContext) -> ChatTab:
    """Lay out the chat and its filters, and wire asking and clearing (cross-tab events live in app.py)."""
    L = ctx.labels
    choices = service.choices()
    with gr.Row(equal_height=False):
        with gr.Column(scale=4, min_width=300):
            log = gr.HTML(_blocks([]), elem_id="chat-log", js_on_load=CHAT_JS, max_height=760, padding=False)
            with gr.Row(equal_height=True):
                question = L(gr.Textbox(
                    show_label=False, placeholder=t("chat.placeholder"), lines=1, max_lines=6,
                    scale=6, elem_id="chat-question", submit_btn=False,
                ), placeholder="chat.placeholder")
                ask = L(gr.Button(t("chat.ask"), variant="primary", scale=1, min_width=80, elem_id="chat-ask"),
                        value="chat.ask")
            gr.Examples([[q] for q in EXAMPLES], inputs=[question], label="示例 · Examples")
            clear = L(gr.Button(t("chat.clear"), size="sm", variant="secondary", elem_id="chat-clear"),
                      value="chat.clear")
        with gr.Column(scale=1, min_width=230, elem_classes=["filters"]):
            L(gr.HTML(f'<div class="side-title">{t("chat.filters_title")}</div>'),
              value=lambda lang: f'<div class="side-title">{t("chat.filters_title", lang)}</div>')
            region = L(gr.Dropdown([ANY_CHOICE, *choices["regions"]], value=ANY, label=t("chat.region"),
                                   info=t("chat.region_info"), allow_custom_value=True, elem_id="f-region"),
                       label="chat.region", info="chat.region_info",
                       choices=lambda lang: [_any(lang), *service.choices()["regions"]])
            agency = L(gr.Dropdown([ANY_CHOICE, *choices["agencies"]], value=ANY, label=t("chat.agency"),
                                   allow_custom_value=True, elem_id="f-agency"), label="chat.agency",
                       choices=lambda lang: [_any(lang), *service.choices()["agencies"]])
            doc_type = L(gr.Dropdown([ANY_CHOICE, *DOC_TYPES], value=ANY, label=t("chat.doc_type"),
                                     elem_id="f-doctype"), label="chat.doc_type",
                         choices=lambda lang: [_any(lang), *DOC_TYPES])
            with gr.Row():
                year_from = L(gr.Dropdown([ANY_CHOICE, *choices["years"]], value=ANY, label=t("chat.year_from"),
                                          allow_custom_value=True, min_width=90, elem_id="f-year-from"),
                              label="chat.year_from", choices=lambda lang: [_any(lang), *service.choices()["years"]])
                year_to = L(gr.Dropdown([ANY_CHOICE, *choices["years"]], value=ANY, label=t("chat.year_to"),
                                        allow_custom_value=True, min_width=90, elem_id="f-year-to"),
                            label="chat.year_to", choices=lambda lang: [_any(lang), *service.choices()["years"]])
            reset_filters = L(gr.Button(t("chat.reset_filters"), size="sm", variant="secondary"),
                              value="chat.reset_filters")
    turns = gr.State([])
    tab = ChatTab(log, turns, question, ask, clear, region, agency, doc_type, year_from, year_to, reset_filters)

    def respond(q: str, history: list[dict[str, Any]], lang, region_v, agency_v, doc_type_v, y0, y1,
                request: gr.Request) -> Iterator:
        lang = lang_of(lang)
        try:
            actor = ctx.access.require(request, "ask")
        except PermissionError:
            raise gr.Error(t("err.denied", lang)) from None
        try:
            q = clean_text(q, ctx.max_question_chars)
            filters = check_filters(region_v, agency_v, doc_type_v, y0, y1)
        except InputError as e:
            # An empty question, a year out of range …: one line in the user's language, the session goes on.
            gr.Warning(e.message(lang))
            yield gr.skip(), gr.skip(), gr.skip()
            return
        # Earlier questions, made standalone, so that a follow-up ("那张店区呢？") can be rewritten.
        previous = [turn.get("rewritten") or turn["question"] for turn in history if turn.get("answer") is not None]
        history = [*history, {"question": q, "answer": None, "filters": filters.to_dict()}]
        yield _blocks(history, {"partial": ""}, lang), "", history
        answer = None
        partial = ""
        try:
            for event in service.answer_stream(q, filters, history=previous):
                if event.kind == "question":
                    history[-1]["rewritten"] = event.text
                elif event.kind == "text":  # checked sentences only; markers arrive whole
                    partial += event.text
                    yield _blocks(history, {"partial": partial}, lang), gr.skip(), history
                elif event.kind == "reset":
                    partial = ""
                elif event.kind == "done":
                    answer = event.answer
        except Exception as e:  # noqa: BLE001 (the edge: say what went wrong, keep the session going)
            history[-1]["error"] = t("err.answer_failed", lang, reason=str(e).splitlines()[0][:200] if str(e)
                                     else type(e).__name__)
            ctx.access.audit.record(actor, "ask_failed", question=q, filters=filters.to_dict(), error=str(e)[:200])
            yield _blocks(history, lang=lang), gr.skip(), history
            return
        if answer is None:
            history[-1]["error"] = t("err.stream_ended", lang)
            yield _blocks(history, lang=lang), gr.skip(), history
            return
        history[-1]["fallback"] = answer.fallback
        ctx.access.audit.record(actor, "ask", channel="ui", **answer_detail(answer, filters.to_dict(), 5))
        text = answer.answer
        if not answer.abstained and answer.answerer == "extractive" and not partial:
            step = max(1, len(text) // STREAM_STEPS)
            for end in range(step, len(text), step):
                yield _blocks(history, {"answer": answer, "partial": text[:end]}, lang), gr.skip(), history
                time.sleep(STREAM_PAUSE_S)
        history[-1]["answer"] = answer
        yield _blocks(history, lang=lang), gr.skip(), history

    ask_inputs = [question, turns, ctx.lang, *tab.filter_inputs]
    for trigger in (question.submit, ask.click):
        trigger(respond, ask_inputs, [log, question, turns], api_visibility="private", show_progress="hidden")

    clear.click(lambda lang: (_blocks([], lang=lang_of(lang)), []), ctx.lang, [log, turns], api_visibility="private")
    reset_filters.click(lambda: (ANY,) * 5, None, tab.filter_inputs, api_visibility="private")
    return tab


def record_vote(service: UiService, history: list[dict[str, Any]], turn: int, vote: str, comment: str,
                actor: Actor | None = None, lang: str = DEFAULT_LANG) -> str:
    """Record a vote on one answer of the session (in the audit database); returns the new transcript."""
    turn_ = history[turn]
    if turn_.get("answer") is None or turn_.get("vote"):
        return _blocks(history, lang=lang)
    service.record_feedback(turn_["answer"], vote, comment, turn_.get("filters"), actor=actor)
    turn_["vote"], turn_["comment"] = vote, (comment or "").strip()
    return _blocks(history, lang=lang)


def cited_passage(history: list[dict[str, Any]], turn: int, n: int):
    """The passage behind citation [n] of one answer, or None."""
    if not 0 <= turn < len(history) or history[turn].get("answer") is None:
        return None
    for c in history[turn]["answer"].citations:
        if c.n == n:
            return c.passage
    return None


def refresh_filter_choices(service: UiService, lang: str = DEFAULT_LANG) -> tuple:
    """New choices for region, agency and years after the index changed (values kept)."""
    c = service.choices()
    return (
        gr.Dropdown(choices=[_any(lang), *c["regions"]]),
        gr.Dropdown(choices=[_any(lang), *c["agencies"]]),
        gr.Dropdown(choices=[_any(lang), *c["years"]]),
        gr.Dropdown(choices=[_any(lang), *c["years"]]),
    )
