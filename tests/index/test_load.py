"""Loading: every format and encoding, and every bad input reported as one line naming file and reason."""

from __future__ import annotations

import gzip
import json
import os
import random
import time
from pathlib import Path

import pytest

from index import load
from index.load import SUPPORTED_SUFFIXES, decode_bytes, discover, iter_documents
from index.types import IndexingError, RawDocument

TEXT = "威海市工业和信息化局\n关于市政协十四届三次会议第5号提案的答复\n截至目前，全市建成5G基站7243座。"


def build_pdf(lines: list[str], cjk: bool = False) -> bytes:
    """A minimal valid one-page PDF with a text layer (Helvetica, or a CID font mapped to Unicode)."""
    if cjk:
        # Identity-H codes equal to Unicode code points, mapped back by a ToUnicode CMap.
        shown = " ".join(f"<{''.join(f'{ord(c):04X}' for c in ln)}> Tj T*" for ln in lines)
    else:
        shown = " ".join(f"({ln}) Tj T*" for ln in lines)
    content = f"BT /F1 12 Tf 72 720 Td 14 TL {shown} ET" if lines else ""
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ),
        f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream",
    ]
    if cjk:
        cmap = (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange "
            "1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap "
            "CMapName currentdict /CMap defineresource pop end end"
        )
        objs += [
            (
                "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
                "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
            ),
            (
                "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"
            ),
            f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
        ]
    else:
        objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def load_one(path: Path, root: Path | None = None, **kw) -> RawDocument:
    items = list(iter_documents(path, root or path.parent, **kw))
    assert len(items) == 1 and isinstance(items[0], RawDocument), items
    return items[0]


def error_of(path: Path, **kw) -> IndexingError:
    items = list(iter_documents(path, path.parent, **kw))
    assert len(items) == 1 and isinstance(items[0], IndexingError), items
    err = items[0]
    message = str(err)
    assert "\n" not in message and message.startswith(str(path)), message
    return err


# --- discovery -------------------------------------------------------------------------------------


def test_discover_walks_a_folder_sorted_skipping_hidden_and_unsupported(tmp_path):
    for rel in ("b.txt", "a.md", "sub/c.pdf", "sub/d.jsonl.gz", ".hidden.txt", ".git/x.txt", "e.exe", "f.csv"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x")
    found = discover([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f, _ in found] == ["a.md", "b.txt", "sub/c.pdf", "sub/d.jsonl.gz"]
    assert all(root == tmp_path for _, root in found)


def test_supported_suffixes_cover_every_loader():
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".jsonl", ".jsonl.gz"}


def test_file_given_directly_has_its_parent_as_root(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert discover([f]) == [(f, tmp_path)]
    assert load_one(f).doc_id == "doc.txt"


def test_nonexistent_path_is_reported_as_one_line(tmp_path):
    missing = tmp_path / "nope" / "missing.txt"
    pairs = discover([missing])
    assert pairs == [(missing, missing.parent)]
    err = error_of(missing)
    assert str(err) == f"{missing}: does not exist"


def test_doc_id_is_the_posix_path_under_the_root(tmp_path):
    f = tmp_path / "replies" / "2024" / "a.txt"
    f.parent.mkdir(parents=True)
    f.write_text(TEXT, encoding="utf-8")
    [(path, root)] = discover([tmp_path])
    doc = load_one(path, root)
    assert doc.doc_id == "replies/2024/a.txt"
    assert doc.source == str(f)


def test_symlinked_file_keeps_its_place_in_the_corpus(tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "linked.txt").symlink_to(outside)
    [(path, root)] = discover([corpus])
    assert load_one(path, root).doc_id == "linked.txt"


def test_seed_corpus_loads_every_document(corpus_dir):
    docs = [d for f, r in discover([corpus_dir]) for d in iter_documents(f, r)]
    assert all(isinstance(d, RawDocument) for d in docs)
    assert sorted(d.doc_id for d in docs) == sorted(p.name for p in corpus_dir.glob("*.txt"))


# --- encodings -------------------------------------------------------------------------------------


def test_utf8_file_is_loaded(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(TEXT.encode("utf-8"))
    assert load_one(f).text == TEXT


def test_utf8_bom_is_stripped(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    text = load_one(f).text
    assert text == TEXT and not text.startswith("\ufeff")


def test_gbk_file_is_decoded(tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes(TEXT.encode("gbk"))
    assert load_one(f).text == TEXT


def test_gb18030_file_with_characters_outside_gbk_is_decoded(tmp_path):
    text = TEXT + "\n㐀䶵𠀀字。"  # CJK extension A/B: four-byte sequences in GB18030
    f = tmp_path / "gb18030.txt"
    f.write_bytes(text.encode("gb18030"))
    assert load_one(f).text == text


def test_encoding_is_detected_from_bytes_not_extension(tmp_path):
    f = tmp_path / "page.html"  # GBK bytes in an .html file: still detected
    f.write_bytes(f"<html><body><p>{TEXT}</p></body></html>".encode("gbk"))
    assert "全市建成5G基站7243座" in load_one(f).text


def test_utf16_with_bom_is_decoded(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_bytes(TEXT.encode("utf-16"))
    assert load_one(f).text == TEXT


def test_undecodable_bytes_are_reported(tmp_path):
    f = tmp_path / "garbage.txt"
    rng = random.Random(7)
    f.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(600)))
    assert error_of(f).reason == "cannot decode text (not UTF-8 or GB18030)"


def test_decode_bytes_raises_a_domain_error():
    with pytest.raises(IndexingError, match="binary file"):
        decode_bytes(b"\x00\x01\x02" * 100, "x.txt")


# --- formats ---------------------------------------------------------------------------------------


def test_html_drops_script_style_nav_and_keeps_blocks_as_lines(tmp_path):
    f = tmp_path / "page.htm"
    f.write_text(
        "<html><head><title>门户网站</title><style>p{color:red}</style></head><body>"
        "<nav>首页 | 政务公开</nav><script>var x = '不要';</script>"
        "<h1>关于市政协十四届三次会议第5号提案的答复</h1>"
        "<div><p>马跃华委员：</p><p>您提出的提案收悉。<br>现答复如下：</p></div>"
        "<table><tr><td>指标</td><td>数量</td></tr><tr><td>5G基站</td><td>7243座</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    lines = load_one(f).text.splitlines()
    text = "\n".join(lines)
    assert "不要" not in text and "color" not in text and "政务公开" not in text and "门户网站" not in text
    assert "关于市政协十四届三次会议第5号提案的答复" in lines
    assert "马跃华委员：" in lines
    assert "您提出的提案收悉。" in lines and "现答复如下：" in lines
    assert "5G基站 | 7243座" in lines


def test_markdown_heading_markers_are_dropped(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("# 关于推进新型工业化的实施意见\n\n## 一、总体要求\n\n正文 #标签 保留。\n", encoding="utf-8")
    text = load_one(f).text
    assert text.splitlines()[0] == "关于推进新型工业化的实施意见"
    assert "一、总体要求" in text.splitlines()
    assert "正文 #标签 保留。" in text


def test_docx_paragraphs_and_tables_are_read_in_order(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("关于市政协十四届三次会议第5号提案的答复")
    doc.add_paragraph("一、产业基本情况")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "规上企业", "35家"
    doc.add_paragraph("二、工作开展情况")
    para = doc.add_paragraph("威海市工业和信息化局")
    para.add_run().add_break()
    para.add_run("2024年5月31日")
    f = tmp_path / "reply.docx"
    doc.save(f)
    lines = [ln for ln in load_one(f).text.splitlines() if ln]
    assert lines == ["关于市政协十四届三次会议第5号提案的答复", "一、产业基本情况", "指标 | 数量", "规上企业 | 35家",
                     "二、工作开展情况", "威海市工业和信息化局", "2024年5月31日"]


def test_pdf_text_layer_is_extracted(tmp_path):
    f = tmp_path / "a.pdf"
    f.write_bytes(build_pdf(["Weihai built 7243 base stations", "by May 2024."]))
    text = load_one(f).text
    assert "Weihai built 7243 base stations" in text and "by May 2024." in text


def test_chinese_pdf_text_layer_is_extracted_and_its_layout_lines_rejoined(tmp_path, corpus_dir):
    from index.clean import clean_text

    # the 一、 section of seed 001 as laid out in its PDF: a line every ~28 characters
    seed = (corpus_dir / "weihai-smart-manufacturing-reply-2024-05-31.txt").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in seed.splitlines() if ln.strip()]
    start = lines.index("一、智能制造总体情况")
    f = tmp_path / "cn.pdf"
    f.write_bytes(build_pdf(lines[start : start + 11], cjk=True))
    text = load_one(f).text
    assert "制造”向“威海智造”跃升。截至目前，全市建成 5G 基站 7243 座，" in text
    cleaned = clean_text(text).splitlines()
    assert cleaned[0] == "一、智能制造总体情况"
    assert len(cleaned) == 2 and "截至目前，全市建成5G基站7243座，工业互联网平台体系成效明显" in cleaned[1]


def test_pdf_without_text_layer_is_reported(tmp_path):
    f = tmp_path / "scan.pdf"
    f.write_bytes(build_pdf([]))
    assert error_of(f).reason == "PDF has no text layer (scanned?)"


def test_truncated_pdf_is_reported(tmp_path):
    data = build_pdf(["Some text that will be cut off"])
    f = tmp_path / "cut.pdf"
    f.write_bytes(data[: len(data) // 2])
    assert error_of(f).reason.startswith("corrupt or truncated PDF: ")


def test_pdf_that_is_not_a_pdf_is_reported(tmp_path):
    f = tmp_path / "fake.pdf"
    f.write_text("not a pdf at all", encoding="utf-8")
    assert error_of(f).reason == "corrupt or truncated PDF: no PDF header"


def test_truncated_docx_is_reported(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("答复内容")
    full = tmp_path / "full.docx"
    doc.save(full)
    f = tmp_path / "cut.docx"
    f.write_bytes(full.read_bytes()[:1000])
    assert error_of(f).reason.startswith("corrupt or truncated DOCX: ")


# --- bad inputs ------------------------------------------------------------------------------------


def test_empty_file_is_reported(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    assert error_of(f).reason == "empty document"


def test_whitespace_only_file_is_reported_as_empty(tmp_path):
    f = tmp_path / "blank.txt"
    f.write_text(" \n\t\n\u3000\n", encoding="utf-8")
    assert error_of(f).reason == "empty document"


def test_binary_file_renamed_txt_is_reported(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert error_of(f).reason == "binary file, not text"


def test_file_over_the_limit_is_reported(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text(TEXT * 10, encoding="utf-8")
    reason = error_of(f, max_bytes=100).reason
    assert reason.startswith("file is ") and "over the 100 bytes limit" in reason
    assert "ASSISTANT_MAX_FILE_BYTES" in reason


def test_50_mb_file_is_refused_at_once_without_reading_it(tmp_path, monkeypatch):
    f = tmp_path / "huge.txt"
    with f.open("wb") as out:
        chunk = ("威海" * 1024).encode("utf-8")
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            out.write(chunk)
    assert f.stat().st_size >= 50 * 1024 * 1024

    def never(path):
        raise AssertionError("an over-limit file must not be read")

    monkeypatch.setattr(load, "_read_bytes", never)
    t0 = time.perf_counter()
    err = error_of(f)
    assert time.perf_counter() - t0 < 0.5
    assert err.reason == "file is 52.4 MB, over the 20 MB limit (raise ASSISTANT_MAX_FILE_BYTES to index it)"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text(TEXT, encoding="utf-8")
    f.chmod(0)
    try:
        assert error_of(f).reason.startswith("cannot read: ")
    finally:
        f.chmod(0o644)


def test_read_permission_error_is_reported_even_when_running_as_root(tmp_path, monkeypatch):
    f = tmp_path / "secret.txt"
    f.write_text(TEXT, encoding="utf-8")

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(load, "_read_bytes", denied)
    assert error_of(f).reason == "cannot read: Permission denied"


def test_unsupported_suffix_given_directly_is_reported(tmp_path):
    f = tmp_path / "table.xlsx"
    f.write_bytes(b"PK\x03\x04")
    assert error_of(f).reason == "unsupported file type '.xlsx'"


def test_a_folder_given_to_iter_documents_is_reported_not_raised(tmp_path):
    assert "folder" in error_of(tmp_path).reason


# --- JSONL -----------------------------------------------------------------------------------------


def jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "r1", "text": "第一篇。", "title": "标题一", "date": "2024-05-31", "region": "威海市",
                    "proposal_no": 5, "extra": "ignored"}, ensure_ascii=False),
        json.dumps({"docid": "r2", "content": "第二篇。", "agency": "周村区工业和信息化局"}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": "第四篇，没有编号。", "doc_type": "政策文件", "session": "", "proposer": None},
                   ensure_ascii=False),
        "",
        json.dumps({"doc_id": "r5", "title": "没有正文"}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "r1", "text": "重复编号。"}, ensure_ascii=False),
    ]


def check_jsonl(items: list, path: Path, rel: str) -> None:
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, IndexingError)]
    assert [d.doc_id for d in docs] == [f"{rel}#r1", f"{rel}#r2", f"{rel}#4"]
    assert docs[0].declared == {"title": "标题一", "date": "2024-05-31", "region": "威海市", "proposal_no": 5}
    assert docs[1].text == "第二篇。" and docs[1].declared == {"agency": "周村区工业和信息化局"}
    assert docs[2].declared == {"doc_type": "政策文件"}
    assert [e.reason.split(":")[0] for e in errors] == ["line 3", "line 6", "line 7", "line 8"]
    assert "invalid JSON" in errors[0].reason
    assert "no 'text' or 'content' field" in errors[1].reason
    assert "duplicate id" in errors[3].reason
    assert all(e.source == str(path) and "\n" not in str(e) for e in errors)


def test_jsonl_records_carry_ids_and_declared_metadata_and_bad_lines_are_reported(tmp_path):
    f = tmp_path / "bulk" / "records.jsonl"
    f.parent.mkdir()
    f.write_text("\n".join(jsonl_lines()) + "\n", encoding="utf-8")
    [(path, root)] = discover([tmp_path])
    check_jsonl(list(iter_documents(path, root)), f, "bulk/records.jsonl")


def test_jsonl_gz_is_read(tmp_path):
    f = tmp_path / "records.jsonl.gz"
    with gzip.open(f, "wt", encoding="utf-8") as out:
        out.write("\n".join(jsonl_lines()) + "\n")
    check_jsonl(list(iter_documents(f, tmp_path)), f, "records.jsonl.gz")


def test_truncated_jsonl_gz_yields_the_records_before_the_damage(tmp_path):
    f = tmp_path / "records.jsonl.gz"
    rng = random.Random(3)
    # incompressible text, so that cutting the file loses the later records only
    lines = [json.dumps({"id": i, "text": "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(200))},
                        ensure_ascii=False) for i in range(200)]
    f.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))[:40_000])
    items = list(iter_documents(f, tmp_path))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert 10 < len(docs) < 200 and docs[0].doc_id == "records.jsonl.gz#0"
    assert isinstance(items[-1], IndexingError) and "corrupt or truncated gzip" in items[-1].reason


def test_jsonl_is_not_subject_to_the_single_file_limit(tmp_path):
    f = tmp_path / "records.jsonl"
    f.write_text("\n".join(jsonl_lines()), encoding="utf-8")
    items = list(iter_documents(f, tmp_path, max_bytes=10))
    assert sum(isinstance(i, RawDocument) for i in items) == 3
