"""`assistant ask --answerer llm` (JSON and streamed) and `assistant eval --answerer llm` against the loopback server."""

from __future__ import annotations

import json
import re

import pytest

from assistant.cli import main
from tests.assistant.scripted_llm import Reply, ScriptedLLM, altered_figure, careless_model, overlap_model
from tests.conftest import CORPUS


def first_sentence_of_first_passage(prompt: str) -> Reply:
    """A generic faithful model: the first full sentence of passage [1], cited."""
    m = re.search(r"^\[1\] 《.*\n(.+)", prompt, re.MULTILINE)
    if not m:
        return Reply("I don't know.")
    first = re.match(r"[^。！？]*[。！？]", m.group(1))
    return Reply((first.group(0) if first else m.group(1)) + "[1]")


@pytest.fixture(scope="module")
def llm_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("llmcli") / "store"
    assert main(["index", str(CORPUS), "--store", str(store)]) == 0
    return store


@pytest.fixture
def llm_env(monkeypatch):
    server = ScriptedLLM().start()
    server.script = first_sentence_of_first_passage
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "scripted")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-cli-secret")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT_S", "5")
    yield server
    server.stop()


def test_ask_json_reports_answerer_fallback_and_checks(llm_store, llm_env, capsys):
    assert main(["ask", "威海电机产业现在有多少家规上企业？", "--answerer", "llm", "--json", "--store", str(llm_store)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["answerer"] == "llm" and out["fallback"] is None
    assert out["checks"] and all(c["supported"] for c in out["checks"])
    assert set(out["checks"][0]) >= {"sentence", "citations", "supported", "reason"}
    assert {"question", "answer", "abstained", "citations", "latency_ms"} <= set(out)
    assert "sk-cli-secret" not in json.dumps(out)


def test_ask_extractive_json_has_one_supported_check_per_sentence(llm_store, capsys):
    assert main(["ask", "威海电机产业现在有多少家规上企业？", "--json", "--store", str(llm_store)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["answerer"] == "extractive" and out["fallback"] is None
    assert out["checks"] and all(c["supported"] and c["citations"] for c in out["checks"])


def test_streamed_answer_ends_as_the_json_answer(llm_store, llm_env, capsys):
    q = "威海电机产业现在有多少家规上企业？"
    assert main(["ask", q, "--answerer", "llm", "--json", "--store", str(llm_store)]) == 0
    expected = json.loads(capsys.readouterr().out)["answer"]
    assert main(["ask", q, "--answerer", "llm", "--stream", "--store", str(llm_store)]) == 0
    printed = capsys.readouterr().out
    assert printed.split("\n\n")[0].strip() == expected
    assert llm_env.requests[-1]["body"]["stream"] is True


def test_follow_up_is_rewritten_and_shown(llm_store, capsys):
    assert main(["ask", "那张店区呢？", "--history", "周村区智能装备产业链下一步有什么打算？", "--json",
                 "--store", str(llm_store)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rewritten_question"] == "张店区智能装备产业链下一步有什么打算？"
    assert out["question"] == "那张店区呢？"


def test_llm_without_endpoint_is_a_clear_error(llm_store, monkeypatch, capsys):
    monkeypatch.delenv("ASSISTANT_LLM_BASE_URL", raising=False)
    assert main(["ask", "q", "--answerer", "llm", "--store", str(llm_store)]) == 2
    assert "ASSISTANT_LLM_BASE_URL" in capsys.readouterr().err


def test_eval_with_the_llm_answerer_reports_supported_sentences_and_fallbacks(llm_store, llm_env, tmp_path, capsys):
    llm_env.script = overlap_model
    report = tmp_path / "report.json"
    status = main(["eval", "--dataset", "evals/seeds.jsonl", "--answerer", "llm", "--limit", "30",
                   "--store", str(llm_store), "--report", str(report)])
    assert status == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["n"] == 30
    assert 0 < data["supported_sentence_rate"] <= 1
    assert 0 <= data["fallback_rate"] < 1
    assert llm_env.requests  # the model was asked
    print("eval --answerer llm (30 seed questions):",
          {k: data[k] for k in ("supported_sentence_rate", "fallback_rate", "answer_fact_recall", "abstention_accuracy")})


def test_eval_with_a_careless_model_keeps_every_invented_figure_out_of_the_answers(llm_store, llm_env, tmp_path):
    llm_env.script = careless_model
    report = tmp_path / "report.json"
    main(["eval", "--dataset", "evals/seeds.jsonl", "--answerer", "llm", "--limit", "30", "--store", str(llm_store),
          "--report", str(report)])
    data = json.loads(report.read_text(encoding="utf-8"))
    replies = [r["body"]["messages"][0]["content"] for r in llm_env.requests]
    invented = [altered_figure(re.match(r"(.+?)\[\d+\]", careless_model(p).text).group(1)) for p in replies
                if careless_model(p).text != overlap_model(p).text]
    assert invented  # the model did invent figures
    answers = " ".join(q["answer"] for q in data["per_question"])
    assert not any(w in answers for w in invented if w)
    assert data["supported_sentence_rate"] < 1
    print("eval --answerer llm, careless model (30 seed questions):",
          {k: data[k] for k in ("supported_sentence_rate", "fallback_rate", "answer_fact_recall")})
