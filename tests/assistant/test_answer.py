"""Cited answers on the seed corpus: measures, figures over time, abstention, filters, citation integrity."""

from __future__ import annotations

import re

import pytest

from assistant.types import Filters

MOTOR = "weihai-motor-industry-reply-2024-05-31.txt"
MEASURES = ["加强顶层规划，优化产业发展布局", "加强创新引领，搭建行业研发平台", "加强宣传推介，提升行业品牌形象",
            "加强协作配套，完善产业发展链条"]


def assert_citations_consistent(answer):
    """Every [n] in the text refers to a citation, every citation is referred to, numbered 1..N."""
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert used == set(numbers)
    for c in answer.citations:
        for s in c.sentences:
            assert s in c.passage.text  # a supporting sentence is quoted from its own passage


@pytest.mark.parametrize("question", ["What motor-industry measures did Weihai promise?", "威海市在电机产业方面承诺了哪些下步措施？"])
def test_weihai_motor_measures_are_listed_each_with_its_citation(seed_assistant, question):
    a = seed_assistant.answer(question)
    assert not a.abstained
    lines = [line for line in a.answer.splitlines() if re.match(r"\d+\. ", line)]
    assert len(lines) == 4
    for line, measure in zip(lines, MEASURES, strict=True):
        assert measure in line and re.search(r"\[\d+\]$", line)
    assert {c.passage.doc_id for c in a.citations} == {MOTOR}
    assert all("下步工作措施" in c.passage.heading for c in a.citations)
    assert_citations_consistent(a)


def test_english_question_gets_an_english_frame_and_chinese_quotes(seed_assistant):
    a = seed_assistant.answer("What motor-industry measures did Weihai promise?")
    assert a.language == "en"
    assert a.answer.startswith("The document")
    assert "加强顶层规划" in a.answer


def test_a_figure_reported_at_two_dates_is_given_with_both_latest_first(seed_assistant):
    a = seed_assistant.answer("威海市5G基站有多少座？")
    assert not a.abstained
    assert "8333" in a.answer and "7243" in a.answer
    assert a.answer.index("8333") < a.answer.index("7243")
    assert "2024-05-31" in a.answer and "11月19日" in a.answer
    assert_citations_consistent(a)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("周村区电机产业有多少家规上企业？", "现有文件中没有找到"),  # a near miss: Weihai has 35, Zhoucun is not given
        ("上海市目前有多少家智能制造示范工厂？", "现有文件中没有找到"),
        ("What is Weihai's 2024 budget for primary and secondary schools?", "The documents do not say."),
    ],
)
def test_questions_the_corpus_cannot_answer_abstain_and_cite_nothing(seed_assistant, question, expected):
    a = seed_assistant.answer(question)
    assert a.abstained
    assert a.answer.startswith(expected)
    assert a.citations == []
    assert "35" not in a.answer


def test_problems_question_lists_the_problem_items(seed_assistant):
    a = seed_assistant.answer("张店区工业发展存在哪些问题？")
    assert not a.abstained
    assert "系统集成能力弱" in a.answer and "智改数转存在一定难度" in a.answer
    assert all(c.passage.region == "张店区" for c in a.citations)
    assert_citations_consistent(a)


def test_commitments_come_from_the_reply_not_from_the_quoted_proposal(seed_assistant):
    a = seed_assistant.answer("周村区对智能装备产业链下一步有什么打算？")
    assert "链式招商" in a.answer
    assert all(c.passage.part == "body" for c in a.citations)


def test_specific_figure_is_answered_from_its_sentence(seed_assistant):
    a = seed_assistant.answer("华力电机智改数转后效率提高了多少？")
    assert "57%" in a.answer
    assert_citations_consistent(a)


def test_region_filter_on_a_city_keeps_its_districts_only(seed_assistant):
    passages = seed_assistant.search("智能装备 产业链", Filters(region="淄博市"), k=10)
    assert passages
    assert {p.region for p in passages} <= {"周村区", "张店区"}
    assert {p.city for p in passages} == {"淄博市"}
    district = seed_assistant.search("智能装备 产业链", Filters.of(region="周村"), k=10)
    assert {p.region for p in district} == {"周村区"}


def test_year_and_doc_type_filters(seed_assistant):
    assert {p.date[:4] for p in seed_assistant.search("产业链", Filters.of(year=2023), k=10)} == {"2023"}
    press = seed_assistant.search("5G基站", Filters.of(doc_type="新闻发布"), k=10)
    assert press and {p.doc_type for p in press} == {"新闻发布"}


def test_filters_apply_to_answers(seed_assistant):
    a = seed_assistant.answer("智能装备产业链下一步有什么打算？", Filters(region="淄博市"))
    assert a.citations and all(c.passage.city == "淄博市" for c in a.citations)


def test_forward_looking_section_ranks_first_for_a_plans_query(seed_assistant):
    top = seed_assistant.search("威海 电机 下步工作措施", k=3)[0]
    assert top.doc_id == MOTOR and "下步工作措施" in top.heading


def test_per_document_cap_leaves_room_for_other_documents(seed_assistant):
    passages = seed_assistant.search("智能制造", k=6)
    assert len({p.doc_id for p in passages}) >= 2


@pytest.mark.parametrize(
    "question, facts",
    [
        ("市政协第52号提案是谁提的？", ["民盟威海市委会", "威海市工业和信息化局", "2024-05-31"]),
        ("周村区第142009号提案是谁提的，什么时候答复的？", ["九三学社周村区基层委员会", "2023-08-15"]),
        ("Who proposed CPPCC proposal No. 5 in Weihai?", ["马跃华", "proposed by"]),
    ],
)
def test_metadata_questions_are_answered_from_the_document_record(seed_assistant, question, facts):
    a = seed_assistant.answer(question)
    assert not a.abstained
    for fact in facts:
        assert fact in a.answer
    assert len(a.citations) == 1 and a.citations[0].passage.part == "front"
    assert_citations_consistent(a)


def test_a_proposal_number_that_no_document_has_is_not_answered(seed_assistant):
    a = seed_assistant.answer("市政协第999号提案是谁提的？")
    assert a.abstained and a.citations == []


def test_what_a_proposal_suggested_is_listed_from_the_proposal_text(seed_assistant):
    a = seed_assistant.answer("九三学社对优化周村区智能装备产业链提了哪些对策建议？")
    assert "提案原文" in a.answer and "协同创新合作平台" in a.answer
    assert a.citations and all(c.passage.part == "proposal" for c in a.citations)


def test_partial_dates_are_shown_without_an_invented_year():
    from assistant.dates import display_date

    assert display_date("2024-05-31") == "2024-05-31"
    assert display_date("--11-19") == "11/19, year not stated"
    assert display_date("--11-19", "zh") == "11月19日（未注明年份）"
    assert display_date(None) == "undated"
