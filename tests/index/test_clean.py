"""Cleaning: PDF line breaks rejoined, page numbers dropped, spaces and full-width forms normalised."""

from __future__ import annotations

import re

import pytest

from index.clean import clean_text

SEED_000 = "weihai-motor-industry-reply-2024-05-31.txt"
SEED_001 = "weihai-smart-manufacturing-reply-2024-05-31.txt"


@pytest.fixture
def seed001(corpus_dir) -> list[str]:
    return clean_text((corpus_dir / SEED_001).read_text(encoding="utf-8")).splitlines()


@pytest.fixture
def seed000(corpus_dir) -> list[str]:
    return clean_text((corpus_dir / SEED_000).read_text(encoding="utf-8")).splitlines()


def test_pdf_broken_sentence_is_rejoined_on_one_line(seed001):
    line = next(ln for ln in seed001 if "截至目前，全市建成5G基站7243座，" in ln)
    # the whole paragraph, from its first to its last layout line
    assert line.startswith("智能制造是企业提质增效的关键之举，也是实现新型工业化的重要途径。")
    assert line.endswith("是全省唯一的地级市。")


def test_page_number_lines_are_dropped(seed001):
    assert "— 5 —" not in seed001
    assert not any(re.fullmatch(r"[—\-]\s*\d+\s*[—\-]", ln) for ln in seed001)


def test_seed001_paragraph_count_is_sensible(seed001):
    # agency, two title lines, salutation, opening, 3 headings, 10 lead-headed paragraphs, 2 paragraphs
    # split where a sentence ended exactly at a layout line end, thanks, signature, date
    assert len(seed001) == 24
    assert all(len(ln) < 700 for ln in seed001)


def test_headings_stay_on_their_own_lines(seed001):
    for heading in ("一、智能制造总体情况", "二、工作开展情况", "三、下步工作打算"):
        assert heading in seed001
    assert any(ln.startswith("（一）优化顶层设计，加大政策支持力度。牵头制定《实施先进制造业强市") for ln in seed001)
    assert any(ln.startswith("（五）完善网络基础，保障智能制造高效推进。") for ln in seed001)


def test_front_and_closing_lines_are_not_glued(seed001):
    assert seed001[:4] == ["威海市工业和信息化局", "关于市政协十四届三次会议第52号", "提案的答复", "民盟威海市委会："]
    assert seed001[4].endswith("现答复如下：")
    assert seed001[-2:] == ["威海市工业和信息化局", "2024年5月31日"]


def test_spaces_around_numbers_in_chinese_text_are_removed(seed001):
    text = "\n".join(seed001)
    assert "《实施先进制造业强市暨智改数转三年行动计划（2023—2025年）》" in text
    assert "2023年市级安排“智改数转”奖补资金3589万元，占先进制造业强市专项资金总额的42.2%。" in text
    assert "发放高技能人才奖励资金1428.5万元。" in text
    assert " " not in text


def test_word_broken_across_blank_line_is_rejoined(seed000):
    text = "\n".join(seed000)
    assert "积极推广华力电机智能制造新模式" in text
    assert "组织召开威海市电机产业链协作配套暨智能化技改对接会" in text
    assert "持续开展卡位入链、融链固链、强链补链活动" in text
    assert "华力电\n" not in text


def test_unwrapped_text_keeps_its_paragraphs(seed000):
    assert len(seed000) == 20
    assert seed000[:3] == ["威海市工业和信息化局", "关于市政协十四届三次会议第5号提案的答复", "马跃华委员："]


def test_web_export_header_lines_are_not_joined(corpus_dir):
    lines = clean_text((corpus_dir / "zhangdian-industrial-clusters-reply-2024-06-24.txt").read_text("utf-8"))
    assert lines.splitlines()[1:6] == ["区政协十三届第三次会议", "20", "建议人:", "主办单位:张店区工业和信息化局",
                                       "答复时间: 2024-06-24"]


def test_flattened_proposal_is_split_at_its_numbering(corpus_dir):
    lines = clean_text((corpus_dir / "zhoucun-intelligent-equipment-reply-2023-08-15.txt").read_text("utf-8"))
    lines = lines.splitlines()
    assert "一、我区智能装备产业链存在的问题表现" in lines
    assert "二、主要原因分析" in lines and "三、下一步对策和建议" in lines
    assert any(ln.startswith("五是完善相关人才配套政策,建设智能制造创新人才队伍。") for ln in lines)


def test_full_width_letters_and_digits_become_half_width_but_chinese_punctuation_stays():
    assert clean_text("建成５Ｇ基站７２４３座，占比４２．２％。") == "建成5G基站7243座，占比42.2%。"
    assert clean_text("（一）加强规划：“链长制”；") == "（一）加强规划：“链长制”；"


def test_figures_are_never_altered():
    text = "营业收入7.6亿元，同比增长8.3%，利润总额3600万元，1,234.5万吨，1-5月份。"
    assert clean_text(text) == text


def test_spaces_inside_latin_text_are_kept():
    assert clean_text("推广 Industrial Internet Platform 应用，IE5.0 高效电机。") == (
        "推广Industrial Internet Platform应用，IE5.0高效电机。"
    )


@pytest.mark.parametrize("marker", ["— 5 —", "- 12 -", "－3－", "第 5 页", "第5页 共10页", "5 / 10"])
def test_page_number_styles_are_dropped(marker):
    assert clean_text(f"第一段内容。\n{marker}\n第二段内容。") == "第一段内容。\n第二段内容。"


def test_bare_numbers_are_content_not_page_numbers():
    assert clean_text("区政协十四届二次会议\n142009\n建议人: 某某") == "区政协十四届二次会议\n142009\n建议人:某某"


def test_next_line_starting_with_heading_ends_the_paragraph():
    wrapped = "\n".join(["这是一个被排版折断的很长的段落文字内容需要重新拼接起来才对"] * 9)
    text = clean_text(wrapped + "\n（二）下一个标题。正文")
    assert text.splitlines()[-1] == "（二）下一个标题。正文"
    assert len(text.splitlines()) == 2


def test_line_starting_with_punctuation_continues_the_previous_line():
    assert clean_text("全市建成5G基站7243座\n，重点场所全覆盖。") == "全市建成5G基站7243座，重点场所全覆盖。"


def test_crlf_bom_and_invisible_characters_are_normalised():
    assert clean_text("\ufeff第一段。\r\n\r\n第\u200b二段。\r\n") == "第一段。\n第二段。"


def test_wrapped_long_heading_is_rejoined_but_not_glued_to_its_first_item():
    body = ["这是一个被排版折断的很长的段落文字内容需要重新拼接起来才对"] * 8
    long_heading = "二、坚持以问题为导向，细化措施，将提案各项举措建议"
    lines = clean_text("\n".join([*body, "。", long_heading, "落实落细", "一是培植壮大行业龙头企业。"])).splitlines()
    assert lines[-2:] == ["二、坚持以问题为导向，细化措施，将提案各项举措建议落实落细", "一是培植壮大行业龙头企业。"]
    lines = clean_text("\n".join([*body, "。", long_heading + "落实落细", "一是培植壮大行业龙头企业。"])).splitlines()
    assert lines[-2:] == ["二、坚持以问题为导向，细化措施，将提案各项举措建议落实落细", "一是培植壮大行业龙头企业。"]


def test_a_figure_set_letter_by_letter_is_closed_up():
    out = clean_text("1 9 9 7年国内生产总值达到7 4 7 7 2亿元，平均每年增长1 1 %。\ntable 1 2 3")
    assert out.splitlines()[0] == "1997年国内生产总值达到74772亿元，平均每年增长11%。"
    assert out.splitlines()[1] == "table 1 2 3"  # Latin text keeps its spaces


def test_a_part_label_starts_a_new_paragraph_after_a_message_without_a_full_stop():
    # A citizen's message that ends without punctuation (…谢谢) must not swallow the reply's label, or the
    # document's request and response parts are never told apart.
    text = "留言：我希望政府能够出面制止他们这种自私自利的行为，河道都会被他们挖空 谢谢\n答复：网友：您反映的问题已转至县水利局核实、办理。"
    assert clean_text(text).splitlines() == [
        "留言：我希望政府能够出面制止他们这种自私自利的行为，河道都会被他们挖空谢谢",
        "答复：网友：您反映的问题已转至县水利局核实、办理。",
    ]
