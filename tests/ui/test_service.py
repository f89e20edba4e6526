"""The UI service: filters from loose inputs, uploads that never clobber, precedents grouped per document."""

from __future__ import annotations

from pathlib import Path

from assistant.types import Filters
from assistant.ui.service import UiService, filters_of, unique_destination
from tests.fakes import DOCS


def test_blank_and_any_inputs_mean_no_filter():
    assert filters_of("(any)", "", None, None, float("nan")) == Filters()
    assert filters_of("淄博市", None, "提案答复", 2023.0, "2024") == Filters("淄博市", None, "提案答复", 2023, 2024)


def test_unique_destination_adds_a_suffix(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a-2.txt").write_text("x")
    assert unique_destination(tmp_path, "a.txt") == tmp_path / "a-3.txt"
    assert unique_destination(tmp_path, "b.txt") == tmp_path / "b.txt"


def test_uploads_are_copied_without_overwriting_and_indexed_as_a_folder(tmp_path, fake_assistant):
    svc = UiService(fake_assistant, tmp_path / "fb.jsonl", tmp_path / "uploads")
    src = tmp_path / "in"
    src.mkdir()
    (src / "note.txt").write_text("第一版标题\n蓝鲸湾园区第一版。", encoding="utf-8")
    first = svc.store_uploads([src / "note.txt"])
    (src / "note.txt").write_text("第二版标题\n蓝鲸湾园区第二版。", encoding="utf-8")
    second = svc.store_uploads([src / "note.txt"])
    assert [p.name for p in first + second] == ["note.txt", "note-2.txt"]
    assert (tmp_path / "uploads" / "note.txt").read_text(encoding="utf-8").startswith("第一版")
    report = svc.index_uploads(first + second)
    assert report.documents == 2
    assert {"note.txt", "note-2.txt"} <= {d["doc_id"] for d in svc.documents()}


def test_a_failed_upload_is_reported_and_not_kept(tmp_path, fake_assistant):
    svc = UiService(fake_assistant, tmp_path / "fb.jsonl", tmp_path / "uploads")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 not a document \x00" * 20)
    stored = svc.store_uploads([bad])
    report = svc.index_uploads(stored)
    assert [(Path(e.source).name, e.reason) for e in report.failed] == [("bad.txt", "binary file, not text")]
    assert not (tmp_path / "uploads" / "bad.txt").exists()


def test_an_upload_that_repeats_an_indexed_document_is_reported_and_not_kept(tmp_path, fake_assistant):
    svc = UiService(fake_assistant, tmp_path / "fb.jsonl", tmp_path / "uploads")
    copy = tmp_path / "in" / "motor-copy.txt"
    copy.parent.mkdir()
    copy.write_text(DOCS["weihai-motor.txt"], encoding="utf-8")
    report = svc.index_uploads(svc.store_uploads([copy]))
    assert len(report.duplicates) == 1 and report.duplicates[0].source.endswith("motor-copy.txt")
    assert not (tmp_path / "uploads" / "motor-copy.txt").exists()


def test_precedents_are_one_row_per_document(tmp_path, fake_assistant):
    svc = UiService(fake_assistant, tmp_path / "fb.jsonl", tmp_path / "uploads")
    rows = svc.precedents("电机产业 规上企业 稀土永磁 研发平台 周村区 智能装备 产业链", k=5)
    ids = [r["doc_id"] for r in rows]
    assert len(ids) == len(set(ids)) == 2
    motor = rows[ids.index("weihai-motor.txt")]
    assert motor["outline"] and motor["agency"] == "威海市工业和信息化局" and 1 <= len(motor["passages"]) <= 3


def test_filter_choices_include_cities_and_districts(tmp_path, fake_assistant):
    svc = UiService(fake_assistant, tmp_path / "fb.jsonl", tmp_path / "uploads")
    c = svc.choices()
    assert {"威海市", "淄博市", "周村区"} <= set(c["regions"]) and c["years"] == ["2023", "2024"]


def test_a_new_version_replaces_the_upload_of_the_same_name(tmp_path, fake_assistant):
    svc = UiService(fake_assistant, tmp_path / "fb.jsonl", tmp_path / "uploads")
    src = tmp_path / "in"
    src.mkdir()
    (src / "note.txt").write_text("第一版标题\n蓝鲸湾园区第一版。", encoding="utf-8")
    svc.index_uploads(svc.store_uploads([src / "note.txt"]))
    (src / "note.txt").write_text("第二版标题\n蓝鲸湾园区第二版。", encoding="utf-8")
    assert svc.existing_uploads([src / "note.txt"]) == ["note.txt"]
    svc.index_uploads(svc.store_uploads([src / "note.txt"], replace=True))
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["note.txt"]
    assert [d["title"] for d in svc.documents() if d["doc_id"].startswith("note")] == ["第二版标题"]


def test_deleting_an_upload_removes_it_from_the_index_and_the_folder(tmp_path, fake_assistant):
    import pytest

    svc = UiService(fake_assistant, tmp_path / "fb.jsonl", tmp_path / "uploads")
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(f"{name} 标题\n内容 {name}。", encoding="utf-8")
    svc.index_uploads(svc.store_uploads([src / "a.txt", src / "b.txt"]))
    name, report = svc.delete_document("a.txt")
    assert name == "a.txt" and report.removed == 1
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["b.txt"]
    assert {d["doc_id"] for d in svc.documents()} >= {"b.txt"} and "a.txt" not in {d["doc_id"] for d in svc.documents()}
    with pytest.raises(LookupError):  # a corpus document is not an upload: never deleted from here
        svc.delete_document("weihai-motor.txt")
    with pytest.raises(KeyError):
        svc.delete_document("no-such-doc")
