"""UI fixtures: the real Assistant over a hashing embedder, a seed-indexed writable Assistant, a served app."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.api import Assistant
from tests.fakes import fake_assistant as fake_assistant_at

ROOT = Path(__file__).resolve().parents[2]
# Debian's chromium, kept off the network (Playwright's own browser download cannot work offline).
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

XSS_TEXT = (
    "关于跨站脚本测试的答复\n\n"
    "一、基本情况\n\n"
    "蓝鲸湾示范园区共有测试企业8家。<script>window.__xss=1</script>"
    "<img src=x onerror=\"window.__xss=2\">蓝鲸湾示范园区的联系方式见[click](javascript:window.__xss=3)。\n"
)


# --- the real Assistant over a hashing embedder and two small documents (tests/fakes.py) -----------------
@pytest.fixture
def fake_assistant(tmp_path) -> Iterator[Assistant]:
    a = fake_assistant_at(tmp_path / "fake")
    yield a
    a.close()


# --- serving ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(demo, access=None) -> tuple[str, Any]:
    """Launch `demo` in a thread on a free local port, with the app's own launch options (and, given an
    `Access`, its sign-in and the Host and sign-in guards)."""
    from assistant.ui.access import allowed_hosts
    from assistant.ui.app import launch_options

    port = free_port()
    demo.queue()
    guard = access.launch_kwargs(allowed_hosts("127.0.0.1")) if access is not None else {}
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True, **guard,
                **launch_options())
    return f"http://127.0.0.1:{port}/", demo


@pytest.fixture(scope="module")
def seed_app(tmp_path_factory) -> Iterator[SimpleNamespace]:
    """The app over a writable seed-indexed store (uploads and baseline go to its own temp folders)."""
    import shutil

    from assistant.api import build_assistant
    from assistant.config import Settings
    from assistant.ui.app import build_ui

    base = tmp_path_factory.mktemp("uiapp")
    settings = Settings(store=base / "store", corpus=ROOT / "corpus", feedback_file=base / "feedback.jsonl",
                        users_file=base / "users.json", audit_db=base / "audit.sqlite3")
    assistant = build_assistant(settings)
    report = assistant.index([ROOT / "corpus"])
    assert report.documents == 5 and not report.failed
    evals_dir = base / "evals"
    evals_dir.mkdir()
    shutil.copy(ROOT / "evals" / "seeds.jsonl", evals_dir / "seeds.jsonl")
    demo = build_ui(assistant, settings, evals_dir=evals_dir)
    url, demo = serve(demo)
    yield SimpleNamespace(url=url, demo=demo, assistant=assistant, settings=settings, base=base, evals_dir=evals_dir)
    demo.close()
    assistant.close()


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module of browser tests."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
