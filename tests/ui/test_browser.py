"""The app in Debian's chromium through Playwright: chat, filters, uploads, evals, precedents, XSS, offline.

Screenshots go to $UI_SCREENSHOTS (or the test's tmp folder) and are copied to /tmp/ui-shots/.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.ui.conftest import XSS_TEXT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SHOTS_COPY = Path("/tmp/ui-shots")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get("UI_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(page, name: str, full_page: bool = True) -> None:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        try:
            SHOTS_COPY.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SHOTS_COPY / path.name)
        except OSError:
            pass

    return shoot


@pytest.fixture
def page(browser, seed_app):
    """A fresh page on the app; every request it makes must stay on this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in LOCAL_HOSTS else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(seed_app.url)
    pg.wait_for_selector("#chat-question textarea", timeout=60_000)
    yield pg
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


def ask(page, question: str) -> object:
    """Ask in the chat and wait for the new exchange to finish; returns that exchange's element."""
    n = page.locator(".chat-log .turn").count()
    page.fill("#chat-question textarea", question)
    page.click("#chat-ask")
    turn = page.locator(".chat-log .turn").nth(n)
    turn.locator(".a-stats").wait_for(timeout=30_000)
    return turn


def pick(page, elem_id: str, value: str) -> None:
    """Choose a value in a Gradio dropdown."""
    box = page.locator(f"#{elem_id} input")
    box.click()
    box.fill(value)
    page.get_by_role("option", name=value, exact=True).first.click()


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def upload(page, path: Path) -> str:
    open_tab(page, "Documents")
    page.set_input_files("#doc-upload input[type=file]", str(path))
    page.locator("#doc-upload").get_by_text(path.name).first.wait_for(timeout=20_000)
    page.click("#doc-index")
    report = page.locator("#doc-report .index-report")
    report.wait_for(timeout=60_000)
    return report.inner_text()


def test_chat_answers_with_linked_citations_and_source_cards(page, seed_app, shots):
    assert "Lexical retrieval only" in page.inner_text("#banner")
    shots(page, "01-start")
    turn = ask(page, "What motor-industry measures did Weihai promise?")
    assert turn.locator(".a.answered").count() == 1
    links = turn.locator(".a-text a.cite")
    assert links.count() >= 1
    cards = turn.locator(".src-card")
    assert cards.count() >= 1
    titles = " ".join(cards.locator(".src-title").all_inner_texts())
    ids = " ".join(cards.locator(".src-id").all_inner_texts())
    assert "第5号" in titles or "weihai-motor" in ids
    href = links.first.get_attribute("href")
    assert href and turn.locator(href).count() == 1  # [n] points at its card
    assert cards.locator("mark").count() >= 1  # supporting sentences highlighted
    shots(page, "02-answer")

    # thumbs up with a comment lands in the feedback file
    turn.locator(".fb-comment").fill("useful list")
    turn.locator(".fb-btn[data-vote='up']").click()
    turn.locator(".fb-done").wait_for(timeout=10_000)
    last = json.loads(seed_app.settings.feedback_file.read_text(encoding="utf-8").splitlines()[-1])
    assert last["vote"] == "up" and last["comment"] == "useful list" and last["citations"]

    # a source card opens its document in the Documents tab, at the cited passage
    first_id = cards.first.locator(".src-id").inner_text()
    cards.first.locator("button.open-doc").click()
    anchored = page.locator("#doc-view .doc-chunk.anchored")
    anchored.wait_for(timeout=15_000)
    assert first_id in page.inner_text("#doc-view")
    shots(page, "03-open-document", full_page=False)


def test_region_filter_limits_citations_to_that_city(page, seed_app, shots):
    zibo = {d["doc_id"] for d in seed_app.assistant.documents() if d.get("city") == "淄博市"}
    assert zibo
    pick(page, "f-region", "淄博市")
    turn = ask(page, "智能装备产业链下一步有什么打算？")
    ids = turn.locator(".src-card .src-id").all_inner_texts()
    assert ids, turn.inner_text()
    assert set(ids) <= zibo
    assert "淄博市" in turn.locator(".filters-chip").inner_text()
    shots(page, "04-filtered")


def test_abstention_looks_different(page, shots):
    turn = ask(page, "威海市有多少只大熊猫？")
    assert turn.locator(".a.abstained").count() == 1 and turn.locator(".src-card").count() == 0
    shots(page, "05-abstained")


def test_uploaded_document_is_indexed_and_answers(page, seed_app, tmp_path, shots):
    doc = tmp_path / "baiyun-harbour-reply.txt"
    doc.write_text("关于白云港智慧冷链建设情况的答复\n\n一、基本情况\n\n白云港智慧冷链中心已建成冷库容量4.2万吨。\n",
                   encoding="utf-8")
    report = upload(page, doc)
    assert "Indexed 1" in report, report
    assert "baiyun-harbour-reply.txt" in page.inner_text("#doc-table")
    shots(page, "06-uploaded")
    open_tab(page, "Chat")
    turn = ask(page, "白云港智慧冷链中心冷库容量是多少？")
    assert "4.2万吨" in turn.locator(".a-text").inner_text()
    assert any("baiyun-harbour-reply" in i for i in turn.locator(".src-card .src-id").all_inner_texts())


def test_untrusted_document_text_stays_inert(page, tmp_path, shots):
    doc = tmp_path / "xss-reply.txt"
    doc.write_text(XSS_TEXT, encoding="utf-8")
    report = upload(page, doc)
    assert "Indexed 1" in report, report
    open_tab(page, "Chat")
    turn = ask(page, "蓝鲸湾示范园区共有多少测试企业？")
    assert not turn.locator(".a.abstained").count(), turn.inner_text()
    card_text = turn.locator(".src-card").first.inner_text()
    assert "<script>window.__xss=1</script>" in card_text
    assert "onerror" in card_text and "[click](javascript:window.__xss=3)" in card_text
    turn.locator(".src-card button.open-doc").first.click()
    page.locator("#doc-view .doc-chunk.anchored").wait_for(timeout=15_000)
    assert "<img src=x onerror=" in page.inner_text("#doc-view")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("#chat-log script, #doc-view script, #chat-log img, #doc-view img").count() == 0
    shots(page, "07-xss-inert", full_page=False)


def test_eval_tab_runs_the_seed_set_and_guards_the_baseline(page, seed_app, shots):
    open_tab(page, "Evals")
    page.click("#eval-run")
    table = page.locator("#eval-table")
    table.get_by_text("hit@5").first.wait_for(timeout=120_000)
    assert "mrr" in table.inner_text() and "abstention_accuracy" in table.inner_text()
    assert page.locator("#eval-chart .chart-row").count() >= 5
    shots(page, "08-evals")
    baseline = seed_app.evals_dir / "baseline.json"
    page.click("#eval-save")
    page.get_by_text("to confirm").wait_for(timeout=10_000)
    assert not baseline.exists()
    page.locator("#eval-confirm input").check()
    page.click("#eval-save")
    page.get_by_text("Saved as the new baseline").wait_for(timeout=10_000)
    assert json.loads(baseline.read_text(encoding="utf-8"))["n"] > 0


def test_precedents_are_listed_per_document_and_exported(page, shots):
    open_tab(page, "Precedents")
    page.fill("#prec-draft textarea", "关于推动我市电机产业高质量发展的提案：建议加强产学研合作，搭建研发平台，培育龙头企业。")
    page.click("#prec-find")
    cards = page.locator("#prec-results .prec-card")
    cards.first.wait_for(timeout=30_000)
    ids = page.locator("#prec-results .src-id").all_inner_texts()
    assert len(ids) == len(set(ids)) >= 1
    page.click("#prec-export")
    page.locator("#prec-file a").first.wait_for(timeout=20_000)
    shots(page, "09-precedents")
