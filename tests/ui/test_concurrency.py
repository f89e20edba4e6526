"""Reads do not wait for writes: questions are answered while an upload is being indexed."""

from __future__ import annotations

import json
import threading
import time

from assistant.rwlock import ReadWriteLock
from assistant.ui.service import UiService
from index.store import SearchFilter
from tests.conftest import CORPUS


def test_readers_share_the_lock_and_a_writer_excludes_them():
    lock = ReadWriteLock()
    order: list[str] = []
    with lock.read(), lock.read():  # two readers at once
        t = threading.Thread(target=lambda: lock.write().__enter__() or order.append("w"))
        t.start()
        time.sleep(0.1)
        assert order == []  # the writer waits for the readers
    t.join(timeout=5)
    assert order == ["w"]


def test_a_question_is_answered_while_an_upload_is_being_indexed(make_assistant, tmp_path):
    a = make_assistant()
    a.index([CORPUS])
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    records = [{"id": i, "title": f"关于第{i}号园区建设的答复",
                "text": f"关于第{i}号园区建设的答复\n一、基本情况\n第{i}号园区共有企业{i + 3}家，计划新建厂房{i}座。"}
               for i in range(300)]
    (uploads / "bulk.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                                        encoding="utf-8")
    service = UiService(a, tmp_path / "fb.jsonl", uploads)
    seen: dict[str, object] = {}
    done_answering = threading.Event()
    indexing = threading.Event()

    def ask() -> None:
        t0 = time.perf_counter()
        answer = service.answer("威海市5G基站有多少座？")
        seen["seconds"] = time.perf_counter() - t0
        seen["abstained"] = answer.abstained
        seen["still_indexing"] = indexing.is_set()
        docs = a.store.scroll(SearchFilter(kind="doc"))
        counts: dict[str, int] = {}
        for p in a.store.scroll(SearchFilter()):
            counts[p["doc_id"]] = counts.get(p["doc_id"], 0) + 1
        seen["complete_docs_consistent"] = all(
            counts.get(d["doc_id"], 0) == d["n_chunks"] for d in docs if d["status"] == "complete")
        seen["documents"] = len(service.documents())
        done_answering.set()

    calls = 0

    def progress(_source: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 250:  # some batches written (64 documents each), more in the making
            threading.Thread(target=ask, daemon=True).start()
            assert done_answering.wait(timeout=30), "the question waited for the index run"

    indexing.set()
    report = service.index_uploads([uploads / "bulk.jsonl"], on_progress=progress)
    indexing.clear()
    assert report.documents == 300 and not report.failed
    assert seen["still_indexing"] and not seen["abstained"]
    assert seen["complete_docs_consistent"]
    assert 5 < seen["documents"] < 305  # the index as it grows, batch by batch
    assert len(service.documents()) == 305
