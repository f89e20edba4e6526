"""An answer cites the sentences that answer the question asked, not padding from other passages, and never
a sentence that only asks a question (small synthetic passages written for the tests)."""

from __future__ import annotations

from assistant.answer import ExtractiveAnswerer
from assistant.intent import Intent
from assistant.query import QueryAnalysis
from assistant.types import Passage


def passage(doc: str, text: str, rank: int = 0, part: str = "body", date: str = "2019-05-10") -> Passage:
    return Passage(rank=rank, score=1.0 - rank / 10, doc_id=f"docs.jsonl#{doc}", chunk_id=f"{doc}::{rank}",
                   title=doc, heading="", text=text, date=date, agency="区交通运输局", region=None, part=part)


def question(text: str, terms: dict[str, float], **flags) -> QueryAnalysis:
    return QueryAnalysis(question=text, language="zh", intent=Intent.GENERAL, search_text=text,
                         key_terms=list(terms), term_weights=terms, **flags)


BUS = {"公交站场": 1.0, "学校": 1.0, "迁移": 1.0, "滨江": 1.0, "地点": 0.5}
REPLY = passage("reply", "经协调，滨江学校旁的公交站场已迁移至花园路北侧的绿洲小区附近，地点已公示。")
# Another document that shares most of the question's words but answers something else.
NEWS = passage("news", "区里研究滨江学校周边公交站场迁移后的线路调整。", rank=1)


def docs(answer) -> set[str]:
    return {c.passage.doc_id.split("#")[-1] for c in answer.citations}


def test_one_thing_asked_cites_the_answering_passage_only():
    a = ExtractiveAnswerer().answer(question("滨江学校旁的公交站场迁移到了什么地点？", BUS), [REPLY, NEWS])
    assert not a.abstained and "绿洲小区" in a.answer
    assert docs(a) == {"reply"} and "线路调整" not in a.answer


def test_a_list_asked_for_runs_on_in_its_own_document_not_into_another():
    # a list may take several passages of the answering document, but not a weaker one of another document
    more = passage("reply", "滨江学校旁的公交站场迁移后，原站场用地改建为学校停车场。", rank=2)
    a = ExtractiveAnswerer().answer(question("滨江学校旁的公交站场迁移有哪些安排？", BUS, wants_list=True),
                                    [REPLY, NEWS, more])
    assert docs(a) == {"reply"} and "绿洲小区" in a.answer and "停车场" in a.answer
    assert len({c.passage.chunk_id for c in a.citations}) == 2


def test_a_sentence_that_asks_the_question_is_not_cited_as_its_answer():
    asked = passage("reply", "请问滨江学校旁的公交站场迁移到了什么地点？", part="request")
    answered = passage("reply", "滨江学校旁的公交站场已迁移至绿洲小区附近。", rank=1)
    a = ExtractiveAnswerer().answer(question("滨江学校旁的公交站场迁移到了什么地点？", BUS), [asked, answered])
    assert not a.abstained and "绿洲小区" in a.answer and "请问" not in a.answer
    assert all("？" not in s for c in a.citations for s in c.sentences)


def test_a_question_sentence_alone_is_no_support():
    asked = passage("reply", "请问滨江学校旁的公交站场迁移到了什么地点？", part="request")
    a = ExtractiveAnswerer().answer(question("滨江学校旁的公交站场迁移到了什么地点？", BUS), [asked])
    assert a.abstained and a.citations == []


def test_the_latest_figure_is_the_newest_documents_alone():
    terms = {"公共充电桩": 1.0, "全市": 0.5}
    new = passage("n2024", "截至2024年底，全市公共充电桩达到2100个。", date="2025-01-10")
    old = passage("n2023", "截至2023年底，全市公共充电桩达到1200个。", rank=1, date="2024-01-08")
    a = ExtractiveAnswerer().answer(question("全市公共充电桩最新有多少个？", terms, wants_latest=True,
                                             wants_figure=True), [old, new])
    assert not a.abstained and "2100" in a.answer and "1200" not in a.answer
    assert docs(a) == {"n2024"}


def test_without_latest_both_dated_figures_are_given():
    terms = {"公共充电桩": 1.0, "全市": 0.5}
    new = passage("n2024", "截至2024年底，全市公共充电桩达到2100个。", date="2025-01-10")
    old = passage("n2023", "截至2023年底，全市公共充电桩达到1200个。", rank=1, date="2024-01-08")
    a = ExtractiveAnswerer().answer(question("全市公共充电桩有多少个？", terms, wants_figure=True), [old, new])
    assert "2100" in a.answer and "1200" in a.answer


def test_a_title_is_of_the_kind_its_head_noun_names():
    from assistant.query import title_is_kind

    assert title_is_kind("2019年政府工作报告", ["政府工作报告"])
    assert not title_is_kind("第十三届全国人民代表大会第二次会议关于政府工作报告的决议", ["政府工作报告"])
    assert title_is_kind("第十三届全国人民代表大会第二次会议关于政府工作报告的决议", ["决议"])
    assert title_is_kind("关于印发《上海市养老服务办法》的通知", ["办法"])


def test_the_named_years_report_answers_not_the_resolution_on_it():
    report = passage("report-2019", "今年国内生产总值增长目标为6%至6.5%。", date="2019-03-05")
    resolution = passage("resolution-2019", "会议同意报告提出的2019年国内生产总值增长目标和重点工作。", rank=0,
                         date="2019-03-15")
    report = Passage(**{**report.to_dict(), "title": "2019年政府工作报告", "rank": 1})
    resolution = Passage(**{**resolution.to_dict(), "title": "第十三届全国人民代表大会第二次会议关于政府工作报告的决议"})
    qa = question("2019年报告对国内生产总值增长目标怎么说？", {"国内生产总值": 1.0, "增长": 0.5, "目标": 0.5},
                  years=[2019], kind_words=["报告"])
    a = ExtractiveAnswerer().answer(qa, [resolution, report])
    assert not a.abstained and "6.5%" in a.answer and docs(a) == {"report-2019"}


def test_a_question_naming_a_report_carries_the_report_kind():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import Tokenizer

    qa = analyse("2019年报告提出的增长目标是多少？", Tokenizer(), Glossary([]))
    assert "报告" in qa.kind_words


def law(doc: str, title: str, text: str, rank: int) -> Passage:
    return Passage(**{**passage(doc, text, rank=rank).to_dict(), "title": title, "heading": text.split(" ")[0]})


FIRE = {"消防法": 1.0, "第四十四条": 1.0, "火灾": 1.0}
FIRE_LAW = law("fire", "消防法", "第四十四条 任何人发现火灾都应当立即报警。", 0)
CITY_RULES = law("city", "某市消防条例", "第四十四条 消防机构应当加强消防宣传，预防火灾。", 1)
DATA_LAW = law("data", "数据安全法", "第四十四条 发现数据处理活动存在风险的，可以约谈。", 2)


def test_an_article_question_is_answered_from_the_named_laws_article_alone():
    qa = question("消防法第四十四条对发现火灾的人有什么要求？", FIRE, articles={("条", 44)})
    a = ExtractiveAnswerer().answer(qa, [FIRE_LAW, CITY_RULES, DATA_LAW])
    assert not a.abstained and "立即报警" in a.answer
    assert docs(a) == {"fire"}


def test_a_quoted_title_no_document_has_is_not_answered_from_another():
    qa = question("《某县消防管理办法》第四十四条对发现火灾的人有什么要求？", FIRE, articles={("条", 44)},
                  titles=["某县消防管理办法"])
    a = ExtractiveAnswerer().answer(qa, [CITY_RULES, DATA_LAW])
    assert a.abstained and a.citations == []


def test_a_quoted_title_a_document_has_is_answered_from_it():
    qa = question("《消防法》第四十四条对发现火灾的人有什么要求？", FIRE, articles={("条", 44)}, titles=["消防法"])
    a = ExtractiveAnswerer().answer(qa, [CITY_RULES, FIRE_LAW])
    assert not a.abstained and docs(a) == {"fire"}


SCHOOL = {"幼儿园": 1.0, "收费标准": 1.0, "东湖": 1.0}


def test_a_place_code_is_no_figure():
    named = passage("k", "经A5区教育局核实，东湖幼儿园属于小区配套幼儿园，收费标准由开发商报批。")
    a = ExtractiveAnswerer().answer(question("东湖幼儿园的收费标准是多少？", SCHOOL, wants_figure=True), [named])
    assert a.abstained and a.citations == []


def test_a_place_code_the_question_names_must_be_the_passages():
    other = passage("k1", "K1区东湖幼儿园的收费标准为每月780元。")
    own = passage("a5", "A5区东湖幼儿园的收费标准为每月998元。", rank=1)
    qa = question("A5区东湖幼儿园的收费标准是多少？", SCHOOL, wants_figure=True)
    a = ExtractiveAnswerer().answer(qa, [other, own])
    assert not a.abstained and "998" in a.answer and docs(a) == {"a5"}
    assert ExtractiveAnswerer().answer(qa, [other]).abstained


BLOOD = {"血液": 1.0, "第三批": 1.0, "送达": 1.0, "湖北": 1.0}


def test_a_when_question_is_answered_by_a_sentence_that_dates_something():
    undated = passage("u", "第三批支援湖北的血液已经送达，各血站正在准备后续援助。")
    dated = passage("d", "2月20日，第三批支援湖北的血液送达武汉。", rank=1)
    qa = question("第三批支援湖北的血液是哪天送达的？", BLOOD, wants_date=True)
    a = ExtractiveAnswerer().answer(qa, [undated, dated])
    assert not a.abstained and "2月20日" in a.answer and docs(a) == {"d"}
    assert ExtractiveAnswerer().answer(qa, [undated]).abstained


def test_a_question_asking_when_carries_the_date_cue():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import Tokenizer

    assert analyse("第三批血液是哪天送达的？", Tokenizer(), Glossary([])).wants_date
    assert analyse("When will the project open to traffic?", Tokenizer(), Glossary([])).wants_date
    assert not analyse("第三批血液送达了哪里？", Tokenizer(), Glossary([])).wants_date
    assert analyse("When and where was the public hearing held?", Tokenizer(), Glossary([])).wants_date
    assert analyse("By when must the authority deliver its decision?", Tokenizer(), Glossary([])).wants_date
    # "when" as a conjunction dates nothing that is asked: the question asks who, or how much
    assert not analyse("Who issues the order when martial law is imposed in part of a province?", Tokenizer(),
                       Glossary([])).wants_date
    assert not analyse("When the bureau checked the shop, what floor area did it find?", Tokenizer(),
                       Glossary([])).wants_date


def test_a_deadline_counted_in_days_answers_a_when_question():
    # laws write a deadline in Chinese numerals and days: 二日前, 十五个工作日内
    rule = passage("r", "主管机关应当在申请举行日期的二日前，将许可或者不许可的决定通知书送达负责人。")
    qa = question("主管机关什么时候送达许可决定通知书？", {"主管机关": 1.0, "许可": 1.0, "决定": 1.0, "送达": 1.0},
                  wants_date=True)
    a = ExtractiveAnswerer().answer(qa, [rule])
    assert not a.abstained and "二日前" in a.answer


def test_a_question_asking_how_large_asks_for_a_figure():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import Tokenizer

    planned = analyse("How large is the local government bond quota planned in 2025?", Tokenizer(), Glossary([]))
    assert planned.wants_figure and planned.wants_specific  # a plan's figure, not its list of measures
    assert not analyse("What bond measures are planned in 2025?", Tokenizer(), Glossary([])).wants_figure


def test_an_english_question_naming_a_bus_route_or_coded_district_is_answered_only_for_it():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import Tokenizer

    qa = analyse("What is the peak-hour headway of bus route 262 according to the reply?", Tokenizer(), Glossary([]))
    assert "262路" in qa.search_text
    assert "13号线" in analyse("How long is Beijing Metro Line 13?", Tokenizer(), Glossary([])).search_text
    assert "路" not in analyse("What does line 2 of the table say?", Tokenizer(), Glossary([])).search_text
    # "A6 District" as the documents write it, whatever the unit's case
    assert "A6区" in analyse("What did the reply in A6 District say?", Tokenizer(), Glossary([])).search_text

    terms = {"高峰": 1.0, "发车": 1.0, "间隔": 1.0}
    other = passage("r261", "261路公交高峰期发车间隔为7-8分钟。")
    asked = QueryAnalysis(question=qa.question, language="en", intent=Intent.GENERAL, search_text="高峰 发车 间隔 262路",
                          key_terms=list(terms), term_weights=terms)
    assert ExtractiveAnswerer().answer(asked, [other]).abstained  # route 261's reply does not answer for 262
    own = passage("r262", "262路公交高峰期发车间隔为10分钟。", rank=1)
    a = ExtractiveAnswerer().answer(asked, [other, own])
    assert not a.abstained and docs(a) == {"r262"}


def test_an_english_figure_is_searched_in_chinese_numerals_too():
    from assistant.glossary import Glossary
    from assistant.query import analyse, chinese_figure
    from index.tokenize import Tokenizer

    assert [chinese_figure(f) for f in ("26", "13.4%", "0.5%", "3500", "7")] == \
        ["二十六", "百分之十三点四", "百分之零点五", None, None]
    qa = analyse("How long is an identity card valid for a citizen aged 26 to 45?", Tokenizer(), Glossary([]))
    assert "二十六" in qa.search_text and "四十五" in qa.search_text
    # either writing answers: the figure and its numerals are one term in coverage
    assert any(("26",) in g for g in qa.term_groups)


def test_a_percentage_in_chinese_numerals_is_a_figure():
    old = passage("r1994", "国内生产总值比上年增长百分之十三点四。")
    qa = question("国内生产总值比上年增长多少？", {"国内生产总值": 1.0, "增长": 1.0}, wants_figure=True)
    a = ExtractiveAnswerer().answer(qa, [old])
    assert not a.abstained and "百分之十三点四" in a.answer


def test_a_named_reports_statement_on_the_asked_year_answers_not_its_plan_for_its_own_year():
    report = Passage(rank=0, score=1.0, doc_id="r#1994", chunk_id="r::0", title="1994年政府工作报告", heading="",
                     text="今年计划国内生产总值增长百分之九。国内生产总值突破三万亿元，比上年增长百分之十三点四。",
                     date="1994-03-10", agency=None, region=None)
    qa = question("按1994年的政府工作报告，1993年国内生产总值增长多少？", {"国内生产总值": 1.0, "增长": 1.0},
                  years=[1994, 1993], doc_years=[1994], wants_figure=True)
    a = ExtractiveAnswerer().answer(qa, [report])
    assert not a.abstained and "十三点四" in a.answer and "百分之九" not in a.answer


def test_an_english_day_of_a_month_is_searched_as_the_documents_write_it_and_is_no_figure():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import Tokenizer

    qa = analyse("By 14 February 2020, how many ventilators had been delivered, and how many by March 5th?",
                 Tokenizer(), Glossary([]))
    assert "2月14日" in qa.search_text and "3月5日" in qa.search_text
    assert "14" not in qa.key_terms and "十四" not in qa.search_text  # a date, not a figure to find


def test_which_bureau_answered_a_complaint_asks_about_the_response():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import Tokenizer

    assert analyse("Which education bureau answered the complaint about paid tutoring?", Tokenizer(),
                   Glossary([])).wants_response
    request = passage("m", "M市二中违反教育局规定，于校内进行有偿补课。", part="request")
    reply = passage("m", "M1区教育局已核实，M市二中没有进行有偿补课。", rank=1, part="response")
    qa = question("Which education bureau answered the complaint about paid tutoring?",
                  {"教育局": 1.0, "有偿补课": 1.0}, wants_response=True)
    a = ExtractiveAnswerer().answer(qa, [request, reply])
    assert not a.abstained and "M1区教育局" in a.answer and "违反" not in a.answer
