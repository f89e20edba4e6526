"""Section trees and blocks of every seed: headings by level, parts, 一是 items, closing lines."""

from __future__ import annotations

import pytest

from index.clean import clean_text
from index.load import iter_documents
from index.parse import parse_document
from index.structure import article_refs, heading_level, heading_title, parse_structure, split_items
from index.types import Block, Section

SEED_000 = "weihai-motor-industry-reply-2024-05-31.txt"
SEED_001 = "weihai-smart-manufacturing-reply-2024-05-31.txt"
SEED_002 = "zhoucun-intelligent-equipment-reply-2023-08-15.txt"
SEED_003 = "weihai-new-industrialisation-press-conference.txt"
SEED_004 = "zhangdian-industrial-clusters-reply-2024-06-24.txt"


def parse(corpus_dir, name) -> tuple[list[Section], list[Block]]:
    return parse_structure(clean_text((corpus_dir / name).read_text(encoding="utf-8")))


def titles(sections: list[Section], level: int, part: str | None = None) -> list[str]:
    out = []
    for s in sections:
        if s.level == level and (part is None or s.part == part):
            out.append(s.title)
        out.extend(titles(s.children, level, part))
    return out


def child_titles(sections: list[Section], parent: str) -> list[str]:
    for s in sections:
        if s.title == parent:
            return [c.title for c in s.children]
        found = child_titles(s.children, parent)
        if found:
            return found
    return []


def test_seed000_outline(corpus_dir):
    sections, _ = parse(corpus_dir, SEED_000)
    assert [s.title for s in sections] == ["一、产业基本情况", "二、工作开展情况", "三、下步工作措施"]
    assert child_titles(sections, "二、工作开展情况") == [
        "（一）加强顶层规划设计", "（二）推动产业创新发展", "（三）提升行业品牌形象", "（四）深入推进智能制造",
        "（五）搭建交流对接平台",
    ]
    assert child_titles(sections, "三、下步工作措施") == [
        "（一）加强顶层规划，优化产业发展布局", "（二）加强创新引领，搭建行业研发平台",
        "（三）加强宣传推介，提升行业品牌形象", "（四）加强协作配套，完善产业发展链条",
    ]
    assert all(s.part == "body" for s in sections)


def test_inline_lead_heading_keeps_the_whole_paragraph_in_its_block(corpus_dir):
    _, blocks = parse(corpus_dir, SEED_000)
    block = next(b for b in blocks if b.heading_path == ("二、工作开展情况", "（一）加强顶层规划设计"))
    assert block.text.startswith("（一）加强顶层规划设计。结合我市产业发展实际")
    assert block.text.endswith("产业集聚效应明显提升。")


def test_seed000_parts_front_body_and_closing(corpus_dir):
    _, blocks = parse(corpus_dir, SEED_000)
    front = [b.text for b in blocks if b.part == "front"]
    assert front[:3] == ["威海市工业和信息化局", "关于市政协十四届三次会议第5号提案的答复", "马跃华委员："]
    assert front[-1].endswith("现答复如下：") and len(front) == 4
    assert blocks[len(front)].heading_path == ("一、产业基本情况",)
    # the thanks and the signature close the reply as a whole, not its last section
    assert blocks[-2].heading_path == () and blocks[-2].text.startswith("感谢您一直以来")
    assert blocks[-1] == Block((), "威海市工业和信息化局\n2024年5月31日", "body")
    assert {b.part for b in blocks} == {"front", "body"}


def test_seed001_outline_from_pdf_text(corpus_dir):
    sections, blocks = parse(corpus_dir, SEED_001)
    assert [s.title for s in sections] == ["一、智能制造总体情况", "二、工作开展情况", "三、下步工作打算"]
    assert child_titles(sections, "二、工作开展情况") == [
        "（一）优化顶层设计，加大政策支持力度", "（二）坚持目标导向，优化发展支撑体系",
        "（三）突出典型带动，打造多层次应用示范", "（四）强化平台赋能，完善研发创新体系",
        "（五）加强人才引育，夯实人才队伍支撑",
    ]
    assert child_titles(sections, "三、下步工作打算")[0] == "（一）完善政策体系，提高智能制造积极性"
    assert len(child_titles(sections, "三、下步工作打算")) == 5
    front = [b.text for b in blocks if b.part == "front"]
    assert front[1:3] == ["关于市政协十四届三次会议第52号", "提案的答复"]


def test_seed002_outline_reply_and_proposal(corpus_dir):
    sections, _ = parse(corpus_dir, SEED_002)
    assert titles(sections, 1, "body") == ["一、工作进展情况", "二、下步打算及建议"]
    assert titles(sections, 1, "proposal") == [
        "一、我区智能装备产业链存在的问题表现", "二、主要原因分析", "三、下一步对策和建议",
    ]
    assert child_titles(sections, "一、工作进展情况") == [
        "(一)加速供需链融通产业链", "(二)加快创新链赋能产业链", "(三)强化资本链加持产业链", "(四)推动人才链引领产业链",
    ]
    assert child_titles(sections, "(一)加速供需链融通产业链") == [
        "一是举办系列风机产业、电机产业供需对接活动", "二是开展“链主”企业调研活动",
    ]
    assert child_titles(sections, "二、下步打算及建议") == [
        "一是着力抓好产业链项目", "二是全力攻坚链式招商", "三是积极探索链式创新", "四是持续优化综合服务",
    ]


def test_seed002_proposal_blocks_are_marked_and_reply_blocks_are_not(corpus_dir):
    _, blocks = parse(corpus_dir, SEED_002)
    proposal = [b for b in blocks if b.part == "proposal"]
    reply = [b for b in blocks if b.part != "proposal"]
    assert proposal[0].text.startswith("九三学社周村区基层委积极争取九三学社淄博市委")
    assert proposal[0].heading_path == ()  # heading paths restart in the proposal
    assert proposal[-1].text.endswith("贡献全部智慧和力量。")
    assert all(not any("问题表现" in h for h in b.heading_path) for b in reply)
    assert not any("九三学社周村区基层委积极争取" in b.text for b in reply)
    # the reply ends with its signature and date, before the proposal starts
    assert reply[-1] == Block((), "周村区工业和信息化局\n2023年8月15日", "body")
    parts = [b.part for b in blocks]
    assert parts == sorted(parts, key=["front", "body", "proposal"].index)


def test_yishi_items_split_into_one_block_each(corpus_dir):
    _, blocks = parse(corpus_dir, SEED_002)
    under = ("一、工作进展情况", "(一)加速供需链融通产业链")
    group = [b for b in blocks if b.heading_path[:2] == under]
    assert [b.heading_path for b in group] == [
        under,
        (*under, "一是举办系列风机产业、电机产业供需对接活动"),
        (*under, "二是开展“链主”企业调研活动"),
    ]
    assert group[0].text == "(一)加速供需链融通产业链。"
    assert group[1].text.startswith("一是举办系列风机产业") and group[1].text.endswith("促成多家企业达成初步合作意向。")
    assert group[2].text.startswith("二是开展“链主”企业调研活动")
    # items separated by ；
    items = [b for b in blocks if b.heading_path[:2] == ("一、工作进展情况", "(二)加快创新链赋能产业链")]
    assert [b.text[:2] for b in items[1:]] == ["一是", "二是", "三是"]
    assert items[1].text.endswith("助力企业转型升级;")


def test_seed003_press_subtitles_are_level_one(corpus_dir):
    sections, blocks = parse(corpus_dir, SEED_003)
    assert [(s.title, s.level) for s in sections] == [
        ("构建强力推进体系,支撑保障更加有力", 1), ("强化科技创新引领,发展能级持续提升", 1),
        ("做优链群产业生态,内生动力全面增强", 1), ("深化新旧动能转换,产业体系筑牢夯实", 1),
        ("激活数字经济引擎,融合赋能势头强劲", 1),
    ]
    assert blocks[0].heading_path == () and blocks[0].text.startswith("11月19日上午")
    five_g = next(b for b in blocks if "累计建成5G基站8333座" in b.text)
    assert five_g.heading_path == ("激活数字经济引擎,融合赋能势头强劲",)
    assert blocks[-1] == Block((), "齐鲁晚报·齐鲁壹点客户端连宁燕", "body")
    assert {b.part for b in blocks} == {"body"}


def test_seed004_outline_with_paragraph_items(corpus_dir):
    sections, blocks = parse(corpus_dir, SEED_004)
    assert titles(sections, 1) == ["一、张店区工业发展现状及存在问题", "二、坚持以问题为导向,细化措施,将提案各项举措建议落实落细"]
    assert titles(sections, 2) == ["目前存在的问题"]
    assert child_titles(sections, "一、张店区工业发展现状及存在问题")[:5] == [
        "一是数字经济产业发展稳健", "二是积极开展装备产业发展及高能级创新平台培育", "三是大力开展制造业企业开展智能化诊断活动",
        "四是企业(人才)培育工作扎实开展", "目前存在的问题",
    ]
    assert child_titles(sections, "目前存在的问题")[0] == "一是单机制造能力强、系统集成能力弱"
    assert len(child_titles(sections, "目前存在的问题")) == 5
    assert child_titles(sections, "二、坚持以问题为导向,细化措施,将提案各项举措建议落实落细")[-1] == "五是积极塑造产业优势"
    # the web export's 建议内容 tab holds only the proposal's title: it is the proposal part
    assert [b.text for b in blocks if b.part == "proposal"] == ["关于围绕我区主导产业链形成“链式”集群发展格局的建议"]
    assert blocks[0].part == "front" and blocks[0].text.startswith("对区政协十三届第三次会议委员第20号提案")


def test_heading_levels():
    assert heading_level("一、产业基本情况") == 1
    assert heading_level("第三章 保障措施") == 1
    assert heading_level("（一）加强顶层规划") == 2
    assert heading_level("(二)加快创新链赋能产业链。") == 2
    assert heading_level("第五条 本办法自发布之日起施行。") == 2
    assert heading_level("1. 加强组织领导") == 3
    assert heading_level("2、强化要素保障") == 3
    assert heading_level("（3）细化任务分工") == 3
    assert heading_level("1.6亿元生活津贴") is None
    assert heading_level("一是举办活动") is None
    assert heading_level("统一思想") is None


@pytest.mark.parametrize(
    ("line", "title"),
    [("（一）加强顶层规划设计。结合我市产业发展实际，研究制定", "（一）加强顶层规划设计"),
     ("一、产业基本情况", "一、产业基本情况"), ("三、下步工作措施：", "三、下步工作措施"),
     ("1.总体要求：坚持稳中求进", "1.总体要求")],
)
def test_heading_title_is_the_lead_clause(line, title):
    assert heading_title(line) == title


def test_split_items_needs_counting_items():
    assert split_items("我们统一是非观念，形成共识。") == [(None, "我们统一是非观念，形成共识。")]
    assert split_items("主要做法：一是抓项目，成效好；二是抓招商。") == [
        (None, "主要做法："), ("一是抓项目", "一是抓项目，成效好；"), ("二是抓招商", "二是抓招商。"),
    ]
    # a paragraph may continue the items of the previous one
    assert split_items("三是抓人才。", continues_from=2) == [("三是抓人才", "三是抓人才。")]


def test_policy_document_with_chapters_and_articles():
    text = "威海市工业设计发展办法\n第一章 总则\n第一条 为推动工业设计发展，制定本办法。\n第二条 本办法适用于全市。\n" \
           "第二章 支持措施\n第三条 对认定的设计中心给予奖励。"
    sections, blocks = parse_structure(clean_text(text))
    assert [s.title for s in sections] == ["第一章 总则", "第二章 支持措施"]
    assert [c.title for c in sections[0].children] == ["第一条 为推动工业设计发展，制定本办法", "第二条 本办法适用于全市"]
    assert blocks[0] == Block((), "威海市工业设计发展办法", "front")
    assert blocks[-1] == Block(("第二章 支持措施", "第三条 对认定的设计中心给予奖励"), "第三条 对认定的设计中心给予奖励。")


def test_articles_numbered_past_one_hundred_and_ten_are_articles_too():
    # 第一百二十三条 and the Civil Code's 第一千一百八十五条 are written with five or more numerals
    text = ("中华人民共和国民法典\n第七编 侵权责任\n第一千一百八十五条 故意侵害他人知识产权，情节严重的，被侵权人有权请求相应的惩罚性赔偿。\n"
            "第一千一百八十六条 受害人和行为人对损害的发生都没有过错的，依照法律的规定由双方分担损失。")
    sections, blocks = parse_structure(clean_text(text))
    assert sections[0].children[0].title.startswith("第一千一百八十五条")
    assert article_refs(blocks[-1].heading_path[-1]) == {("条", 1186)}
    assert heading_level("第一百二十三条 国家保护环境。") == 2


def test_an_article_that_introduces_a_list_keeps_its_text_and_its_items():
    text = ("上海市生活垃圾管理条例\n第一章 总则\n第三条 本市生活垃圾管理坚持政府推动、全民参与。\n"
            "第四条 本市生活垃圾按照以下标准分类：\n（一）可回收物，是指废纸张、废塑料等生活垃圾；\n"
            "（二）有害垃圾，是指废电池、废灯管等生活垃圾。\n第五条 市人民政府应当加强领导。")
    sections, blocks = parse_structure(clean_text(text))
    article = sections[0].children[1]
    assert article.title == "第四条 本市生活垃圾按照以下标准分类"
    assert [c.title for c in article.children] == ["（一）可回收物，是指废纸张、废塑料等生活垃圾",
                                                   "（二）有害垃圾，是指废电池、废灯管等生活垃圾"]
    assert Block(("第一章 总则", "第四条 本市生活垃圾按照以下标准分类"), "第四条 本市生活垃圾按照以下标准分类：") in blocks
    assert blocks[-2].heading_path == ("第一章 总则", "第四条 本市生活垃圾按照以下标准分类", "（二）有害垃圾，是指废电池、废灯管等生活垃圾")
    assert blocks[-1].heading_path == ("第一章 总则", "第五条 市人民政府应当加强领导")


def test_every_seed_parses_end_to_end_and_loses_no_paragraph(corpus_dir):
    for name in (SEED_000, SEED_001, SEED_002, SEED_003, SEED_004):
        [raw] = list(iter_documents(corpus_dir / name, corpus_dir))
        doc = parse_document(raw)
        assert doc.doc_id == name and len(doc.content_hash) == 32
        assert doc.blocks and doc.sections
        in_blocks = "".join(b.text.replace("\n", "") for b in doc.blocks)
        headings = set(titles(doc.sections, 1) + titles(doc.sections, 2) + titles(doc.sections, 3))
        for line in doc.text.splitlines():
            # a paragraph is in a block, or it is a heading standing alone on its line
            assert line in in_blocks or line.rstrip("：:") in headings, (name, line)


def test_content_hash_changes_with_declared_metadata(corpus_dir):
    from index.types import RawDocument

    raw = RawDocument("a.txt", "a.txt", "一、情况\n正文。")
    same = parse_document(raw).content_hash
    assert parse_document(RawDocument("b.txt", "b.txt", "一、情况\n正文。")).content_hash == same
    assert parse_document(RawDocument("a.txt", "a.txt", "一、情况\n正文。", {"date": "2024-01-01"})).content_hash != same


def test_a_date_line_inside_the_text_is_not_a_closing():
    text = "威海市举行新闻发布会，介绍新型工业化情况。\n2024年11月19日\n发展成效显著\n全市规上工业增加值增长8.4%。"
    sections, blocks = parse_structure(text)
    assert [s.title for s in sections] == ["发展成效显著"]
    assert blocks[1] == Block((), "2024年11月19日", "body")
    assert blocks[-1] == Block(("发展成效显著",), "全市规上工业增加值增长8.4%。", "body")
    assert all(b.part == "body" for b in blocks)


def test_contact_lines_after_the_signature_date_stay_in_the_closing():
    text = "张三委员：\n您的提案收悉，现答复如下：\n一、情况\n正文。\n威海市工业和信息化局\n2024年5月31日\n" \
           "（联系人：李四，电话：0631-1234567）"
    _, blocks = parse_structure(text)
    assert blocks[-1] == Block((), "威海市工业和信息化局\n2024年5月31日\n（联系人：李四，电话：0631-1234567）", "body")
    assert all(b.part != "proposal" for b in blocks)
