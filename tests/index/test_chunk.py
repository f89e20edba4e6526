from __future__ import annotations

import itertools

from index.chunk import Chunker, count_tokens
from index.sentences import split_sentences
from index.types import Block, DocMetadata, ParsedDocument


def doc(blocks):
    return ParsedDocument("d.txt", "d.txt", "\n".join(b.text for b in blocks), DocMetadata("某局关于某提案的答复"), [], blocks, "h")


def test_sentences_keep_their_end_punctuation_and_quotes():
    assert split_sentences("一是举办活动。二是开展“链主”调研；“好的。”结束") == [
        "一是举办活动。", "二是开展“链主”调研；", "“好的。”", "结束",
    ]


def test_a_chunk_never_spans_two_sections():
    blocks = [
        Block(("一、基本情况",), "一、基本情况"),
        Block(("一、基本情况",), "全市有规上企业35家。"),
        Block(("二、工作开展情况",), "二、工作开展情况"),
        Block(("二、工作开展情况", "（一）加强规划"), "（一）加强规划。制定了实施意见。"),
    ]
    chunks = Chunker(400).chunk(doc(blocks))
    assert [c.heading_path for c in chunks] == [("一、基本情况",), ("二、工作开展情况", "（一）加强规划")]
    assert chunks[0].text == "一、基本情况\n全市有规上企业35家。"
    assert [c.chunk_id for c in chunks] == ["d.txt::0000", "d.txt::0001"]


def test_a_bare_heading_line_is_carried_into_its_first_subsection_not_left_alone():
    blocks = [
        Block(("二、工作开展情况",), "二、工作开展情况"),
        Block(("二、工作开展情况", "（一）加强规划"), "（一）加强规划。制定了实施意见。"),
        Block(("二、工作开展情况", "（二）强化服务"), "（二）强化服务。开展了对接活动。"),
        Block(("三、下步措施",), "三、下步措施"),  # last group: nothing to carry it into, so it stays
    ]
    chunks = Chunker(400).chunk(doc(blocks))
    assert [c.text for c in chunks] == [
        "二、工作开展情况\n（一）加强规划。制定了实施意见。",
        "（二）强化服务。开展了对接活动。",
        "三、下步措施",
    ]


def test_parts_are_never_mixed_even_under_equal_headings():
    blocks = [Block(("一、情况",), "答复的内容。", "body"), Block(("一、情况",), "提案的内容。", "proposal")]
    chunks = Chunker(400).chunk(doc(blocks))
    assert [(c.part, c.text) for c in chunks] == [("body", "答复的内容。"), ("proposal", "提案的内容。")]


def test_chunks_are_bounded_balanced_and_split_only_between_sentences():
    sentences = [f"威海市第{i}项工作加快推进电机产业链协同发展，培育了一批专精特新企业。" for i in range(40)]
    chunks = Chunker(100).chunk(doc([Block(("一、情况",), "".join(sentences))]))
    assert len(chunks) > 1
    sizes = [c.n_tokens for c in chunks]
    assert max(sizes) <= 100
    assert min(sizes) >= 0.5 * max(sizes)  # evenly cut, no sliver at the end
    parts = [split_sentences(c.text) for c in chunks]
    for prev, nxt in itertools.pairwise(parts):
        assert nxt[0] == prev[-1]  # one sentence of overlap, so a statement across the cut stays whole
    rebuilt = parts[0] + [s for p in parts[1:] for s in p[1:]]
    assert rebuilt == sentences


def test_short_closing_sentences_are_repeated_together_across_a_cut():
    # A list of short items (自然人综合…；发票代开…；双代业务…) runs across the cut: the next chunk repeats as many
    # of the closing sentences as fit half its target, so a statement of several of them is whole in one passage.
    sentences = [f"第{i}类业务可以预约办理；" for i in range(60)]
    chunks = Chunker(120).chunk(doc([Block(("一、情况",), "".join(sentences))]))
    assert len(chunks) > 2 and max(c.n_tokens for c in chunks) <= 120
    parts = [split_sentences(c.text) for c in chunks]
    for prev, nxt in itertools.pairwise(parts):
        shared = next(n for n in range(len(prev) - 1, 0, -1) if nxt[:n] == prev[-n:])
        assert shared > 1  # several sentences, not only the last one
        assert sum(count_tokens(x) for x in nxt[:shared]) <= 0.5 * max(c.n_tokens for c in chunks)
    rebuilt = parts[0] + [x for prev, nxt in itertools.pairwise(parts)
                          for x in nxt[next(n for n in range(len(prev) - 1, 0, -1) if nxt[:n] == prev[-n:]):]]
    assert rebuilt == sentences


def test_after_a_long_sentence_the_next_chunk_repeats_its_closing_clauses():
    # Each sentence is too long to repeat whole across a cut; a list item closing it (…停止复工，相关人员…) must
    # still be whole in the next passage, so its last clauses are repeated.
    sentences = [f"第{i}项：即日起暂停全市建筑工地复工，各项目落实实名制管理，严格执行体温监测制度，相关务工人员在复工前不得返回工地。"
                 for i in range(12)]
    chunks = Chunker(100).chunk(doc([Block(("一、情况",), "现将有关事项通知如下。" + "".join(sentences))]))
    assert len(chunks) > 1 and max(c.n_tokens for c in chunks) <= 100
    for prev, nxt in itertools.pairwise(chunks):
        last = split_sentences(prev.text)[-1]
        repeated = nxt.text.split("。")[0] + "。"
        assert repeated != last and last.endswith(repeated)  # the sentence's own closing clauses, not all of it
        assert repeated.endswith("，相关务工人员在复工前不得返回工地。"[1:])


def test_a_documents_first_long_sentence_also_repeats_its_closing_clauses():
    # A notice run on from its title (no full stop until 组长：): cut at a clause, the next passage must still say
    # whose name follows, not begin with the bare name.
    opening = "领导小组人员如下：组长："
    while count_tokens("加强组织领导，" + opening) <= 100:
        opening = "加强组织领导，" + opening  # the first cut of the run-on sentence falls right after 组长：
    text = opening + "林中麟市政府副市长，杜洪星省分行副行长，成员由市工信局负责人组成。"
    chunks = Chunker(100).chunk(doc([Block((), text)]))
    assert chunks[0].text.endswith("组长：") and len(chunks) == 2
    assert "领导小组人员如下：组长：林中麟" in chunks[1].text


def test_a_short_section_is_one_chunk_without_overlap():
    text = "威海市推进电机产业发展。培育了一批企业。"
    (c,) = Chunker(100).chunk(doc([Block(("一、情况",), text)]))
    assert c.text == text


def test_a_sentence_longer_than_the_bound_is_cut_at_clauses_then_tokens():
    long_clauses = "，".join(["推动智能装备产业链上下游配套"] * 60) + "。"
    no_punct = "数" * 900
    for text in (long_clauses, no_punct):
        chunks = Chunker(64).chunk(doc([Block(("一、情况",), text)]))
        assert all(c.n_tokens <= 64 for c in chunks)
        assert "".join(c.text for c in chunks) == text


def test_indexed_text_carries_title_and_heading_path_but_shown_text_does_not():
    blocks = [Block(("三、下步工作措施", "（一）加强顶层规划"), "研究制定支持政策。")]
    (c,) = Chunker(400).chunk(doc(blocks))
    assert c.text == "研究制定支持政策。"
    assert c.heading == "三、下步工作措施 > （一）加强顶层规划"
    assert c.indexed_text == "某局关于某提案的答复\n三、下步工作措施 > （一）加强顶层规划\n研究制定支持政策。"


def test_indexed_text_names_the_agency_when_the_title_does_not():
    d = doc([Block(("一、情况",), "开展了工作。")])
    d.metadata = DocMetadata("区工业和信息化局关于某提案的答复", agency="周村区工业和信息化局")
    (c,) = Chunker(400).chunk(d)
    assert c.indexed_text.startswith("区工业和信息化局关于某提案的答复\n周村区工业和信息化局\n一、情况\n")


def test_token_count_uses_cl100k_offline():
    assert count_tokens("威海") > 0
