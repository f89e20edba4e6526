"""Questions over small synthetic documents of each shape a realistic corpus has (failure kinds 1-6):
a named year, title or article; a request and its response; one specific thing or the latest figure;
near misses to abstain on; English outside the glossary; a proposer's proposal."""

from __future__ import annotations

import pytest

from tests.assistant.synthetic_docs import DOCS, assistant_fixture, doc

synthetic = assistant_fixture(DOCS, "synthetic")


# --- kind 1: the document a question names -----------------------------------------------------------
@pytest.mark.parametrize("year", [2016, 2017, 2019])
def test_the_named_years_report_ranks_first_and_answers(synthetic, year):
    q = f"{year}年政府工作报告提出新增养老床位多少万张？"
    hits = synthetic.search(q, k=3)
    assert doc(hits[0]) == f"report-{year}"
    a = synthetic.answer(q)
    assert not a.abstained and {doc(c.passage) for c in a.citations} == {f"report-{year}"}


def test_a_quoted_title_and_article_number_find_that_article(synthetic):
    q = "《上海市养老服务条例》第十六条规定由谁编制养老服务设施布局专项规划？"
    top = synthetic.search(q, k=1)[0]
    assert doc(top) == "reg-sh" and "第十六条" in top.text
    a = synthetic.answer(q)
    assert "市民政部门" in a.answer and doc(a.citations[0].passage) == "reg-sh"


def test_an_article_of_the_other_regulation_is_found_by_its_title_without_quotes(synthetic):
    top = synthetic.search("北京市居家养老服务条例第十六条规定谁负责统筹社区养老服务设施？", k=1)[0]
    assert doc(top) == "reg-bj" and "第十六条" in top.text


# --- kind 2: request and response -------------------------------------------------------------------
def test_labelled_message_and_reply_are_separate_parts(synthetic):
    parts = {p.part for p in synthetic.chunks(next(d for d in (p.doc_id for p in synthetic.search("工地噪音", k=5))
                                                   if d.endswith("msg-noise")))}
    assert {"request", "body"} <= parts


@pytest.mark.parametrize("question", ["区里将如何处理工地夜间施工噪音问题？", "工地夜间施工噪音问题由哪个部门处理？"])
def test_what_the_bureau_will_do_comes_from_the_reply_not_the_complaint(synthetic, question):
    a = synthetic.answer(question)
    assert not a.abstained
    assert "区城市管理局将于2019年1月15日前约谈施工单位" in a.answer
    assert "留言" not in a.answer and all(c.passage.part == "body" for c in a.citations)


def test_what_the_citizen_complained_about_still_comes_from_the_message(synthetic):
    a = synthetic.answer("小区居民反映了什么问题？")
    assert a.citations and a.citations[0].passage.part == "request"


# --- kind 3: one thing asked, one thing answered; the latest first ----------------------------------
def test_a_responsible_body_is_answered_by_its_sentence_not_the_section_list(synthetic):
    a = synthetic.answer("下一步充电桩建设由什么部门牵头？")
    assert "市交通运输局" in a.answer
    assert "完善规划布局" not in a.answer and "强化运营管理" not in a.answer


def test_the_list_is_given_when_the_list_is_asked_for(synthetic):
    a = synthetic.answer("下一步在充电桩方面有什么打算？")
    for item in ("完善规划布局", "加快设施建设", "强化运营管理"):
        assert item in a.answer


def test_latest_figure_comes_first(synthetic):
    a = synthetic.answer("全市公共充电桩最新有多少个？")
    assert not a.abstained and "2100" in a.answer
    assert "1200" not in a.answer or a.answer.index("2100") < a.answer.index("1200")


@pytest.mark.parametrize("question", [
    "哪一份政府工作报告提出新增养老床位25万张？",
    "Which government work report set the target of adding 25万张 elderly care beds?",
])
def test_which_report_said_it_is_answered_by_naming_the_report(synthetic, question):
    # the document is what is asked for: the quoted sentence is its evidence and comes with its title
    a = synthetic.answer(question)
    assert not a.abstained and "25万张" in a.answer and "2020年政府工作报告" in a.answer
    assert doc(a.citations[0].passage) == "report-2020"
    # asked what the report said, not which one said it, the answer is the sentence alone
    plain = synthetic.answer("2020年政府工作报告提出新增多少养老床位？")
    assert "25万张" in plain.answer and "《2020年政府工作报告》" not in plain.answer


# --- kind 4: near misses are not answered ------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "2021年政府工作报告提出城镇新增就业目标是多少万人？",  # a year that has no report (only 展望2021年 in 2020's)
    "拉萨市的公共充电桩有多少个？",  # a place never mentioned
])
def test_near_misses_abstain(synthetic, question):
    a = synthetic.answer(question)
    assert a.abstained and a.citations == []


# --- kind 5: English beyond the seeds' glossary ------------------------------------------------------
def test_english_question_on_elderly_care_finds_the_report(synthetic):
    a = synthetic.answer("How many elderly care beds will be added according to the 2020 government work report?")
    assert not a.abstained and "25万张" in a.answer
    assert doc(a.citations[0].passage) == "report-2020"


def test_english_question_on_the_message_reply_uses_the_dictionary(synthetic):
    hits = synthetic.search("construction noise at night", k=3)
    assert hits and doc(hits[0]) == "msg-noise"


BEARS = [
    {"id": "news-hospital", "title": "襄阳市降低住院患者个人负担", "date": "2021-03-01",
     "text": "襄阳市医院住院患者个人负担比例由40%降至30%，医保基金支付比例相应提高。"},
    *({"id": f"news-birth-{i}", "title": f"生育支持政策解读（{i}）", "date": "2021-04-01",
       "text": f"第{i}项生育支持措施出台，兼顾企业承受能力，家庭生育意愿有所提升。"} for i in range(1, 7)),
]
bears = assistant_fixture(BEARS, "bears")


def test_a_words_sense_is_the_one_used_beside_the_questions_other_words(bears):
    # bear -> 负担 承受 生育…: 承受 and 生育 are the commoner in the corpus, but beside 医院 and 患者 the
    # documents say 负担; chosen by usage alone, the search would look for births.
    from dataclasses import replace

    r = bears.retriever
    question = "How much of the hospital bill do patients bear in Xiangyang?"
    assert "负担" in r.analyse(question).search_text.split()
    hits = bears.search(question, k=1)
    assert hits and doc(hits[0]) == "news-hospital"
    weights = r.weights
    try:
        r.weights = replace(weights, sense_context=0)  # by usage alone
        assert "负担" not in r.analyse(question).search_text.split()
    finally:
        r.weights = weights


CAMPAIGN = [
    {"id": "news-rumour", "title": "公安部通报网络谣言打击整治专项行动成效", "date": "2023-07-21",
     "text": "今年4月10日开始，各地开展为期100天的专项行动。"
             "据悉，专项行动期间，全国公安机关将网络谣言打击整治专项行动与“净网2023”专项行动紧密结合，依法侦办案件130余起。"},
    {"id": "news-other", "title": "交通运输部部署春运工作", "date": "2023-01-05",
     "text": "交通运输部部署春运期间道路运输安全工作，要求各地加强客运站管理。"},
]
campaign = assistant_fixture(CAMPAIGN, "campaign")


def test_when_is_answered_by_a_date_not_a_year_inside_a_name(campaign):
    # 净网2023 names a campaign; it dates nothing
    a = campaign.answer("全国公安机关网络谣言打击整治专项行动是从什么时候开始的？")
    assert not a.abstained and "4月10日" in a.answer.split("[1]")[0], a.answer


HOTLINES = [
    {"id": "ntc-hotline", "title": "关于开通疫情防控期间爱心服务热线的通告", "date": "2020-02-10",
     "text": "为做好疫情防控期间特困供养对象的服务保障工作，区民政局开通疫情防控期间24小时爱心服务热线，"
             "为特困供养对象、困境儿童提供生活帮扶和心理疏导服务。服务热线：88202020。"},
    {"id": "news-radio", "title": "广播电台开设群众建议热线", "date": "2020-02-12",
     "text": "闵行区在FM102.7闵行人民广播电台开设24小时自动录音热线电话，多点听取群众对疫情防控的意见建议。"},
]
hotlines = assistant_fixture(HOTLINES, "hotlines")


def test_a_hotlines_number_is_answered_by_the_sentence_stating_it(hotlines):
    a = hotlines.answer("疫情防控期间24小时爱心服务热线是多少？")
    assert not a.abstained and "88202020" in a.answer.split("[1]")[0], a.answer
    # where no number is stated, the way to call still answers
    a = hotlines.answer("闵行区群众如何电话对疫情防控提出意见建议？")
    assert not a.abstained and "自动录音热线电话" in a.answer, a.answer


# --- kind 6: metadata from the record, never the salutation ------------------------------------------
def test_what_a_proposer_proposed_comes_from_the_record_not_the_salutation(synthetic):
    a = synthetic.answer("马跃华提出了什么建议？")
    assert not a.abstained
    assert "关于加快培育新能源汽车零部件产业集群的建议" in a.answer
    assert "委员：" not in a.answer and "充电桩" not in a.answer
    assert len(a.citations) == 1 and doc(a.citations[0].passage) == "proposal-ma"


TERSE_REPLY = [
    {"id": "msg-fee", "title": "请求严禁D1市学校变相收补课费", "date": "2019-10-13",
     "text": "留言时间：2019-10-09\n答复时间：2019-10-13\n"
             "留言：开学了，D1市中小学每生要收取728元的课后服务费。课后服务收费应当自愿，不得在课后服务期间补课，"
             "请求严禁D1市中小学变相收取课后服务费。\n答复：网友您好！您反映的问题，我们已转交市教育局。"},
    *({"id": f"notice-{i}", "title": f"关于做好中小学课后服务工作的通知（{i}）", "date": "2019-09-01",
       "text": "中小学收取课后服务费坚持学生家长自愿原则，课后服务费标准由各市物价部门核定，留言反映的问题由学校答复。"
               f"第{i}批试点学校名单附后。"} for i in range(1, 9)),
]
terse = assistant_fixture(TERSE_REPLY, "terse")


def test_a_terse_reply_ranks_with_the_message_it_answers(terse):
    # the message names the topic in many words, the reply in few: asked what was done, the reply must show
    hits = terse.search("D1市中小学收课后服务费的留言，有关部门是怎么答复的？", k=4)
    assert any("转交市教育局" in h.text for h in hits), [h.text[:30] for h in hits]


def test_who_handles_a_message_is_answered_by_its_terse_reply(terse):
    # the reply names none of the question's words (您反映的问题，我们已转交市教育局): it answers what the
    # message asked, which is its context; the complaint itself says nothing of who handles it
    a = terse.answer("D1市中小学变相收课后服务费的问题由哪个部门处理？")
    assert not a.abstained and "市教育局" in a.answer, a.answer
    assert "728元" not in a.answer and doc(a.citations[0].passage) == "msg-fee"


def test_a_words_dictionary_senses_keep_their_weight_as_one_group(synthetic):
    # Two senses of one word count once in coverage (query.share_of_terms), so neither is halved as an
    # optional term; a dictionary term standing alone still is: a sentence may well not use it.
    r = synthetic.retriever
    qa = r.analyse("Why is there construction noise at night near the homes?")
    r.weigh(qa)
    grouped = {x for g in qa.term_groups for sense in g for x in sense}
    assert grouped, "no English word here had two senses"
    idf = r.idf(qa.key_terms)
    for t in qa.key_terms:
        if t in grouped or t not in qa.optional_terms:
            assert qa.term_weights[t] == pytest.approx(idf[t])
        else:
            assert qa.term_weights[t] == pytest.approx(idf[t] * r.weights.optional_term_weight)


# --- kind 4: a place the gazetteer does not know -----------------------------------------------------
TOWNS = [
    {"id": "msg-sewage", "title": "希望B7县公布桥驿镇污水处理厂建设情况", "date": "2017-05-22",
     "text": "留言时间：2017-05-20\n答复时间：2017-05-22\n留言：B7县桥驿镇的污水处理厂是什么时候建的？\n"
             "答复：网友您好！经与乡镇核实，桥驿镇污水处理厂于2013年动工，2014年建成，日处理污水5000吨。"},
    {"id": "news-guide", "title": "《申报指南》公布惠企政策一目了然", "date": "2020-03-02",
     "text": "近日，市财政局联合我市九部门发出通知，公布《惠企政策申报指南》，"
             "对疫情防控期间惠企政策进行梳理汇总，明确申报流程、申报材料及受理部门三个环节。"},
    {"id": "law-elderly", "title": "中华人民共和国老年人权益保障法", "date": "2018-12-29",
     "text": "第三十七条 地方各级人民政府和有关部门应当采取措施，发展城乡社区养老服务，为居家的老年人提供生活照料。"},
]
towns = assistant_fixture(TOWNS, "towns")


def test_a_town_never_mentioned_is_not_answered_from_another_towns_reply(towns):
    # 青石镇 is in no gazetteer; the only sewage works the documents speak of is 桥驿镇's, in B7县
    near = towns.answer("青石镇的污水处理厂什么时候建成？")
    assert near.abstained and near.citations == []
    named = towns.answer("桥驿镇的污水处理厂什么时候建成？")
    assert not named.abstained and "2014年建成" in named.answer


def test_a_town_named_in_pinyin_is_a_place_written_with_its_unit(towns):
    # Qingshi could be read inside other words; only 青石镇 or 青石乡 would be the town
    assert towns.answer("How much sewage does the treatment plant in Qingshi town handle each day?").abstained
    named = towns.answer("How much sewage does the treatment plant in Qiaoyi town handle each day?")
    assert not named.abstained and "5000吨" in named.answer


def test_a_national_law_does_not_answer_what_an_unknown_county_did(towns):
    # the law names no place, but it is no county's own document: it does not say what 青石县 did
    assert towns.answer("青石县采取了哪些养老服务措施？").abstained
    assert not towns.answer("地方各级人民政府应当怎样发展社区养老服务？").abstained


def test_when_something_happened_is_read_from_the_text_when_a_message_was_sent_from_the_record(towns):
    # "when was …" asks the record's dates only of the message or reply itself, as 什么时候答复 / 何时提交 do
    built = towns.answer("When was the sewage treatment plant in Qiaoyi town built?")
    assert not built.abstained and "2014年建成" in built.answer and "留言时间" not in built.answer
    sent = towns.answer("When was the message about the Qiaoyi town sewage treatment plant submitted?")
    assert not sent.abstained and "2017-05-20" in sent.answer


def test_a_citys_own_news_that_names_no_place_still_answers_for_the_city(towns):
    # a city's website writes 我市 and 市财政局; the question names the city the reader knows it by
    a = towns.answer("泉州市公布的《惠企政策申报指南》明确了哪些环节？")
    assert not a.abstained and "申报流程" in a.answer


PROVINCES = [
    {"id": "cd-bank", "title": "成都市关于加强金融服务支持企业复工复产的通知", "date": "2020-02-08",
     "text": "成都市关于加强金融服务支持企业复工复产的通知\n"
             "各金融机构对受疫情影响较大的批发零售、住宿餐饮行业企业，不得盲目抽贷、断贷、压贷，支持其渡过难关。"},
]
provinces = assistant_fixture(PROVINCES, "provinces")


def test_a_province_is_answered_by_a_document_of_one_of_its_cities(provinces):
    # 成都市 is Sichuan's capital (index/data/regions.json elsewhere_provinces), not Hubei's
    sichuan = provinces.answer("四川省对受疫情影响较大的企业有什么金融支持要求？")
    assert not sichuan.abstained and "抽贷" in sichuan.answer
    assert provinces.answer("湖北省对受疫情影响较大的企业有什么金融支持要求？").abstained


NATIONAL = [
    {"id": "mohrss-relief", "title": "人力资源社会保障部财政部税务总局关于阶段性减免企业社会保险费的通知",
     "date": "2020-02-20", "agency": "人力资源社会保障部财政部税务总局",
     "text": "各省、自治区、直辖市及新疆生产建设兵团人力资源社会保障厅（局）、财政厅（局）：\n"
             "自2020年2月起，各省、自治区、直辖市可根据受疫情影响情况和基金承受能力，"
             "免征中小微企业三项社会保险单位缴费部分，免征期限不超过5个月。"},
    {"id": "zj-relief", "title": "浙江省关于减免企业社会保险费的实施意见", "date": "2020-02-25", "agency": "浙江省人民政府",
     "text": "浙江省对受疫情影响的中小微企业，养老保险单位缴费部分减半征收，减征期限不超过3个月。"},
    {"id": "report-2023", "title": "2023年政府工作报告", "date": "2023-03-05", "agency": "国务院",
     "text": "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人左右。"},
]
national = assistant_fixture(NATIONAL, "national")


def test_a_national_notice_answers_for_a_province_that_has_none_of_its_own(national):
    # 人力资源社会保障部's notice applies in every province; 浙江省's own measure does not answer for 江苏省
    a = national.answer("江苏省中小微企业社会保险单位缴费免征期限是多久？")
    assert not a.abstained and "不超过5个月" in a.answer and "3个月" not in a.answer, a.answer
    assert doc(a.citations[0].passage) == "mohrss-relief"
    # the province's own document, where there is one, answers before the national notice
    own = national.answer("浙江省中小微企业社会保险单位缴费减征期限是多久？")
    assert not own.abstained and doc(own.citations[0].passage) == "zj-relief", own.answer


def test_the_nations_own_figures_do_not_answer_for_a_province(national):
    # a work report states the nation's targets; it is not a rule that applies in 上海市
    assert national.answer("上海市2023年政府工作报告提出的国内生产总值增长目标是多少？").abstained
    assert national.answer("上海市今年国内生产总值增长预期目标是多少？").abstained
    assert not national.answer("2023年政府工作报告提出的国内生产总值增长目标是多少？").abstained


TITLED_NOTICE = [
    {"id": "supplies-notice", "title": "关于支持疫情防控重要物资生产企业的通知", "date": "2020-02-10",
     "text": "关于支持疫情防控重要物资生产企业的通知关于支持疫情防控重要物资生产企业的通知各区县人民政府：现将有关措施通知如下。"
             "一、对生产企业新购置的设备给予补助。二、企业用电价格按八折执行。三、企业招用工人给予岗位补贴。"},
]
titled_notice = assistant_fixture(TITLED_NOTICE, "titled_notice")


@pytest.mark.parametrize(("question", "expected"), [
    ("支持疫情防控重要物资生产企业的电价怎么执行？", "按八折执行"),
    ("重要物资生产企业购置设备有什么支持？", "新购置的设备给予补助"),
])
def test_a_notice_that_opens_with_its_title_is_not_answered_by_its_title(titled_notice, question, expected):
    # the text runs the title (twice, as reposted) into its first sentence; the title counts as context once,
    # so that sentence does not outweigh the one that answers
    a = titled_notice.answer(question)
    assert not a.abstained and expected in a.answer
    assert "各区县人民政府" not in a.answer


SECTIONS = [
    {"id": "work-notice", "title": "关于做好企业复工复产疫情防控工作的通知", "date": "2020-02-12",
     "text": "关于做好企业复工复产疫情防控工作的通知\n各区县人民政府：\n现就企业复工复产疫情防控工作通知如下。\n"
             "一、严格返岗职工管理\n返岗职工须持健康码上岗，企业每日为职工测量体温两次。\n"
             "二、加强职工食堂卫生管理\n职工食堂推行分餐制，错峰就餐，避免职工集体用餐。\n"
             "三、做好办公场所消杀\n办公场所每日通风三次，保持职工工作场所卫生，由专人管理，每日检查。\n"},
    {"id": "work-reply", "title": "关于加强企业复工职工服务的提案的答复", "date": "2020-03-12",
     "text": "关于加强企业复工职工服务的提案的答复\n张明委员：\n您提出的关于加强企业复工职工服务的提案收悉，现答复如下。\n"
             "一、职工返岗服务\n我局开通返岗专车，已接送返岗职工3200人。\n"
             "二、职工技能培训\n我局组织线上技能培训，已培训职工1.2万人次。\n"},
]
sections = assistant_fixture(SECTIONS, "sections")


def test_a_list_in_a_notice_runs_on_in_its_own_section_and_in_a_reply_across_its_sections(sections):
    # a notice's sections are separate provisions: the canteen's list does not take in the offices' section
    canteen = sections.answer("职工食堂卫生管理有哪些要求？")
    assert not canteen.abstained and "分餐制" in canteen.answer and "办公场所" not in canteen.answer
    # a reply's sections all answer its proposal: what was done runs across them
    done = sections.answer("我局为复工职工提供了哪些服务？")
    assert "返岗专车" in done.answer and "技能培训" in done.answer


def test_unknown_places_are_read_from_the_question_not_generic_words():
    from assistant.query import unknown_places

    assert unknown_places("东山湾县的养老服务补贴标准是多少？", []) == ["山湾"]
    assert unknown_places("青石镇和白马区的污水处理厂", []) == ["青石", "白马"]
    # 全市, 小区, 开发区, 市场, 市民: no place; 周村区: the gazetteer's (the unit 村 is inside the name)
    assert unknown_places("全市农贸市场和小区周边开发区的广大市民", []) == []
    assert unknown_places("九三学社指出周村区产业链问题", ["周村区"]) == []


def test_a_document_is_another_places_when_it_names_one_the_question_does_not():
    from assistant.query import names_another_place

    city_news = "近期去过武汉的人员，我市要求居家观察14天。"
    assert not names_another_place(city_news, ["武汉市"])  # the asked region is no other place
    assert names_another_place(city_news)
    assert names_another_place("B7县界首镇污水处理厂于2014年建成。")  # a coded county
    assert names_another_place("地方各级人民政府应当发展城乡社区养老服务。")  # national: speaks of no place of its own


# --- kind 1: an article asked for by number is quoted whole --------------------------------------------
SMOKING = [
    {"id": "reg-smoke", "title": "临海市公共场所控制吸烟条例", "date": "2016-11-11",
     "text": "临海市公共场所控制吸烟条例\n第一章 总则\n第八条 本市公共场所禁止吸烟。\n"
             "第九条 禁止吸烟场所所在单位应当履行下列义务：\n（一）落实劝阻吸烟人员；\n（二）做好禁烟宣传教育工作；\n"
             "（三）在醒目位置设置统一的禁止吸烟标识和监管电话；\n（四）不设置任何与吸烟有关的器具；\n"
             "（五）对不听劝阻的吸烟者，向监管部门举报。\n"
             "第十条 个人应当遵守禁止吸烟的规定。\n"},
]
smoking = assistant_fixture(SMOKING, "smoking")


def test_how_an_article_reads_is_its_whole_text_and_no_more(smoking):
    a = smoking.answer("《临海市公共场所控制吸烟条例》第九条是怎么规定的？")
    assert not a.abstained
    for item in ("应当履行下列义务", "落实劝阻吸烟人员", "做好禁烟宣传教育工作", "设置统一的禁止吸烟标识",
                 "不设置任何与吸烟有关的器具", "向监管部门举报"):
        assert item in a.answer, item
    assert "第十条" not in a.answer and "第八条" not in a.answer


_DUTIES = ["建立健全本单位安全生产责任制并督促落实", "组织制定本单位安全生产规章制度和操作规程", "保证本单位安全生产投入的有效实施",
           "督促检查本单位的安全生产工作并及时消除生产安全事故隐患", "组织制定并实施本单位的生产安全事故应急救援预案",
           "及时如实报告生产安全事故", "组织开展本单位的安全生产教育和培训", "定期向职工代表大会报告安全生产工作情况",
           "落实重大危险源的登记建档和定期检测评估", "保障从业人员获得符合国家标准的劳动防护用品"]
LONG_ARTICLE = [
    {"id": "reg-safety", "title": "临海市安全生产条例", "date": "2019-06-01",
     "text": "临海市安全生产条例\n第一章 总则\n第五条 本市行政区域内的生产经营单位，适用本条例的规定。\n"
             "第六条 生产经营单位的主要负责人对本单位的安全生产工作全面负责，应当履行下列职责：\n"
             + "".join(f"（{'一二三四五六七八九十'[i]}）{d}，相关记录应当按照规定保存备查，并接受负有安全生产监督管理职责的部门依法实施的监督检查；\n"
                       for i, d in enumerate(_DUTIES))
             + "第七条 从业人员应当遵守本单位的安全生产规章制度。\n"},
]
long_article = assistant_fixture(LONG_ARTICLE, "long_article")


def test_an_article_longer_than_a_passage_is_quoted_on_through_the_next_passage(long_article):
    doc_chunks = long_article.chunks(long_article.search("安全生产条例第六条", k=1)[0].doc_id)
    assert sum("第六条" in "".join(c.heading_path) + c.text[:12] for c in doc_chunks) >= 2  # the article spans passages
    a = long_article.answer("《临海市安全生产条例》第六条是怎么规定的？")
    assert not a.abstained
    assert _DUTIES[0] in a.answer and _DUTIES[-1] in a.answer and "第七条" not in a.answer


SPLIT_NOTICE = [
    {"id": "notice-guarantee", "title": "省融资担保公司在行动", "date": "2020-02-01",
     "text": "一、创新业务品种\n" + "结合本省实际，省融担公司专项设计“抗疫担保贷”产品，支持医疗物资生产企业扩大产能。" * 6
             + "\n二、支持力度大\n" + "首期给予5000万元担保额度，专项扶持该类企业融资需求，后期视疫情发展再行调整。" * 6 + "\n"},
    *({"id": f"news-product-{i}", "title": f"住房贷款产品介绍（{i}）", "date": "2020-02-05",
       "text": f"第{i}家银行的住房贷款产品担保额度为{i}0万元，担保额度按贷款产品确定。\n"} for i in range(1, 6)),
]
split_notice = assistant_fixture(SPLIT_NOTICE, "split_notice")


def test_the_best_documents_passage_holding_what_its_best_passage_lacks_comes_second(split_notice):
    # the product is named in one section, its amount in the other: only the second answers, and in a large
    # corpus other products' amounts outrank it on the question's words (here: it is left out of the ranking)
    from dataclasses import replace

    from index.store import SearchFilter

    r = split_notice.retriever
    qa = r.analyse("抗疫担保贷产品的担保额度是多少？")
    r.weigh(qa)
    ranked = r.retrieve(qa, k=10)
    named = next(p for p in ranked if "抗疫担保贷" in p.text)
    other = next(p for p in ranked if p.doc_id.endswith("news-product-1"))
    scored = [(2.0, 0, named), (1.0, 1, other)]
    out = [p for _, _, p in r._rest_of_answer(qa, SearchFilter(), scored)]
    assert out[0] is named and "5000万元" in out[1].text and out[2] is other
    weights = r.weights
    try:
        r.weights = replace(weights, rest_share=0.0)
        assert [p for _, _, p in r._rest_of_answer(qa, SearchFilter(), scored)] == [named, other]
    finally:
        r.weights = weights
