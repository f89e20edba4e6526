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

from tests.ui.conftest import CHROMIUM, XSS_TEXT

SHOTS_COPY = Path("/tmp/ui-shots")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]


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
    open_tab(page, "文件")
    page.set_input_files("#doc-upload input[type=file]", str(path))
    page.wait_for_function("(name) => document.querySelector('#doc-upload').innerText.includes(name)", arg=path.name,
                           timeout=20_000)
    page.click("#doc-index")
    report = page.locator("#doc-report .index-report")
    report.wait_for(timeout=60_000)
    return report.inner_text()


def test_chat_answers_with_linked_citations_and_source_cards(page, seed_app, shots):
    assert "仅关键词检索" in page.inner_text("#banner")
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

    # thumbs up with a comment lands in the audit database
    from assistant.audit import AuditLog

    turn.locator(".fb-comment").fill("useful list")
    turn.locator(".fb-btn[data-vote='up']").click()
    turn.locator(".fb-done").wait_for(timeout=10_000)
    last = AuditLog(seed_app.settings.audit_db).feedback()[-1]
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
    assert "索引了 1 份" in report, report
    assert "baiyun-harbour-reply.txt" in page.inner_text("#doc-table")
    shots(page, "06-uploaded")
    open_tab(page, "问答")
    turn = ask(page, "白云港智慧冷链中心冷库容量是多少？")
    assert "4.2万吨" in turn.locator(".a-text").inner_text()
    assert any("baiyun-harbour-reply" in i for i in turn.locator(".src-card .src-id").all_inner_texts())


def test_untrusted_document_text_stays_inert(page, tmp_path, shots):
    doc = tmp_path / "xss-reply.txt"
    doc.write_text(XSS_TEXT, encoding="utf-8")
    report = upload(page, doc)
    assert "索引了 1 份" in report, report
    open_tab(page, "问答")
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
    open_tab(page, "评测")
    page.click("#eval-run")
    table = page.locator("#eval-table")
    table.get_by_text("hit@5").first.wait_for(timeout=120_000)
    assert "mrr" in table.inner_text() and "abstention_accuracy" in table.inner_text()
    assert page.locator("#eval-chart .chart-row").count() >= 5
    shots(page, "08-evals")
    baseline = seed_app.evals_dir / "baseline.json"
    page.click("#eval-save")
    page.get_by_text("以确认").wait_for(timeout=10_000)
    assert not baseline.exists()
    page.locator("#eval-confirm input").check()
    page.click("#eval-save")
    page.get_by_text("已保存为新基线").wait_for(timeout=10_000)
    assert json.loads(baseline.read_text(encoding="utf-8"))["n"] > 0


def test_precedents_are_listed_per_document_and_exported(page, shots):
    open_tab(page, "先例")
    page.fill("#prec-draft textarea", "关于推动我市电机产业高质量发展的提案：建议加强产学研合作，搭建研发平台，培育龙头企业。")
    page.click("#prec-find")
    cards = page.locator("#prec-results .prec-card")
    cards.first.wait_for(timeout=30_000)
    ids = page.locator("#prec-results .src-id").all_inner_texts()
    assert len(ids) == len(set(ids)) >= 1
    page.click("#prec-export")
    page.locator("#prec-file a").first.wait_for(timeout=20_000)
    shots(page, "09-precedents")


# --- Chinese first, the English switch, roles, the audit tab -------------------------------------
def test_chinese_by_default_and_english_persists_in_this_browser(browser, seed_app, shots):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.goto(seed_app.url)
    pg.wait_for_selector("#chat-question textarea", timeout=60_000)
    assert pg.get_by_role("tab", name="问答").count() == 1 and pg.get_by_role("tab", name="文件").count() == 1
    assert pg.locator("#chat-ask").inner_text().strip() == "提问"
    assert pg.locator("#chat-question textarea").get_attribute("placeholder").startswith("输入问题")
    shots(pg, "10-zh-desktop", full_page=False)
    pg.locator("#lang-switch").get_by_text("English").click()
    pg.get_by_role("tab", name="Documents").wait_for(timeout=30_000)
    assert pg.locator("#chat-ask").inner_text().strip() == "Ask"
    pg.reload()
    pg.wait_for_selector("#chat-question textarea", timeout=60_000)
    pg.get_by_role("tab", name="Documents").wait_for(timeout=30_000)  # still English after a reload
    assert "Lexical retrieval only" in pg.inner_text("#banner")
    shots(pg, "11-en-desktop", full_page=False)
    pg.locator("#lang-switch").get_by_text("中文").click()
    pg.get_by_role("tab", name="文件").wait_for(timeout=30_000)
    context.close()


def test_phone_width_keeps_the_chat_usable(browser, seed_app, shots):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.goto(seed_app.url)
    pg.wait_for_selector("#chat-question textarea", timeout=60_000)
    turn = ask(pg, "威海市5G基站有多少座？")
    assert turn.locator(".src-card").count() >= 1
    box = pg.locator("#chat-ask").bounding_box()
    assert box and box["x"] + box["width"] <= 390 + 1  # the button is on screen, not pushed off to the right
    shots(pg, "12-zh-phone")
    context.close()


def test_year_filter_with_only_from_year(page, seed_app, shots):
    years = {d["doc_id"]: (d.get("date") or "")[:4] for d in seed_app.assistant.documents()}
    pick(page, "f-year-from", "2024")
    turn = ask(page, "智能装备产业链下一步有什么打算？")
    ids = turn.locator(".src-card .src-id").all_inner_texts()
    assert ids, turn.inner_text()
    assert all(years[i] >= "2024" for i in ids), (ids, years)
    assert "起始年份: 2024" in turn.locator(".filters-chip").inner_text()
    shots(page, "13-year-from")


def test_an_empty_question_gets_a_message(page):
    page.fill("#chat-question textarea", "   ")
    page.click("#chat-ask")
    page.get_by_text("请输入问题").first.wait_for(timeout=30_000)
    assert page.locator(".chat-log .turn").count() == 0


EVIL_ID = "evil`<img src=x onerror=window.__xss=9>`.txt"


@pytest.fixture(scope="module")
def secured_app(tmp_path_factory):
    from assistant.audit import AuditLog
    from assistant.config import Settings
    from assistant.ui.access import Access
    from assistant.ui.app import build_ui
    from assistant.users import UserStore
    from tests.fakes import DOCS, fake_assistant
    from tests.ui.conftest import serve

    base = tmp_path_factory.mktemp("secured-ui")
    users = UserStore(base / "users.json")
    users.add("reader1", "reader", "reader password")
    users.add("admin1", "admin", "admin password")
    settings = Settings(store=base / "store", feedback_file=base / "fb.jsonl", users_file=base / "users.json",
                        audit_db=base / "audit.sqlite3")
    access = Access(UserStore(settings.users_file), AuditLog(settings.audit_db))
    fake = fake_assistant(base / "fake", {**DOCS, EVIL_ID: "电机产业恶意编号测试\n\n一、情况\n\n电机产业稀土永磁测试段落。\n"})
    url, demo = serve(build_ui(fake, settings, evals_dir=base, access=access), access)
    yield url
    demo.close()
    fake.close()


def sign_in(browser, url: str, user: str, password: str, width: int = 1400, shots=None):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    pg = context.new_page()
    pg.goto(url)
    pg.locator("input[type=password]").wait_for(timeout=30_000)
    if shots:
        shots(pg, "13b-sign-in", full_page=False)
    pg.locator("input[type=text], input:not([type])").first.fill(user)
    pg.locator("input[type=password]").fill(password)
    pg.locator("button").filter(has_text="Login").first.click()
    pg.wait_for_selector("#chat-question textarea", timeout=60_000)
    return context, pg


def test_a_reader_sees_no_upload_evals_or_audit(browser, secured_app, shots):
    context, pg = sign_in(browser, secured_app, "reader1", "reader password", shots=shots)
    pg.locator("#who").get_by_text("reader1").wait_for(timeout=30_000)
    assert "读者" in pg.inner_text("#who")
    shots(pg, "14a-reader-chat", full_page=False)
    tab_names = pg.get_by_role("tab").all_inner_texts()
    assert "问答" in tab_names and "评测" not in tab_names and "审计日志" not in tab_names, tab_names
    pg.get_by_role("tab", name="文件").click()
    pg.locator("#doc-table").wait_for(timeout=30_000)
    assert pg.locator("#doc-upload").count() == 0 or not pg.locator("#doc-upload").is_visible()
    assert pg.locator("#doc-delete").count() == 0 or not pg.locator("#doc-delete").is_visible()
    shots(pg, "14-reader-documents", full_page=False)
    pg.get_by_role("tab", name="问答").click()
    turn = ask(pg, "电机产业规上企业有多少")
    assert turn.locator(".src-card").count() >= 1
    context.close()


def test_an_admin_reads_the_audit_tab(browser, secured_app, shots):
    context, pg = sign_in(browser, secured_app, "admin1", "admin password")
    ask(pg, "周村区智能装备产业链下一步有什么打算")
    pg.get_by_role("tab", name="审计日志").click()
    pg.fill("#audit-user textarea, #audit-user input", "admin1")
    pg.click("#audit-show")
    pg.wait_for_function("() => document.querySelector('#audit-table').innerText.includes('周村区智能装备产业链')",
                         timeout=30_000)
    text = pg.inner_text("#audit-table")
    assert "admin1" in text and "ask" in text and "127.0.0.1" in text
    shots(pg, "15-admin-audit", full_page=False)
    pg.click("#audit-export")
    pg.locator("#audit-file a").first.wait_for(timeout=30_000)
    context.close()


def test_precedents_export_escapes_document_ids(browser, secured_app, shots):
    import urllib.request

    import markdown_it

    context, pg = sign_in(browser, secured_app, "reader1", "reader password")
    pg.get_by_role("tab", name="先例").click()
    pg.fill("#prec-draft textarea", "关于电机产业稀土永磁发展的提案")
    pg.click("#prec-find")
    pg.locator("#prec-results .prec-card").first.wait_for(timeout=30_000)
    assert EVIL_ID in pg.inner_text("#prec-results")  # shown as text
    assert pg.evaluate("typeof window.__xss") == "undefined"
    pg.click("#prec-export")
    link = pg.locator("#prec-file a").first
    link.wait_for(timeout=20_000)
    shots(pg, "16-precedents-export", full_page=False)
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    req = urllib.request.Request(link.get_attribute("href"), headers={"Cookie": cookies})
    md = urllib.request.urlopen(req, timeout=20).read().decode("utf-8")
    assert "onerror" in md and "<img" not in markdown_it.MarkdownIt().render(md)
    context.close()
