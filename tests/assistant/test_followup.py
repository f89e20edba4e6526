"""Follow-up questions are made standalone by carrying over topic, region and year, or by the model."""

from __future__ import annotations

import pytest

from assistant.followup import FollowUpRewriter, is_followup
from assistant.llm_client import LLMError


@pytest.mark.parametrize(("previous", "question", "standalone"), [
    ("淄博市周村区智能装备产业链下一步有什么打算？", "那张店区呢？", "张店区智能装备产业链下一步有什么打算？"),
    ("How many 5G base stations did Weihai build in 2024?", "and in 2023?",
     "How many 5G base stations did Weihai build in 2023?"),
    ("威海市电机产业有多少家规上企业？", "它的下一步措施呢？", "威海市电机产业的下一步措施是什么？"),
    ("威海市电机产业有多少家规上企业？", "2023年呢？", "2023年威海市电机产业有多少家规上企业？"),
    ("What motor-industry measures did Weihai promise?", "what about Zibo?",
     "What motor-industry measures did Zibo promise?"),
])
def test_follow_ups_carry_over_topic_region_and_year(previous, question, standalone):
    assert FollowUpRewriter().rewrite(question, [previous]) == standalone


@pytest.mark.parametrize("question", ["张店区产业集群有哪些？", "What motor-industry measures did Weihai promise?"])
def test_standalone_questions_are_left_alone(question):
    assert not is_followup(question)
    assert FollowUpRewriter().rewrite(question, ["威海市电机产业有多少家规上企业？"]) == question


def test_without_history_nothing_is_rewritten():
    assert FollowUpRewriter().rewrite("那张店区呢？", []) == "那张店区呢？"


class _Model:
    def __init__(self, reply: str | None) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def complete(self, messages):
        self.prompts.append(messages[0]["content"])
        if self.reply is None:
            raise LLMError("the model endpoint answered HTTP 500")
        return self.reply

    def stream(self, messages):
        yield self.complete(messages)


def test_the_model_rewrites_when_configured():
    model = _Model("张店区智能装备产业链下一步有什么打算？\n")
    out = FollowUpRewriter(model).rewrite("那张店区呢？", ["周村区智能装备产业链下一步有什么打算？"])
    assert out == "张店区智能装备产业链下一步有什么打算？"
    assert "周村区智能装备产业链" in model.prompts[0] and "那张店区呢？" in model.prompts[0]


def test_a_failing_model_falls_back_to_the_rule():
    out = FollowUpRewriter(_Model(None)).rewrite("那张店区呢？", ["淄博市周村区智能装备产业链下一步有什么打算？"])
    assert out == "张店区智能装备产业链下一步有什么打算？"
