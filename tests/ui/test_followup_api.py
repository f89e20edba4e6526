"""/ask with a conversation history: a follow-up is rewritten into a standalone question."""

from __future__ import annotations

import pytest

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture(scope="module")
def client(seed_app):
    return gradio_client.Client(seed_app.url, verbose=False)


def test_ask_rewrites_a_follow_up_from_its_history(client):
    result = client.predict("那张店区呢？", None, None, None, None, None, 5, ["周村区智能装备产业链下一步有什么打算？"],
                            api_name="/ask")
    assert result["question"] == "那张店区呢？"
    assert result["rewritten_question"] == "张店区智能装备产业链下一步有什么打算？"
    assert result["answerer"] == "extractive" and result["fallback"] is None


def test_ask_without_history_is_unchanged(client):
    result = client.predict("那张店区呢？", api_name="/ask")
    assert result["rewritten_question"] is None
