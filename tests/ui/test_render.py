"""Rendering: [n] links to cards, highlighted support, abstentions, and untrusted text kept inert."""

from __future__ import annotations

from assistant.types import Answer, Citation, Passage
from assistant.ui import render

PAYLOAD = ('正文<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
           "见[click](javascript:window.__xss=3)。")


def passage(text: str = "电机产业目前拥有规上企业35家。产品覆盖1500多个品种。", **kw) -> Passage:
    base = {"rank": 1, "score": 1.0, "doc_id": "weihai-motor.txt", "chunk_id": "weihai-motor.txt#3",
            "title": "第5号提案的答复", "heading": "一、产业基本情况 > （一）规模",
            "heading_path": ("一、产业基本情况", "（一）规模"), "text": text, "date": "2024-05-31",
            "agency": "威海市工业和信息化局", "region": "威海市"}
    base.update(kw)
    return Passage(**base)


def test_every_cited_marker_links_to_its_card():
    c = Citation(1, passage(), ["电机产业目前拥有规上企业35家。"])
    html = render.answer_block(2, "规上企业有多少？", Answer("q", "有35家[1]，见[7]。", False, [c]))
    assert '<a class="cite" href="#t2-s1"' in html
    assert 'id="t2-s1"' in html
    assert "[7]" in html and 'href="#t2-s7"' not in html  # no card, no link


def test_card_shows_title_agency_date_path_and_marks_support():
    c = Citation(1, passage(), ["电机产业目前拥有规上企业35家。"])
    card = render.source_card(c, "t0", 0)
    assert "第5号提案的答复" in card and "威海市工业和信息化局" in card and "2024-05-31" in card
    assert "一、产业基本情况 › （一）规模" in card
    assert "<mark>电机产业目前拥有规上企业35家。</mark>" in card
    assert 'data-act="open"' in card


def test_highlight_tolerates_whitespace_differences():
    assert render.highlight("规上企业\n35家。其余。", ["规上企业35家。"]) == "<mark>规上企业<br>35家。</mark>其余。"


def test_untrusted_text_is_escaped_everywhere():
    p = passage(PAYLOAD, title="<b>标题</b><script>x()</script>", heading="<img src=x onerror=alert(1)>",
                heading_path=("<img src=x onerror=alert(1)>",))
    c = Citation(1, p, ["正文<script>window.__xss=1</script>"])
    a = Answer("q<script>", PAYLOAD + "[1]", False, [c], [p])
    outputs = [
        render.answer_block(0, "<script>q()</script>", a),
        render.document_view({"title": PAYLOAD, "doc_id": "x", "outline": [{"title": PAYLOAD}]}, [p], p.chunk_id),
        render.precedents_view([{"doc_id": "x", "title": PAYLOAD, "outline": [{"title": PAYLOAD}],
                                 "passages": [p.to_dict()]}]),
        render.eval_item_view({"id": "q", "question": PAYLOAD, "answer": PAYLOAD, "reasons": [PAYLOAD],
                               "passages": [{"title": PAYLOAD, "heading_path": [PAYLOAD], "text": PAYLOAD}]}),
        render.index_report_view({"failed": [{"source": PAYLOAD, "reason": PAYLOAD}]}, [PAYLOAD]),
        render.banner(PAYLOAD, False, 1),
    ]
    for html in outputs:
        assert "<script" not in html and "<img" not in html and "<b>标题" not in html
        assert 'href="javascript' not in html and "onerror=\"" not in html
        assert "&lt;script&gt;" in html


def test_abstention_has_its_own_style_and_no_cards():
    a = Answer("威海有多少只熊猫？", "现有文件中没有找到能回答这个问题的内容。", True, [], [passage()], language="zh")
    html = render.answer_block(0, a.question, a)
    assert 'class="a abstained"' in html and "文件中没有答案" in html
    assert "src-card" not in html


def test_streaming_block_has_no_feedback_yet():
    c = Citation(1, passage(), [])
    html = render.answer_block(0, "q", Answer("q", "有35家[1]。", False, [c]), partial="有35家[1")
    assert "a-streaming" in html and "fb-btn" not in html


def test_banner_says_how_to_fill_an_empty_index():
    html = render.banner("Lexical retrieval only (BM25).", False, 0)
    assert "assistant index" in html and "“文件”页" in html and "仅关键词检索" in html
    html = render.banner("Lexical retrieval only (BM25).", False, 0, "en")
    assert "assistant index" in html and "Documents tab" in html and "Lexical retrieval only" in html
    assert render.banner("Hybrid retrieval.", True, 3) == ""


def test_document_view_marks_the_anchored_passage():
    p1, p2 = passage(chunk_id="d#1"), passage(chunk_id="d#2", text="第二段。")
    html = render.document_view({"title": "T", "doc_id": "d", "outline": [{"title": "一、", "children": []}]}, [p1, p2], "d#2")
    assert 'class="doc-chunk anchored" id="doc-d#2"' in html and 'class="doc-chunk" id="doc-d#1"' in html


def test_precedents_markdown_cites_and_neutralises_links():
    rows = [{"doc_id": "a.txt", "title": "答复", "agency": "局", "date": "2024-01-01", "outline": [
        {"title": "一、情况", "children": [{"title": "（一）细节", "children": []}]}],
        "passages": [{"heading_path": ["一、情况"], "text": PAYLOAD}]}]
    md = render.precedents_markdown("草稿", rows)
    assert "## 1. 答复" in md and "[1.1]" in md and "[1] 答复 (局, 2024-01-01)" in md
    assert "  - （一）细节" in md
    assert "](javascript" not in md and r"\[click\]\(javascript" in md
    assert "<script>" not in md


def test_bar_chart_compares_rates_with_the_baseline():
    html = render.bar_chart({"hit@5": 0.9, "mrr": 0.5, "latency_ms_p50": 12.0}, {"hit@5": 0.8})
    assert "hit@5" in html and "mrr" in html and "latency" not in html
    assert "(+0.100)" in html and "bar-base" in html


def test_partial_dates_and_repeated_support_are_shown_once_and_readably():
    p = passage(date="--11-19")
    card = render.source_card(Citation(1, p, ["产品覆盖1500多个品种。", "产品覆盖1500多个品种。"]), "t0", 0)
    assert "11月19日（未注明年份）" in card and "--11-19" not in card
    assert card.count("<mark>") == 1
    assert "11/19, year not stated" in render.source_card(Citation(1, p, []), "t0", 0, "en")


def test_markdown_export_escapes_document_ids():
    import markdown_it

    rows = [{"doc_id": "x`<img src=x onerror=alert(1)>`.txt", "title": "T", "agency": "A", "date": "2024-01-01",
             "passages": []}]
    html = markdown_it.MarkdownIt().render(render.precedents_markdown("草稿", rows))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_list_and_metadata_citations_carry_no_score():
    assert Citation(1, passage(score=0.0), []).to_dict()["score"] is None
    assert Citation(1, passage(score=0.42), []).to_dict()["score"] == 0.42


def test_index_reports_name_files_not_server_folders():
    html = render.index_report_view({"documents": 0, "failed": [{"source": "/srv/data/uploads/bad.txt",
                                                                 "reason": "empty document"}]})
    assert "bad.txt" in html and "/srv/data" not in html
