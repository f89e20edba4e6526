"""Removal is deliberate: only a completely scanned folder whose file is gone loses a document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_FILES

MOTOR = SEED_FILES["000"]
PRESS = SEED_FILES["003"]


def doc_ids(assistant) -> set[str]:
    return {d["doc_id"] for d in assistant.documents()}


def test_indexing_one_file_keeps_its_siblings(make_assistant, corpus_copy):
    a = make_assistant()
    a.index([corpus_copy])
    target = corpus_copy / MOTOR
    target.write_text(target.read_text(encoding="utf-8") + "\n补充说明：新增一条。", encoding="utf-8")
    report = a.index([target])
    assert (report.documents, report.removed, report.removed_docs) == (1, 0, [])
    assert len(doc_ids(a)) == 5  # same doc id as when its folder was indexed: no duplicate, no loss


def test_a_missing_path_is_an_error_and_removes_nothing(make_assistant, corpus_copy):
    a = make_assistant()
    a.index([corpus_copy])
    gone = corpus_copy / MOTOR
    gone.unlink()
    report = a.index([gone])
    assert [(e.source, e.reason) for e in report.failed] == [(str(gone), "does not exist")]
    assert report.removed == 0
    assert len(doc_ids(a)) == 5
    missing_folder = corpus_copy.parent / "unmounted-share"
    report = a.index([missing_folder])
    assert report.failed and report.removed == 0 and len(doc_ids(a)) == 5


def test_an_emptied_folder_is_pruned_and_removals_are_named(make_assistant, corpus_copy):
    a = make_assistant()
    a.index([corpus_copy])
    for f in corpus_copy.iterdir():
        f.unlink()
    report = a.index([corpus_copy])
    assert report.removed == 5
    assert sorted(report.removed_docs) == sorted(SEED_FILES.values())
    assert report.to_dict()["removed_docs"] == report.removed_docs
    assert doc_ids(a) == set()


def test_a_folder_read_with_an_error_removes_nothing(make_assistant, corpus_copy, monkeypatch):
    a = make_assistant()
    a.index([corpus_copy])
    (corpus_copy / PRESS).unlink()
    real_walk = os.walk

    def failing_walk(top, onerror=None, **kw):
        yield from real_walk(top, onerror=onerror, **kw)
        err = PermissionError(13, "Permission denied")
        err.filename = str(Path(top) / "locked")
        onerror(err)

    monkeypatch.setattr("index.load.os.walk", failing_walk)
    report = a.index([corpus_copy])
    assert report.removed == 0 and PRESS in doc_ids(a)
    assert any("locked" in e.source and "cannot read" in e.reason for e in report.failed)


def _uploads_with_a_note(tmp_path):
    """A second indexed folder (the app's uploads) holding one short document, note.txt."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "note.txt").write_text("威海市关于工业设计的通知。推动工业设计发展，培育设计中心。", encoding="utf-8")
    return uploads


def test_rebuild_rereads_every_recorded_root_including_uploads(make_assistant, corpus_copy, tmp_path):
    a = make_assistant()
    a.index([corpus_copy])
    uploads = _uploads_with_a_note(tmp_path)
    a.index([uploads])
    before = doc_ids(a)
    assert "note.txt" in before and len(before) == 6
    report = a.index(None, rebuild=True)
    assert sorted(report.rebuilt_from) == sorted([str(corpus_copy.resolve()), str(uploads.resolve())])
    assert (report.documents, report.skipped, report.removed) == (6, 0, 0)
    assert doc_ids(a) == before


def test_rebuild_from_given_paths_keeps_the_other_roots(make_assistant, corpus_copy, tmp_path):
    a = make_assistant()
    a.index([corpus_copy])
    uploads = _uploads_with_a_note(tmp_path)
    a.index([uploads])
    report = a.index([corpus_copy], rebuild=True)
    assert report.removed_docs == [] and "note.txt" in doc_ids(a)  # its file is still there: it stays
    assert report.rebuilt_from == [str(corpus_copy.resolve())]
    assert sorted(a.index(None, rebuild=True).rebuilt_from) == sorted(
        [str(corpus_copy.resolve()), str(uploads.resolve())])  # both roots are still recorded


def test_a_symlinked_folder_is_skipped_and_named(make_assistant, corpus_copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_text("威海市关于工业设计的通知。推动工业设计发展。", encoding="utf-8")
    (corpus_copy / "linked").symlink_to(elsewhere, target_is_directory=True)
    report = make_assistant().index([corpus_copy])
    assert report.skipped_links == [str(corpus_copy / "linked")]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], check=False, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.slow
def test_cli_names_the_missing_path_exits_1_and_lists_removals(corpus_copy, tmp_path):
    store = str(tmp_path / "store")
    assert run_cli("index", str(corpus_copy), "--store", store).returncode == 0
    missing = corpus_copy / "no-such-file.txt"
    proc = run_cli("index", str(missing), "--store", store)
    assert proc.returncode == 1
    assert f"{missing}: does not exist" in proc.stderr
    assert "0 removed" in proc.stdout
    (corpus_copy / PRESS).unlink()
    proc = run_cli("index", str(corpus_copy), "--store", store, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["removed"], out["removed_docs"]) == (1, [PRESS])
    proc = run_cli("index", str(corpus_copy), "--store", store)
    docs = json.loads(run_cli("docs", "--json", "--store", store).stdout)
    assert len(docs) == 4
