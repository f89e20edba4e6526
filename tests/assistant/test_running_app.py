"""The CLI beside a running app on the same store: it uses the app's local API, and never a stale file."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from assistant.running_app import ADDRESS_FILE, AppAddress
from tests.apps import AppProcess, free_port
from tests.conftest import CORPUS


def cli(*args):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], check=False, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def running_app(tmp_path_factory):
    base = tmp_path_factory.mktemp("shared")
    store = base / "store"
    assert cli("index", str(CORPUS), "--store", str(store)).returncode == 0
    app = AppProcess([sys.executable, "-u", "app.py", "--port", str(free_port()), "--store", str(store)],
                     env={"ASSISTANT_FEEDBACK_FILE": str(base / "fb.jsonl")})
    try:
        app.wait_ready()
        yield store, base, app
    finally:
        app.stop()


@pytest.mark.slow
def test_cli_reads_through_the_running_app(running_app):
    store, _, _ = running_app
    address = store / ADDRESS_FILE
    assert stat.S_IMODE(address.stat().st_mode) == 0o600
    docs = cli("docs", "--json", "--store", str(store))
    assert docs.returncode == 0, docs.stderr
    assert "using the running app" in docs.stderr
    assert len(json.loads(docs.stdout)) == 5
    ask = cli("ask", "威海市5G基站有多少座？", "--json", "--store", str(store))
    assert ask.returncode == 0, ask.stderr
    out = json.loads(ask.stdout)
    assert not out["abstained"] and out["citations"]
    search = cli("search", "电机 产业", "--json", "-k", "3", "--store", str(store))
    assert search.returncode == 0 and len(json.loads(search.stdout)) == 3


@pytest.mark.slow
def test_cli_indexes_through_the_running_app(running_app):
    store, base, _ = running_app
    extra = base / "extra"
    extra.mkdir()
    (extra / "design.txt").write_text("威海市关于工业设计中心建设的通知。推动工业设计发展，培育省级设计中心3家。",
                                      encoding="utf-8")
    proc = cli("index", str(extra), "--store", str(store), "--json")
    assert proc.returncode == 0, proc.stderr
    assert "using the running app" in proc.stderr
    assert json.loads(proc.stdout)["documents"] == 1
    docs = json.loads(cli("docs", "--json", "--store", str(store)).stdout)
    assert "design.txt" in {d["doc_id"] for d in docs}


@pytest.mark.slow
def test_the_address_file_is_removed_when_the_app_stops(tmp_path):
    store = tmp_path / "store"
    assert cli("index", str(CORPUS), "--store", str(store)).returncode == 0
    app = AppProcess([sys.executable, "-u", "app.py", "--port", str(free_port()), "--store", str(store)],
                     env={"ASSISTANT_FEEDBACK_FILE": str(tmp_path / "fb.jsonl")})
    try:
        app.wait_ready()
        assert (store / ADDRESS_FILE).exists()
    finally:
        app.stop()
    assert not (store / ADDRESS_FILE).exists()


@pytest.mark.slow
def test_a_stale_address_file_does_not_block_the_cli(tmp_path):
    store = tmp_path / "store"
    assert cli("index", str(CORPUS), "--store", str(store)).returncode == 0
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    AppAddress(f"http://127.0.0.1:{free_port()}", dead.pid, "t").write(store)  # a crashed app's file
    proc = cli("docs", "--json", "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 5 and "running app" not in proc.stderr
    # a live process that does not answer (not the app): refused connection, the store is opened directly
    AppAddress(f"http://127.0.0.1:{free_port()}", os.getpid(), "t").write(store)
    proc = cli("docs", "--json", "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 5


@pytest.mark.slow
def test_the_app_indexes_uploads_a_crash_left_unindexed(tmp_path):
    store = tmp_path / "data" / "store"
    assert cli("index", str(CORPUS), "--store", str(store)).returncode == 0
    uploads = tmp_path / "data" / "uploads"
    uploads.mkdir()
    shutil.copy(CORPUS / "weihai-motor-industry-reply-2024-05-31.txt", uploads / "copied-then-crashed.txt")
    (uploads / "copied-then-crashed.txt").write_text(
        (uploads / "copied-then-crashed.txt").read_text(encoding="utf-8") + "\n补充：新增一条说明。", encoding="utf-8")
    app = AppProcess([sys.executable, "-u", "app.py", "--port", str(free_port()), "--store", str(store)],
                     env={"ASSISTANT_FEEDBACK_FILE": str(tmp_path / "fb.jsonl")})
    try:
        app.wait_ready()
        import time

        deadline = time.monotonic() + 120
        while "uploaded documents left unindexed" not in app.output():
            assert time.monotonic() < deadline, app.output()
            assert app.proc.poll() is None, app.output()
            time.sleep(0.2)
        docs = json.loads(cli("docs", "--json", "--store", str(store)).stdout)
    finally:
        app.stop()
    assert "copied-then-crashed.txt" in {d["doc_id"] for d in docs}
