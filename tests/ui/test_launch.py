"""`python app.py`: settings read once, local bind, sign-in and host rules, fast start on an existing index."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests.ui.conftest import ROOT, free_port


@pytest.fixture
def captured_launch(monkeypatch, tmp_path):
    """Replace Blocks.launch/block_thread: record the keyword arguments instead of serving."""
    import gradio as gr

    calls: list[dict] = []
    monkeypatch.setattr(gr.Blocks, "launch", lambda self, **kw: calls.append(kw))
    for name in ("ASSISTANT_AUTH_USER", "ASSISTANT_AUTH_PASSWORD", "ASSISTANT_ALLOW_ANONYMOUS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSISTANT_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("ASSISTANT_AUDIT_DB", str(tmp_path / "audit.sqlite3"))
    monkeypatch.setattr(gr.Blocks, "block_thread", lambda self: None)
    return calls


def test_binds_locally_without_share_or_auth_by_default(captured_launch, tmp_path, monkeypatch):
    from assistant.ui.launch import main

    monkeypatch.delenv("ASSISTANT_AUTH_USER", raising=False)
    monkeypatch.delenv("ASSISTANT_AUTH_PASSWORD", raising=False)
    assert main(["--store", str(tmp_path / "store"), "--port", "7999"]) == 0
    (kw,) = captured_launch
    assert kw["server_name"] == "127.0.0.1" and kw["server_port"] == 7999
    assert kw["share"] is False and kw["auth"] is None


def test_single_sign_in_when_user_and_password_are_set(captured_launch, tmp_path, monkeypatch):
    from assistant.ui.launch import main

    monkeypatch.setenv("ASSISTANT_AUTH_USER", "official")
    monkeypatch.setenv("ASSISTANT_AUTH_PASSWORD", "s3cret-pass")
    assert main(["--store", str(tmp_path / "store"), "--host", "0.0.0.0"]) == 0
    (kw,) = captured_launch
    assert kw["server_name"] == "0.0.0.0" and callable(kw["auth"])
    assert kw["auth"]("official", "s3cret-pass") and not kw["auth"]("official", "wrong")


def test_non_loopback_host_without_users_refuses_and_says_why(captured_launch, tmp_path, capsys):
    from assistant.ui.launch import main

    assert main(["--store", str(tmp_path / "store"), "--host", "0.0.0.0"]) == 2
    assert not captured_launch
    err = capsys.readouterr().err
    assert "0.0.0.0" in err and "users add" in err and "--allow-anonymous" in err


def test_allow_anonymous_serves_a_non_loopback_host_without_sign_in(captured_launch, tmp_path):
    from assistant.ui.launch import main

    assert main(["--store", str(tmp_path / "store"), "--host", "0.0.0.0", "--allow-anonymous"]) == 0
    (kw,) = captured_launch
    assert kw["auth"] is None and kw["app_kwargs"]["middleware"]  # the Host guard is on all the same


def test_users_file_requires_sign_in_with_hashed_passwords(captured_launch, tmp_path):
    from assistant.ui.launch import main
    from assistant.users import UserStore

    UserStore(tmp_path / "users.json").add("wang", "reader", "correct horse")
    assert main(["--store", str(tmp_path / "store"), "--host", "0.0.0.0"]) == 0
    (kw,) = captured_launch
    assert kw["auth"]("wang", "correct horse") and not kw["auth"]("wang", "correct hors")
    assert "correct horse" not in (tmp_path / "users.json").read_text(encoding="utf-8")


def test_theme_uses_system_fonts_only():
    from assistant.ui.app import launch_options

    theme = launch_options()["theme"]
    css = theme._get_theme_css() if hasattr(theme, "_get_theme_css") else str(theme.to_dict())
    assert "fonts.googleapis" not in css and "GoogleFont" not in str(theme.to_dict())
    assert "system-ui" in theme.to_dict()["theme"]["font"]


@pytest.mark.slow
def test_app_starts_on_an_existing_index_without_reindexing(tmp_path):
    from assistant.api import build_assistant
    from assistant.config import Settings

    store = tmp_path / "store"
    a = build_assistant(Settings(store=store))
    a.index([ROOT / "corpus"])
    before = {d["doc_id"]: d["indexed_at"] for d in a.documents()}
    a.close()

    port = free_port()
    env = {**os.environ, "ASSISTANT_FEEDBACK_FILE": str(tmp_path / "fb.jsonl")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-u", "app.py", "--port", str(port), "--store", str(store)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        deadline = t0 + 60
        while not any("ready in" in line for line in lines):
            assert proc.poll() is None, "".join(lines)
            assert time.perf_counter() < deadline, "app not ready within 60 s:\n" + "".join(lines)
            time.sleep(0.1)
        startup = time.perf_counter() - t0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert r.status == 200
        print(f"app ready {startup:.1f} s after start")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        reader.join(timeout=5)
    assert any("5 documents indexed" in line for line in lines), "".join(lines)
    a = build_assistant(Settings(store=store), create=False)
    try:
        assert {d["doc_id"]: d["indexed_at"] for d in a.documents()} == before
    finally:
        a.close()
