"""The generative answerer against a real chat-completions server on loopback, JSON and SSE, scripted replies.

Each case asserts the checked answer, the `checks` entries and the fallback. The seed corpus is indexed
once (the session's `seed_assistant`); each test wraps its store in an Assistant with an LLM answerer.
"""

from __future__ import annotations

import json
import logging
import re
import time

import pytest
from pydantic import SecretStr

from assistant.api import Assistant
from assistant.followup import FollowUpRewriter
from assistant.llm import LLMAnswerer, stream_of
from assistant.llm_client import OpenAIChat
from tests.assistant.scripted_llm import Reply, ScriptedLLM, passage_number

Q = "威海电机产业现在有多少家规上企业？"
FACT = "电机产业目前拥有规上企业35家"
REVENUE = "2024年一季度实现营业收入7.6亿元"
KEY = "sk-test-secret-4711"


@pytest.fixture
def llm_server():
    server = ScriptedLLM().start()
    yield server
    server.stop()


@pytest.fixture
def make_llm(seed_assistant, llm_server):
    """An Assistant over the seed index whose answers come from the scripted server."""

    def make(unsupported: str = "drop", timeout_s: float = 5.0, base_url: str | None = None) -> Assistant:
        a = Assistant(seed_assistant.settings, seed_assistant.store, None, seed_assistant.mode)
        client = OpenAIChat(base_url or llm_server.base_url, "scripted-model", SecretStr(KEY), timeout_s)
        a.answerer = LLMAnswerer(client, a.answerer, unsupported=unsupported, document_of=a.document)
        a.rewriter = FollowUpRewriter(None)
        return a

    return make


def faithful(prompt: str) -> str:
    n = passage_number(prompt, FACT)
    return f"威海电机产业目前拥有规上企业35家。[{n}]{REVENUE}。[{n}]"


def assert_consistent(answer):
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert used == {c.n for c in answer.citations}


@pytest.mark.parametrize("streaming", [False, True])
def test_faithful_answer_is_kept_with_citations_renumbered_from_one(make_llm, llm_server, streaming):
    llm_server.script = lambda prompt: Reply(faithful(prompt))
    a = make_llm()
    ans = stream_of(a.answer_stream(Q)) if streaming else a.answer(Q)
    assert ans.answerer == "llm" and ans.fallback is None and not ans.abstained
    assert ans.answer == f"威海电机产业目前拥有规上企业35家。[1]{REVENUE}。[1]"
    assert [c["supported"] for c in ans.checks] == [True, True]
    assert [c["citations"] for c in ans.checks] == [[1], [1]]
    assert FACT in ans.citations[0].passage.text
    assert_consistent(ans)
    assert llm_server.requests[-1]["body"]["stream"] is streaming


def test_streamed_text_is_the_json_answer(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply(faithful(prompt) + "电机产业目前拥有规上企业80家。[1]", piece=3)
    a = make_llm()
    events = list(a.answer_stream(Q))
    shown = "".join(e.text for e in events if e.kind == "text")
    done = events[-1].answer
    assert shown == done.answer == a.answer(Q).answer
    assert not any(re.search(r"\[\d*$", e.text) for e in events if e.kind == "text")  # no half marker shown


def test_invented_figure_is_dropped(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply(faithful(prompt) + f"电机产业目前拥有规上企业80家。[{passage_number(prompt, FACT)}]")
    ans = make_llm().answer(Q)
    assert "80家" not in ans.answer and "35家" in ans.answer
    bad = [c for c in ans.checks if not c["supported"]]
    assert len(bad) == 1 and "80家" in bad[0]["reason"] and bad[0]["citations"] == []
    assert ans.fallback is None


def test_invented_figure_is_marked_without_a_citation_in_mark_mode(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply(faithful(prompt) + f"电机产业目前拥有规上企业80家。[{passage_number(prompt, FACT)}]")
    ans = make_llm(unsupported="mark").answer(Q)
    line = next(s for s in re.split(r"(?<=\])(?=[^\[])|(?<=。)(?=⚠)", ans.answer) if "80家" in s)
    assert line.startswith("⚠") and "[" not in line
    assert_consistent(ans)


def test_wrong_place_is_dropped(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply(faithful(prompt) + f"张店区电机产业拥有规上企业35家。[{passage_number(prompt, FACT)}]")
    ans = make_llm().answer(Q)
    assert "张店区" not in ans.answer
    assert any("place 张店区" in c["reason"] for c in ans.checks if not c["supported"])


def test_citation_past_the_given_passages_is_dropped(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply(faithful(prompt) + "华力电机生产效率提高57%。[7]")
    ans = make_llm().answer(Q, k=5)
    assert "57%" not in ans.answer
    bad = [c for c in ans.checks if not c["supported"]]
    given = len(re.findall(r"^\[\d+\] 《", llm_server.requests[-1]["body"]["messages"][0]["content"], re.MULTILINE))
    assert 1 <= given < 7
    assert bad and f"cites [7] but only {given} passages were given" in bad[0]["reason"]
    assert bad[0]["model_citations"] == [7]


def test_reply_without_citations_falls_back_to_the_extractive_answer(make_llm, llm_server, seed_assistant):
    llm_server.script = lambda prompt: Reply("威海电机产业目前拥有规上企业35家。")
    ans = make_llm().answer(Q)
    assert ans.answerer == "extractive"
    assert ans.fallback == "no sentence of the model's answer was supported by its citations"
    assert ans.answer == seed_assistant.answer(Q).answer
    assert ans.checks == [{"sentence": "威海电机产业目前拥有规上企业35家。", "citations": [], "supported": False,
                           "reason": "no citation", "model_citations": []}]


def test_i_dont_know_is_an_abstention(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply("I don't know.")
    ans = make_llm().answer(Q)
    assert ans.abstained and ans.citations == [] and ans.answerer == "llm" and ans.fallback is None


def test_no_support_means_the_model_is_not_called(make_llm, llm_server):
    ans = make_llm().answer("北京市地铁有多少条线路？")
    assert ans.abstained and llm_server.requests == []


@pytest.mark.parametrize(("reply", "reason"), [
    (Reply(status=500), "the model endpoint answered HTTP 500"),
    (Reply(status=401), "the model endpoint answered HTTP 401"),
    (Reply(malformed=True), "malformed reply from the model"),
    (Reply(""), "the model returned an empty reply"),
])
def test_faults_give_the_extractive_answer_with_one_line(make_llm, llm_server, seed_assistant, reply, reason):
    llm_server.script = lambda prompt: reply
    ans = make_llm().answer(Q)
    assert ans.answerer == "extractive" and ans.fallback.startswith(reason) and "\n" not in ans.fallback
    assert ans.answer == seed_assistant.answer(Q).answer and not ans.abstained


@pytest.mark.parametrize("streaming", [False, True])
def test_slow_model_falls_back_within_timeout_plus_a_second(make_llm, llm_server, streaming):
    llm_server.script = lambda prompt: Reply(faithful(prompt), delay_s=3.0)
    a = make_llm(timeout_s=0.8)
    t0 = time.perf_counter()
    ans = stream_of(a.answer_stream(Q)) if streaming else a.answer(Q)
    assert time.perf_counter() - t0 < 0.8 + 1.0
    assert ans.fallback == "the model did not answer within 0.8 s" and ans.answerer == "extractive"


def test_stream_that_stalls_midway_falls_back_within_timeout_plus_a_second(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply(faithful(prompt), piece=8, pause_s=3.0)
    t0 = time.perf_counter()
    ans = stream_of(make_llm(timeout_s=0.8).answer_stream(Q))
    assert time.perf_counter() - t0 < 0.8 + 1.0
    assert ans.fallback == "the model did not answer within 0.8 s"


def test_a_read_blocked_past_the_deadline_is_ended_at_the_deadline(make_llm, llm_server):
    # chunks every 1.9 s with a 2 s timeout: the second read would block until 3.8 s; the deadline ends it.
    llm_server.script = lambda prompt: Reply(faithful(prompt), piece=8, pause_s=1.9)
    t0 = time.perf_counter()
    ans = stream_of(make_llm(timeout_s=2.0).answer_stream(Q))
    assert time.perf_counter() - t0 < 2.0 + 1.0
    assert ans.fallback == "the model did not answer within 2 s"


def test_stream_cut_midway_resets_and_falls_back(make_llm, llm_server, seed_assistant):
    llm_server.script = lambda prompt: Reply(faithful(prompt) * 3, cut=True)
    events = list(make_llm().answer_stream(Q))
    kinds = [e.kind for e in events]
    assert "text" in kinds and "reset" in kinds and kinds[-1] == "done"
    ans = events[-1].answer
    assert ans.fallback == "the model's stream stopped midway"
    assert ans.answer == seed_assistant.answer(Q).answer


def test_endpoint_down_falls_back_and_the_key_is_never_logged(make_llm, caplog):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with caplog.at_level(logging.DEBUG):
        ans = make_llm(base_url=f"http://127.0.0.1:{port}/v1").answer(Q)
    assert ans.fallback.startswith("cannot reach the model endpoint")
    assert KEY not in caplog.text and KEY not in json.dumps(ans.to_dict(), ensure_ascii=False)
    assert "cannot reach" in caplog.text  # the error is logged, without the key


def test_the_key_is_sent_to_the_endpoint_but_not_shown(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply(faithful(prompt))
    a = make_llm()
    a.answer(Q)
    headers = {k.lower(): v for k, v in llm_server.requests[-1]["headers"].items()}
    assert headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in repr(a.answerer.client)


def test_prompt_numbers_passages_with_title_agency_date_and_heading(make_llm, llm_server):
    llm_server.script = lambda prompt: Reply(faithful(prompt))
    make_llm().answer(Q)
    prompt = llm_server.requests[-1]["body"]["messages"][0]["content"]
    assert re.search(r"^\[1\] 《.+》 \| 威海市工业和信息化局 \| 2024-05-31 \| ", prompt, re.MULTILINE)
    assert "每句话结尾都要标注" in prompt and Q in prompt
