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

from assistant.ui import render
from assistant.ui.service import UiService, filters_of
from index.types import DOC_TYPES

__all__ = ["ANY", "EXAMPLES", "ChatTab", "build_chat_tab"]

ANY = "(any)"
EXAMPLES = [
    "What motor-industry measures did Weihai promise?",
    "威海市5G基站有多少座？",
    "周村区智能装备产业链下一步有什么打算？",
]
EMPTY_HINT = "Ask a question about the indexed documents, in Chinese or English. Every claim is cited [n]."
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


def _blocks(turns: list[dict[str, Any]], live: dict[str, Any] | None = None) -> str:
    """The transcript; `live` overrides how the last turn is drawn while it streams."""
    out = []
    for i, t in enumerate(turns):
        kw = {key: t.get(key) for key in ("filters", "vote", "comment", "error")}
        if live is not None and i == len(turns) - 1:
            kw.update(live)
        answer = kw.pop("answer", t.get("answer"))
        out.append(_with_notes(render.answer_block(i, t["question"], answer, **kw), t))
    return render.transcript(out, EMPTY_HINT)


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


def build_chat_tab(service: UiService) -> ChatTab:
    """Lay out the chat and its filters, and wire asking and clearing (cross-tab events live in app.py)."""
    choices = service.choices()
    with gr.Row(equal_height=False):
        with gr.Column(scale=4, min_width=420):
            log = gr.HTML(_blocks([]), elem_id="chat-log", js_on_load=CHAT_JS, max_height=760, padding=False)
            with gr.Row(equal_height=True):
                question = gr.Textbox(
                    show_label=False, placeholder="Ask a question (Chinese or English)…", lines=1, max_lines=6,
                    scale=6, elem_id="chat-question", submit_btn=False,
                )
                ask = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="chat-ask")
            gr.Examples([[q] for q in EXAMPLES], inputs=[question], label="Examples")
            clear = gr.Button("Clear chat", size="sm", variant="secondary")
        with gr.Column(scale=1, min_width=230, elem_classes=["filters"]):
            gr.HTML('<div class="side-title">Filters for the next question</div>')
            region = gr.Dropdown([ANY, *choices["regions"]], value=ANY, label="Region",
                                 info="A city includes its districts", allow_custom_value=True, elem_id="f-region")
            agency = gr.Dropdown([ANY, *choices["agencies"]], value=ANY, label="Agency", allow_custom_value=True,
                                 elem_id="f-agency")
            doc_type = gr.Dropdown([ANY, *DOC_TYPES], value=ANY, label="Document type", elem_id="f-doctype")
            with gr.Row():
                year_from = gr.Dropdown([ANY, *choices["years"]], value=ANY, label="From year",
                                        allow_custom_value=True, min_width=90, elem_id="f-year-from")
                year_to = gr.Dropdown([ANY, *choices["years"]], value=ANY, label="To year",
                                      allow_custom_value=True, min_width=90, elem_id="f-year-to")
            reset_filters = gr.Button("Reset filters", size="sm", variant="secondary")
    turns = gr.State([])
    tab = ChatTab(log, turns, question, ask, clear, region, agency, doc_type, year_from, year_to, reset_filters)

    def respond(q: str, history: list[dict[str, Any]], region_v, agency_v, doc_type_v, y0, y1) -> Iterator:
        q = (q or "").strip()
        if not q:
            yield gr.skip(), gr.skip(), gr.skip()
            return
        try:
            filters = filters_of(region_v, agency_v, doc_type_v, y0, y1)
        except ValueError:
            filters = filters_of(region_v, agency_v, doc_type_v)
        # Earlier questions, made standalone, so that a follow-up ("那张店区呢？") can be rewritten.
        previous = [t.get("rewritten") or t["question"] for t in history if t.get("answer") is not None]
        history = [*history, {"question": q, "answer": None, "filters": filters.to_dict()}]
        yield _blocks(history, {"partial": ""}), "", history
        answer = None
        partial = ""
        try:
            for event in service.answer_stream(q, filters, history=previous):
                if event.kind == "question":
                    history[-1]["rewritten"] = event.text
                elif event.kind == "text":  # checked sentences only; markers arrive whole
                    partial += event.text
                    yield _blocks(history, {"partial": partial}), gr.skip(), history
                elif event.kind == "reset":
                    partial = ""
                elif event.kind == "done":
                    answer = event.answer
        except Exception as e:  # noqa: BLE001 (the edge: say what went wrong, keep the session going)
            history[-1]["error"] = f"Could not answer: {type(e).__name__}: {e}"
            yield _blocks(history), gr.skip(), history
            return
        if answer is None:
            history[-1]["error"] = "Could not answer: the answer stream ended early"
            yield _blocks(history), gr.skip(), history
            return
        history[-1]["fallback"] = answer.fallback
        text = answer.answer
        if not answer.abstained and answer.answerer == "extractive" and not partial:
            step = max(1, len(text) // STREAM_STEPS)
            for end in range(step, len(text), step):
                yield _blocks(history, {"answer": answer, "partial": text[:end]}), gr.skip(), history
                time.sleep(STREAM_PAUSE_S)
        history[-1]["answer"] = answer
        yield _blocks(history), gr.skip(), history

    ask_inputs = [question, turns, *tab.filter_inputs]
    for trigger in (question.submit, ask.click):
        trigger(respond, ask_inputs, [log, question, turns], api_visibility="private", show_progress="hidden")

    clear.click(lambda: (_blocks([]), []), None, [log, turns], api_visibility="private")
    reset_filters.click(lambda: (ANY,) * 5, None, tab.filter_inputs, api_visibility="private")
    return tab


def record_vote(service: UiService, history: list[dict[str, Any]], turn: int, vote: str, comment: str) -> str:
    """Append a vote on one answer of the session to the feedback file; returns the new transcript."""
    t = history[turn]
    if t.get("answer") is None or t.get("vote"):
        return _blocks(history)
    service.record_feedback(t["answer"], vote, comment, t.get("filters"))
    t["vote"], t["comment"] = vote, (comment or "").strip()
    return _blocks(history)


def cited_passage(history: list[dict[str, Any]], turn: int, n: int):
    """The passage behind citation [n] of one answer, or None."""
    if not 0 <= turn < len(history) or history[turn].get("answer") is None:
        return None
    for c in history[turn]["answer"].citations:
        if c.n == n:
            return c.passage
    return None


def refresh_filter_choices(service: UiService) -> tuple:
    """New choices for region, agency and years after the index changed (values kept)."""
    c = service.choices()
    return (
        gr.Dropdown(choices=[ANY, *c["regions"]]),
        gr.Dropdown(choices=[ANY, *c["agencies"]]),
        gr.Dropdown(choices=[ANY, *c["years"]]),
        gr.Dropdown(choices=[ANY, *c["years"]]),
    )
