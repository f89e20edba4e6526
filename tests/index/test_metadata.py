"""Metadata of every seed document, field by field, plus dates, doc types and declared overrides."""

from __future__ import annotations

import pytest

from index.clean import clean_text
from index.metadata import extract_metadata, parse_date

FIELDS = ("title", "doc_type", "agency", "region", "city", "date", "proposal_no", "session", "proposer")
EXPECTED = {
    "weihai-motor-industry-reply-2024-05-31.txt": (
        "关于市政协十四届三次会议第5号提案的答复", "提案答复", "威海市工业和信息化局", "威海市", "威海市",
        "2024-05-31", "5", "市政协十四届三次会议", "马跃华",
    ),
    "weihai-smart-manufacturing-reply-2024-05-31.txt": (
        "关于市政协十四届三次会议第52号提案的答复", "提案答复", "威海市工业和信息化局", "威海市", "威海市",
        "2024-05-31", "52", "市政协十四届三次会议", "民盟威海市委会",
    ),
    "zhoucun-intelligent-equipment-reply-2023-08-15.txt": (
        "区工业和信息化局对区政协十四届二次会议第142009号提案的答复(关于优化我区智能装备产业链的建议)",
        "提案答复", "周村区工业和信息化局", "周村区", "淄博市", "2023-08-15", "142009", "区政协十四届二次会议",
        "九三学社周村区基层委员会",
    ),
    "weihai-new-industrialisation-press-conference.txt": (
        # no title line in the report: named by the topic it announces
        "威海市推进新型工业化新闻发布会", "新闻发布", "威海市政府新闻办", "威海市", "威海市", "--11-19",
        None, None, None,
    ),
    "zhangdian-industrial-clusters-reply-2024-06-24.txt": (
        "对区政协十三届第三次会议委员第20号提案《关于围绕我区主导产业链形成“链式”集群发展格局的建议》的答复",
        "提案答复", "张店区工业和信息化局", "张店区", "淄博市", "2024-06-24", "20", "区政协十三届第三次会议", "汤丹",
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata_every_field(corpus_dir, name):
    text = clean_text((corpus_dir / name).read_text(encoding="utf-8"))
    assert extract_metadata(text).to_dict() == dict(zip(FIELDS, EXPECTED[name], strict=True))


def test_press_report_without_a_year_keeps_a_partial_date_and_no_year(corpus_dir):
    text = clean_text((corpus_dir / "weihai-new-industrialisation-press-conference.txt").read_text("utf-8"))
    meta = extract_metadata(text, source="corpus/weihai-2024-11-19.txt")  # never from the file name
    assert meta.date == "--11-19" and meta.year is None


def test_press_report_takes_its_year_from_the_text_when_stated():
    text = "11月19日上午，威海市政府新闻办举行新闻发布会。\n2024年1—10月，全市规上工业增加值增长8.4%。"
    assert extract_metadata(text).date == "2024-11-19"


def test_press_report_with_a_full_lead_date():
    text = "2023年3月2日上午，淄博市政府新闻办举行新闻发布会，介绍全市工业经济运行情况。"
    meta = extract_metadata(text)
    assert (meta.doc_type, meta.date, meta.agency, meta.region, meta.city) == (
        "新闻发布", "2023-03-02", "淄博市政府新闻办", "淄博市", "淄博市")


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2024年5月31日", "2024-05-31"), ("2024 年 5 月 31 日", "2024-05-31"), ("答复时间: 2023-08-15", "2023-08-15"),
     ("2023/8/5", "2023-08-05"), ("二〇二四年五月三十一日", "2024-05-31"), ("二〇二三年十二月十日", "2023-12-10"),
     ("2024年13月40日", None), ("1—10月", None)],
)
def test_parse_date_formats(text, iso):
    assert parse_date(text) == iso


def test_signature_date_is_preferred_over_dates_in_the_body():
    text = "威海市工业和信息化局\n关于某事的答复\n张三委员：\n您的提案收悉。现答复如下：\n" \
           "一、情况\n2023年10月12日，召开推进会。\n威海市工业和信息化局\n2024年5月31日"
    assert extract_metadata(text).date == "2024-05-31"


def test_npc_suggestion_reply_is_a_suggestion_reply():
    text = "淄博市工业和信息化局\n关于市十七届人大三次会议第123号建议的答复\n李四代表：\n您提出的建议收悉。现答复如下：\n" \
           "一、基本情况\n正文。\n淄博市工业和信息化局\n2024年6月1日"
    meta = extract_metadata(text)
    assert (meta.doc_type, meta.proposal_no, meta.session, meta.proposer) == (
        "建议答复", "123", "市十七届人大三次会议", "李四")


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [("关于推进新型工业化的实施意见", "政策文件"), ("威海市先进制造业强市三年行动计划", "政策文件"),
     ("关于印发威海市工业设计发展办法的通知", "政策文件"), ("2024年政府工作报告", "政策文件"),
     ("威海市电机产业发展简报", "其他")],
)
def test_doc_type_of_policy_documents_and_others(title, doc_type):
    assert extract_metadata(f"{title}\n一、总体要求\n正文内容。").doc_type == doc_type


def test_a_short_note_takes_its_first_sentence_as_title():
    meta = extract_metadata("威海市关于工业设计的通知。推动工业设计发展。")
    assert meta.title == "威海市关于工业设计的通知"
    assert meta.region == "威海市"


def test_declared_metadata_overrides_inferred(corpus_dir):
    text = clean_text((corpus_dir / "weihai-motor-industry-reply-2024-05-31.txt").read_text("utf-8"))
    meta = extract_metadata(text, {"title": "自定义标题", "date": "2024年6月1日", "region": "荣成", "proposal_no": 7,
                                   "doc_type": "not-a-type", "session": ""})
    assert meta.title == "自定义标题"
    assert meta.date == "2024-06-01"
    assert (meta.region, meta.city) == ("荣成市", "威海市")  # declared short form, canonical spelling
    assert meta.proposal_no == "7"
    assert meta.doc_type == "提案答复"  # an unknown declared type is ignored
    assert meta.session == "市政协十四届三次会议"  # empty declared values do not erase


def test_declared_agency_moves_region_and_city():
    meta = extract_metadata("关于某事的通知\n正文。", {"agency": "周村区工业和信息化局"})
    assert (meta.agency, meta.region, meta.city) == ("周村区工业和信息化局", "周村区", "淄博市")


def test_a_declared_title_ending_like_an_agency_is_not_the_agency():
    # A citizen's message titled after what it asks (…移动发射基站, as 工作站 ends) is answered and signed by a bureau.
    title = "请求拆除A市理工大学云塘校区东门移动发射基站"
    text = (f"{title}\n留言时间：2014-05-16\n答复时间：2014-06-17\n留言：我们强烈要求立即拆除此移动通讯基站。\n"
            "答复：网友您好！该站距离在安全范围之内。感谢您对我们工作的理解和支持！A7县城乡建设行政执法大队2014年6月17日")
    meta = extract_metadata(clean_text(text), {"title": title})
    assert (meta.title, meta.agency) == (title, "A7县城乡建设行政执法大队")


def test_press_report_with_a_title_line_keeps_it_and_finds_the_press_office():
    text = "威海市举行新型工业化新闻发布会\n11月19日上午，威海市政府新闻办举行新闻发布会，介绍威海市推进新型工业化有关情况。"
    meta = extract_metadata(text)
    assert (meta.title, meta.doc_type, meta.agency, meta.date) == (
        "威海市举行新型工业化新闻发布会", "新闻发布", "威海市政府新闻办", "--11-19")


def test_web_page_source_field_names_the_agency_only_when_it_is_one():
    page = "发布时间：2024-11-20\n来源：{}\n淄博市2024年政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。"
    meta = extract_metadata(page.format("淄博市人民政府"))
    assert (meta.title, meta.doc_type, meta.agency, meta.city, meta.date) == (
        "淄博市2024年政府工作报告", "政策文件", "淄博市人民政府", "淄博市", "2024-11-20")
    assert extract_metadata(page.format("齐鲁晚报")).agency is None


def test_reply_without_a_title_line_takes_agency_and_date_from_its_signature():
    text = "尊敬的张三代表：\n您提出的关于加快发展的建议收悉，现答复如下：\n一、基本情况\n正文。\n" \
           "淄博市工业和信息化局\n2024年6月1日"
    meta = extract_metadata(text)
    assert (meta.doc_type, meta.agency, meta.region, meta.date, meta.proposer) == (
        "建议答复", "淄博市工业和信息化局", "淄博市", "2024-06-01", "张三")
    assert meta.title != "尊敬的张三代表："


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [("关于加快电机产业发展的建议的答复\n张三委员：\n您的建议收悉，现答复如下：\n一、情况\n正文。", "提案答复"),
     ("关于加快电机产业发展的建议的答复\n李四代表：\n您的建议收悉，现答复如下：\n一、情况\n正文。", "建议答复"),
     ("关于加快电机产业发展的建议的答复\n您的建议收悉，现答复如下：\n一、情况\n正文。", "建议答复")],
)
def test_reply_type_follows_the_addressee_when_the_title_only_says_建议(text, doc_type):
    assert extract_metadata(text).doc_type == doc_type


def test_a_reposted_items_original_title_label_is_not_part_of_its_title():
    text = "原标题：公安部：一些网站平台纵容网络谣言传播约谈企业652家\n中国青年报客户端北京7月21日电 公安部今天表示，将依法严厉打击网络水军。"
    assert extract_metadata(text).title == "公安部：一些网站平台纵容网络谣言传播约谈企业652家"


def test_a_national_notice_takes_no_region_from_its_addressee_list():
    text = ("人力资源社会保障部 财政部 税务总局关于阶段性减免企业社会保险费的通知\n"
            "各省、自治区、直辖市及新疆生产建设兵团人力资源社会保障厅（局）、财政厅（局）：\n"
            "为减轻新冠肺炎疫情对企业的影响，经国务院同意，现就阶段性减免企业基本养老保险单位缴费有关问题通知如下。\n")
    assert extract_metadata(clean_text(text)).region is None
    # run together on one line, as web exports give it, and naming the province it exempts
    run_on = ("人力资源社会保障部财政部税务总局关于阶段性减免企业社会保险费的通知人社部发〔2020〕11号各省、自治区、直辖市人民政府，"
              "新疆生产建设兵团：一、自2020年2月起，各省、自治区、直辖市（除湖北省外）可免征中小微企业三项社会保险单位缴费部分。")
    assert extract_metadata(clean_text(run_on)).region is None
    local = "威海市人民政府办公室关于加快电机产业发展的通知\n各区市人民政府：\n为加快电机产业发展，现通知如下。\n"
    assert extract_metadata(clean_text(local)).region == "威海市"


def test_a_notice_signed_on_its_texts_tail_without_a_date_gives_its_agency():
    from index.lines import glued_signature

    assert glued_signature("共同打赢抗击疫情阻击战。北京市经济和信息化局") == "北京市经济和信息化局"
    assert glued_signature("请致电咨询。A7县公安局2015年3月17日") == "A7县公安局"
    assert glued_signature("共同打赢抗击疫情阻击战。") is None
    assert glued_signature("请市民及时办理相关手续，并按规定缴费") is None  # no sentence before it ends
