"""Incremental indexing, removal, duplicates, bad input and a real kill -9 in the middle of a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index.store import SearchFilter


def chunk_counts(assistant):
    counts: dict[str, int] = {}
    for p in assistant.store.scroll(SearchFilter()):
        counts[p["doc_id"]] = counts.get(p["doc_id"], 0) + 1
    return counts


def assert_consistent(assistant):
    """Every document complete, with exactly its own chunks, one version each."""
    docs = assistant.store.scroll(SearchFilter(kind="doc"))
    assert all(d["status"] == "complete" for d in docs)
    counts = chunk_counts(assistant)
    assert counts == {d["doc_id"]: d["n_chunks"] for d in docs}
    ids = [p["chunk_id"] for p in assistant.store.scroll(SearchFilter())]
    assert len(ids) == len(set(ids))


def test_rerun_skips_unchanged_documents(make_assistant, corpus_copy):
    a = make_assistant()
    first = a.index([corpus_copy])
    assert (first.documents, first.skipped, first.failed) == (5, 0, [])
    second = a.index([corpus_copy])
    assert (second.documents, second.chunks, second.skipped) == (0, 0, 5)
    assert_consistent(a)


def test_changed_document_is_reindexed_without_leftovers(make_assistant, corpus_copy):
    a = make_assistant()
    a.index([corpus_copy])
    target = corpus_copy / "weihai-motor-industry-reply-2024-05-31.txt"
    doc_id = target.name
    before = chunk_counts(a)[doc_id]
    target.write_text(target.read_text(encoding="utf-8")[:1500], encoding="utf-8")
    report = a.index([corpus_copy])
    assert (report.documents, report.skipped) == (1, 4)
    after = chunk_counts(a)[doc_id]
    assert after < before
    assert_consistent(a)


def test_document_that_left_the_corpus_is_removed(make_assistant, corpus_copy):
    a = make_assistant()
    a.index([corpus_copy])
    (corpus_copy / "weihai-new-industrialisation-press-conference.txt").unlink()
    report = a.index([corpus_copy])
    assert report.removed == 1
    assert len(a.documents()) == 4
    assert "weihai-new-industrialisation-press-conference.txt" not in chunk_counts(a)


def test_indexing_another_folder_does_not_remove_the_corpus(make_assistant, corpus_copy, tmp_path):
    a = make_assistant()
    a.index([corpus_copy])
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "note.txt").write_text("威海市关于工业设计的通知。推动工业设计发展。", encoding="utf-8")
    report = a.index([extra])
    assert report.removed == 0
    assert len(a.documents()) == 6


def test_rebuild_starts_over(make_assistant, corpus_copy):
    a = make_assistant()
    a.index([corpus_copy])
    report = a.index([corpus_copy], rebuild=True)
    assert (report.documents, report.skipped) == (5, 0)
    assert_consistent(a)


def test_bad_files_are_named_and_the_rest_is_indexed(make_assistant, corpus_copy):
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus_copy / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (corpus_copy / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (corpus_copy / "latin1.txt").write_bytes("caf\xe9 ".encode("latin-1") + b"\xff\xfe\x81" * 50)
    a = make_assistant()
    report = a.index([corpus_copy])
    assert report.documents == 5
    failed = {Path(e.source).name: e.reason for e in report.failed}
    assert set(failed) == {"empty.txt", "binary.txt", "broken.pdf", "broken.docx", "latin1.txt"}
    assert all(reason for reason in failed.values())
    assert_consistent(a)


def test_a_file_that_breaks_later_keeps_its_indexed_version(make_assistant, corpus_copy):
    a = make_assistant()
    a.index([corpus_copy])
    (corpus_copy / "zhangdian-industrial-clusters-reply-2024-06-24.txt").write_bytes(b"")
    report = a.index([corpus_copy])
    assert [Path(e.source).name for e in report.failed] == ["zhangdian-industrial-clusters-reply-2024-06-24.txt"]
    assert report.removed == 0
    assert len(a.documents()) == 5


def test_duplicate_documents_are_indexed_once(make_assistant, corpus_copy):
    src = corpus_copy / "weihai-motor-industry-reply-2024-05-31.txt"
    (corpus_copy / "copy-of-motor.txt").write_bytes(src.read_bytes())
    a = make_assistant()
    report = a.index([corpus_copy])
    assert report.documents == 5
    assert len(report.duplicates) == 1 and "same text as" in str(report.duplicates[0])
    assert report.to_dict()["duplicate_of"] == [{"source": report.duplicates[0].source, "same_as": report.duplicates[0].same_as}]


def test_a_renamed_file_is_indexed_under_its_new_name_in_one_run(make_assistant, corpus_copy):
    a = make_assistant()
    a.index([corpus_copy])
    old = corpus_copy / "weihai-motor-industry-reply-2024-05-31.txt"
    old.rename(corpus_copy / "renamed-motor-reply.txt")
    report = a.index([corpus_copy])
    ids = {d["doc_id"] for d in a.documents()}
    assert len(ids) == 5 and report.duplicates == []
    assert any("renamed-motor-reply" in d for d in ids)
    assert not any("weihai-motor-industry-reply" in d for d in ids)
    assert report.documents == 1 and len(report.removed_docs) == 1
    assert_consistent(a)


def test_jsonl_records_that_change_id_but_not_text_replace_their_old_ids(make_assistant, tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    texts = ["关于加强养老服务的答复。一、下步工作措施。推进社区养老服务中心建设，2025年底前覆盖全部街道。",
             "关于新能源汽车充电设施建设的答复。一、工作开展情况。全市建成公共充电桩1200个。"]

    def write(prefix):
        lines = [json.dumps({"id": f"{prefix}-{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
        (folder / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")

    a = make_assistant()
    write("old")
    a.index([folder])
    write("new")
    report = a.index([folder])
    ids = sorted(d["doc_id"] for d in a.documents())
    assert len(ids) == 2 and all("new-" in d for d in ids), ids
    assert report.documents == 2 and len(report.removed_docs) == 2 and report.duplicates == []
    assert_consistent(a)


@pytest.mark.slow
def test_kill_9_mid_index_is_completed_by_the_next_run(make_assistant, tmp_path):
    corpus = tmp_path / "bulk"
    corpus.mkdir()
    with open(corpus / "docs.jsonl", "w", encoding="utf-8") as f:
        for i in range(400):
            body = f"第{i}号文件。" + "".join(f"威海市推进第{i}项工作，落实第{j}条措施。" for j in range(30))
            f.write(json.dumps({"id": f"n{i}", "title": f"通知{i}", "text": body}, ensure_ascii=False) + "\n")
    store = tmp_path / "store"
    # A real SIGKILL, sent by the indexing process to itself after its 5th chunk write.
    child = textwrap.dedent(f"""
        import os, signal, sys
        from assistant.config import Settings, offline_environment
        offline_environment()
        from assistant.api import build_assistant
        a = build_assistant(Settings(store={str(store)!r}))
        real = a.store.upsert
        calls = [0]
        def upsert(points):
            real(points)
            if any(p.payload.get("kind") == "chunk" for p in points):
                calls[0] += 1
                if calls[0] == 5:
                    os.kill(os.getpid(), signal.SIGKILL)
        a.store.upsert = upsert
        a.index([{str(corpus)!r}])
        sys.exit(3)
    """)
    proc = subprocess.run([sys.executable, "-c", child], check=False, cwd=os.getcwd(), capture_output=True, timeout=300)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]

    a = make_assistant(store=store)
    partial = a.store.scroll(SearchFilter(kind="doc"))
    assert 0 < len(partial) < 400  # the run really died halfway
    report = a.index([corpus])
    assert report.documents + report.skipped == 400
    assert_consistent(a)
    assert len(a.documents()) == 400

    clean = make_assistant(store=tmp_path / "clean")
    clean.index([corpus])
    assert chunk_counts(clean) == chunk_counts(a)


def test_a_document_the_parser_fails_on_keeps_its_indexed_version(make_assistant, corpus_copy, monkeypatch):
    from index import pipeline

    a = make_assistant()
    a.index([corpus_copy])
    target = corpus_copy / "weihai-motor-industry-reply-2024-05-31.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n补充说明。", encoding="utf-8")
    real = pipeline.parse_document

    def parse(raw):
        if raw.doc_id == target.name:
            raise ValueError("parser bug")
        return real(raw)

    monkeypatch.setattr(pipeline, "parse_document", parse)
    report = a.index([corpus_copy])
    assert [Path(e.source).name for e in report.failed] == [target.name]
    assert "parser bug" in report.failed[0].reason
    assert report.removed == 0 and report.skipped == 4
    assert target.name in chunk_counts(a)
