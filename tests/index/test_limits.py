"""Bounded work per document: extracted characters and chunks, checked while extracting."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from index.load import iter_documents
from index.types import IndexingError, RawDocument
from tests.conftest import ROOT

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARA = f'<w:p><w:r><w:t>{"威海市汽车产业发展情况说明。" * 20}</w:t></w:r></w:p>'.encode()


def write_docx(path: Path, paragraphs: int) -> Path:
    """A minimal valid DOCX whose body repeats one paragraph `paragraphs` times (written as a stream)."""
    import docx

    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist() if i.filename != "word/document.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in parts.items():
            out.writestr(name, data)
        with out.open("word/document.xml", "w", force_zip64=True) as body:
            body.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
                       .encode())
            for _ in range(paragraphs):
                body.write(_PARA)
            body.write(b"</w:body></w:document>")
    return path


def test_docx_within_the_limit_is_read(tmp_path):
    f = write_docx(tmp_path / "small.docx", 10)
    [doc] = list(iter_documents(f, tmp_path))
    assert isinstance(doc, RawDocument) and len(doc.text) >= 2800


def test_docx_over_the_character_limit_is_refused_while_reading(tmp_path):
    f = write_docx(tmp_path / "long.docx", 10)
    [err] = list(iter_documents(f, tmp_path, max_chars=1000))
    assert isinstance(err, IndexingError)
    assert err.source == str(f)
    assert "1,000" in err.reason and "ASSISTANT_MAX_DOC_CHARS" in err.reason


def test_decompression_bomb_docx_is_refused_in_bounded_memory(tmp_path):
    # ~70,000 paragraphs of 280 characters: about 20 million characters from a file under 1 MB
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to read the peak memory of a process")
    f = write_docx(tmp_path / "bomb.docx", 70_000)
    assert f.stat().st_size < 1_000_000
    script = textwrap.dedent(f"""
        import json
        from pathlib import Path
        from index.load import iter_documents
        items = list(iter_documents(Path({str(f)!r}), Path({str(tmp_path)!r})))
        # VmHWM: this process's own peak (ru_maxrss would include the parent's size at fork)
        status = Path("/proc/self/status").read_text().splitlines()
        rss_mb = int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) / 1024
        print(json.dumps({{"reasons": [getattr(i, "reason", None) for i in items], "rss_mb": rss_mb}}))
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    [reason] = out["reasons"]
    assert reason and "ASSISTANT_MAX_DOC_CHARS" in reason
    assert out["rss_mb"] < 400, out  # python-docx would hold the whole 60 MB XML tree: several GB


def test_jsonl_record_over_the_limit_names_its_line(tmp_path):
    f = tmp_path / "records.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "text": "文" * n}, ensure_ascii=False)
                           for i, n in enumerate((50, 500, 50))), encoding="utf-8")
    items = list(iter_documents(f, tmp_path, max_chars=100))
    assert [type(i).__name__ for i in items] == ["RawDocument", "IndexingError", "RawDocument"]
    assert items[1].reason.startswith("line 2: text is 500 characters") and "ASSISTANT_MAX_DOC_CHARS" in items[1].reason


def test_malformed_jsonl_line_names_line_and_column(tmp_path):
    f = tmp_path / "records.jsonl"
    f.write_text('{"id": 1, "text": "甲"}\n{"id": 2, "text": "乙",}\n', encoding="utf-8")
    items = list(iter_documents(f, tmp_path))
    assert items[1].reason.startswith("line 2: invalid JSON at column ")


def test_limits_come_from_settings_and_name_file_figure_and_setting(make_assistant, corpus_copy):
    a = make_assistant(max_doc_chunks=2)
    report = a.index([corpus_copy])
    assert report.documents == 0 and len(report.failed) == 5
    assert all("beyond the limit of 2 per document" in e.reason and "ASSISTANT_MAX_DOC_CHUNKS" in e.reason
               for e in report.failed)
    b = make_assistant(store=corpus_copy.parent / "store2", max_doc_chars=500)
    report = b.index([corpus_copy])
    assert report.documents == 0
    assert all("limit of 500 per document" in e.reason for e in report.failed)
