"""The chat with a generative answerer, in Debian's chromium: streamed checked sentences with working [n]
links, an invented figure dropped (or marked), a follow-up rewritten, a stream cut midway answered extractively."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.assistant.scripted_llm import Reply, ScriptedLLM, passage_number
from tests.ui.conftest import CHROMIUM, serve
from tests.ui.test_browser import ask

ROOT = Path(__file__).resolve().parents[2]
FACT = "电机产业目前拥有规上企业35家"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]


def with_invented_figure(prompt: str, pause_s: float = 0.05) -> Reply:
    n = passage_number(prompt, FACT)
    return Reply(f"威海电机产业目前拥有规上企业35家。[{n}]其中规上企业营业收入达到999亿元。[{n}]", piece=3, pause_s=pause_s)


@pytest.fixture(scope="module")
def llm_app(tmp_path_factory):
    from assistant.api import build_assistant
    from assistant.config import Settings
    from assistant.ui.app import build_ui

    server = ScriptedLLM().start()
    base = tmp_path_factory.mktemp("llmui")
    settings = Settings(store=base / "store", corpus=ROOT / "corpus", feedback_file=base / "feedback.jsonl",
                        answerer="llm", llm_base_url=server.base_url, llm_model="scripted", llm_timeout_s=5)
    assistant = build_assistant(settings)
    assert assistant.index([ROOT / "corpus"]).documents == 5
    evals_dir = base / "evals"
    evals_dir.mkdir()
    url, demo = serve(build_ui(assistant, settings, evals_dir=evals_dir))
    yield url, server, assistant
    demo.close()
    assistant.close()
    server.stop()


@pytest.fixture
def page(browser, llm_app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.goto(llm_app[0], wait_until="load")
    pg.wait_for_selector("#chat-question textarea", timeout=60_000)
    yield pg
    context.close()


def test_streamed_answer_drops_an_invented_figure_and_links_its_citations(page, llm_app):
    _, server, assistant = llm_app
    server.script = lambda prompt: with_invented_figure(prompt, pause_s=0.3)  # ~4 s of streaming to observe
    assistant.answerer.unsupported = "drop"
    page.fill("#chat-question textarea", "威海电机产业现在有多少家规上企业？")
    page.click("#chat-ask")
    page.locator(".chat-log .turn .a-streaming").filter(has_text="35家").first.wait_for(timeout=30_000)
    turn = page.locator(".chat-log .turn").last
    turn.locator(".a-stats").wait_for(timeout=30_000)
    text = turn.locator(".a-text").inner_text()
    assert "35家" in text and "999亿元" not in text
    link = turn.locator(".a-text a.cite").first
    href = link.get_attribute("href")
    assert href and turn.locator(href).count() == 1  # [1] points at its source card
    assert FACT in turn.locator(href).inner_text()


def test_mark_mode_shows_the_invented_figure_marked_and_uncited(page, llm_app):
    _, server, assistant = llm_app
    server.script = with_invented_figure
    assistant.answerer.unsupported = "mark"
    try:
        turn = ask(page, "威海电机产业现在有多少家规上企业？")
    finally:
        assistant.answerer.unsupported = "drop"
    text = turn.locator(".a-text").inner_text()
    marked = re.search(r"⚠〔未经核实〕[^\[]*999亿元[^\[]*?(?:\[|$)", text)
    assert marked and not marked.group(0).endswith("[")


def test_follow_up_is_rewritten_and_shown_above_the_answer(page, llm_app):
    _, server, _ = llm_app
    rewrite = "张店区智能装备产业链下一步有什么打算？"
    server.script = lambda prompt: Reply(rewrite if "Standalone question:" in prompt else "I don't know.")
    ask(page, "周村区智能装备产业链下一步有什么打算？")
    turn = ask(page, "那张店区呢？")
    assert rewrite in turn.locator(".a-rewritten").inner_text()
    prompts = [r["body"]["messages"][0]["content"] for r in server.requests[-2:]]
    assert "周村区智能装备产业链" in prompts[0] and "那张店区呢？" in prompts[0]  # the rewrite saw the history
    assert f"问题：{rewrite}" in prompts[1]  # and the answer was asked for the standalone question


def test_stream_cut_midway_gives_the_extractive_answer_and_its_reason(page, llm_app):
    _, server, _ = llm_app
    server.script = lambda prompt: Reply(with_invented_figure(prompt).text * 4, cut=True, piece=3, pause_s=0.02)
    turn = ask(page, "威海电机产业现在有多少家规上企业？")
    assert "the model's stream stopped midway" in turn.locator(".a-fallback").inner_text()
    assert "35家" in turn.locator(".a-text").inner_text()
    assert turn.locator(".a-text a.cite").count() >= 1
