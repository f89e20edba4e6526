"""`scripts/start.sh`: indexes corpus/ into the store the app then serves."""

from __future__ import annotations

import shutil

import pytest

from tests.apps import ROOT, AppProcess, free_port


@pytest.mark.slow
def test_start_with_a_store_indexes_and_serves_that_store(tmp_path):
    if not (ROOT / ".venv" / "bin" / "assistant").exists() or shutil.which("bash") is None:
        pytest.skip("needs the project's .venv (scripts/setup.sh)")
    store = tmp_path / "elsewhere" / "store"
    app = AppProcess(["bash", "scripts/start.sh", "--store", str(store), "--port", str(free_port())],
                     env={"ASSISTANT_FEEDBACK_FILE": str(tmp_path / "fb.jsonl")})
    try:
        app.wait_ready()
    finally:
        app.stop()
    assert f"5 documents indexed in {store}" in app.output(), app.output()
