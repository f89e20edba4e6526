"""The app over the real Assistant with a hashing embedder: it builds, exposes only the documented endpoints, and groups precedents."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.ui.app import build_ui
from assistant.ui.chat import cited_passage, record_vote
from assistant.ui.service import UiService
from tests.ui.conftest import serve

gradio_client = pytest.importorskip("gradio_client")

PUBLIC = {"/ask", "/search", "/precedents", "/precedents_markdown", "/documents", "/document", "/feedback",
          "/run_eval", "/upload", "/delete_document"}


@pytest.fixture
def fake_app(fake_assistant, tmp_path):
    settings = Settings(store=tmp_path / "store", feedback_file=tmp_path / "feedback.jsonl",
                        users_file=tmp_path / "users.json", audit_db=tmp_path / "audit.sqlite3")
    url, demo = serve(build_ui(fake_assistant, settings, evals_dir=tmp_path))
    yield url, settings
    demo.close()


def test_only_the_documented_endpoints_are_public(fake_app):
    client = gradio_client.Client(fake_app[0], verbose=False)
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == PUBLIC


def test_ask_and_precedents_through_the_client(fake_app):
    client = gradio_client.Client(fake_app[0], verbose=False)
    result = client.predict("电机产业规上企业有多少", None, None, None, None, None, api_name="/ask")
    assert not result["abstained"] and result["citations"][0]["doc_id"] == "weihai-motor.txt"
    rows = client.predict("电机产业 稀土永磁 周村区 产业链", 5, api_name="/precedents")
    assert sorted(r["doc_id"] for r in rows) == ["weihai-motor.txt", "zhoucun-equipment.txt"]
    with pytest.raises(Exception, match="年份 twenty 无效"):
        client.predict("q", None, None, None, "twenty", None, api_name="/ask")


def test_a_vote_is_recorded_once_per_answer(fake_assistant, tmp_path):
    svc = UiService(fake_assistant, tmp_path / "fb.jsonl", tmp_path / "uploads")
    answer = svc.answer("电机产业规上企业有多少")
    history = [{"question": answer.question, "answer": answer, "filters": {}}]
    html = record_vote(svc, history, 0, "down", "  not what I asked ")
    assert "已记录您的评价" in html and history[0]["vote"] == "down"
    record_vote(svc, history, 0, "up", "")  # a second click on the same answer is ignored
    lines = svc.feedback.read()
    assert len(lines) == 1 and lines[0]["comment"] == "not what I asked"
    assert cited_passage(history, 0, 1).doc_id == "weihai-motor.txt"
    assert cited_passage(history, 0, 9) is None and cited_passage(history, 3, 1) is None
