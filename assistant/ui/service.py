"""What the tabs and the API endpoints call: the Assistant behind a readers-writer lock, uploads, feedback.

The embedded store is shared by every request of the app. Reads (search, answers, documents) share
the lock; an index run (an upload, or `assistant index` through the running app) takes it for one
batch of documents at a time, so questions are answered while a large upload is indexed and never
see a half-written document. One index run at a time.
"""

from __future__ import annotations

import math
import queue
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.rwlock import ReadWriteLock
from assistant.types import Answer, DocumentRecord, Filters, Passage, PrecedentRow, RetrievalMode
from assistant.ui.feedback import AuditFeedbackStore, FeedbackStore, feedback_record

if TYPE_CHECKING:
    from assistant.api import DocumentApi
    from assistant.audit import Actor, AuditLog
    from assistant.llm import StreamEvent
    from index.pipeline import IndexReport

__all__ = ["UPLOAD_SUFFIXES", "UiService", "unique_destination", "uploads_folder"]

# What the loader reads (see index/load.py).
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".jsonl")


def uploads_folder(store: Path) -> Path:
    """Where the app keeps uploaded files: next to the store, so that a store and its uploads move together."""
    return Path(store).parent / "uploads"


def unique_destination(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem-2.ext`, `-3` … when taken: an upload never overwrites silently."""
    name = Path(name).name or "upload.txt"
    dest = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    i = 2
    while dest.exists():
        dest = folder / f"{stem}-{i}{suffix}"
        i += 1
    return dest


def filters_of(region: Any = None, agency: Any = None, doc_type: Any = None, year_from: Any = None,
               year_to: Any = None) -> Filters:
    """UI and API inputs to Filters; blanks and "any" mean no restriction, years may come as floats."""

    def year(v: Any) -> int | None:
        if v in (None, "") or (isinstance(v, float) and math.isnan(v)):
            return None
        return int(float(v))

    def text(v: Any) -> Any:
        return None if v in (None, "", "any", "(any)") else v

    return Filters.of(text(region), text(agency), text(doc_type), year_from=year(year_from), year_to=year(year_to))


class UiService:
    """The Assistant as the app uses it: locked calls, cached document list, precedents, feedback."""

    def __init__(self, assistant: DocumentApi, feedback_file: Path, uploads_dir: Path,
                 audit: AuditLog | None = None) -> None:
        self.assistant = assistant
        self.lock = ReadWriteLock()
        self._indexing = threading.Lock()  # one index run at a time
        # Feedback goes to the audit database when the app has one; the JSONL file is the older store.
        self.feedback: AuditFeedbackStore | FeedbackStore = (
            AuditFeedbackStore(audit) if audit is not None else FeedbackStore(feedback_file))
        self.uploads_dir = Path(uploads_dir)
        self._docs: list[DocumentRecord] | None = None

    # --- reading ----------------------------------------------------------------------------------
    @property
    def mode(self) -> RetrievalMode:
        return self.assistant.mode

    @property
    def mode_note(self) -> str:
        return self.assistant.mode.note

    @property
    def dense(self) -> bool:
        return bool(self.assistant.mode.dense)

    def documents(self) -> list[DocumentRecord]:
        with self.lock.read():
            if self._docs is None:
                self._docs = list(self.assistant.documents())
            return self._docs

    def document(self, doc_id: str) -> DocumentRecord:
        with self.lock.read():
            return self.assistant.document(doc_id)

    def chunks(self, doc_id: str) -> list[Passage]:
        with self.lock.read():
            return self.assistant.chunks(doc_id)

    def answer(self, question: str, filters: Filters | None = None, k: int = 5,
               history: Sequence[str] | None = None) -> Answer:
        with self.lock.read():
            return self.assistant.answer(question, filters, k=k, history=list(history or []))

    def answer_stream(self, question: str, filters: Filters | None = None, k: int = 5,
                      history: Sequence[str] | None = None) -> Iterator[StreamEvent]:
        """The Assistant's answer events; one worker thread holds the lock for the whole answer."""
        events: queue.Queue[StreamEvent | Exception | None] = queue.Queue()

        def work() -> None:
            try:
                with self.lock.read():
                    for event in self.assistant.answer_stream(question, filters, k=k, history=list(history or [])):
                        events.put(event)
            except Exception as e:  # noqa: BLE001 (handed to the caller, raised there)
                events.put(e)
            events.put(None)

        threading.Thread(target=work, daemon=True).start()
        while (event := events.get()) is not None:
            if isinstance(event, Exception):
                raise event
            yield event

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Passage]:
        with self.lock.read():
            return self.assistant.search(query, filters, k=k)

    def precedents(self, text: str, k: int = 5) -> list[PrecedentRow]:
        """One row per similar document: its record, best score and top-3 passages (as dicts)."""
        with self.lock.read():
            return self.assistant.precedents(text, k=k)

    def choices(self) -> dict[str, list[str]]:
        """Filter choices from the indexed documents: regions (cities and districts), agencies, years."""
        docs = self.documents()
        regions = sorted({r for d in docs for r in (d.get("city"), d.get("region")) if r})
        agencies = sorted({a for d in docs if (a := d.get("agency"))})
        years = sorted({y for d in docs if (y := (d.get("date") or "")[:4]).isdigit()})
        return {"regions": regions, "agencies": agencies, "years": years}

    # --- writing ----------------------------------------------------------------------------------
    def record_feedback(self, answer: Answer | dict[str, Any], vote: str, comment: str = "",
                        filters: dict[str, Any] | None = None, actor: Actor | None = None) -> dict[str, Any]:
        rec = feedback_record(answer, vote, comment, filters)
        self.feedback.append(rec, actor)
        return rec

    def store_uploads(self, files: Iterable[str | Path], replace: bool = False) -> list[Path]:
        """Copy uploaded files into the uploads folder; a same-named upload is replaced only when asked."""
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        stored: list[Path] = []
        for f in files:
            src = Path(f)
            name = Path(_original_name(src)).name or "upload.txt"
            dest = self.uploads_dir / name if replace else unique_destination(self.uploads_dir, name)
            shutil.copyfile(src, dest)
            stored.append(dest)
        return stored

    def index(self, paths: Sequence[Path] | None = None, *, rebuild: bool = False,
              on_progress: Callable[[str], None] | None = None) -> IndexReport:
        """One index run while reads go on: the write lock is held per batch, not for the run."""
        with self._indexing:
            try:
                return self.assistant.index(paths, rebuild=rebuild, on_progress=on_progress, guard=self.lock.write)
            finally:
                self._docs = None

    def complete_pending_uploads(self) -> IndexReport | None:
        """Index what the uploads folder holds that the index does not (a crash between copy and index)."""
        if not self.uploads_dir.is_dir() or not any(self.uploads_dir.iterdir()):
            return None
        return self.index([self.uploads_dir])

    def index_uploads(self, stored: Sequence[Path],
                      on_progress: Callable[[str], None] | None = None) -> IndexReport:
        """Index the uploads folder as a whole (indexing a folder drops its documents that are gone).

        Newly stored files that fail, or repeat a document already indexed, are removed again, so they
        do not fail (or warn) on every later upload; the report still names them.
        """
        report = self.index([self.uploads_dir], on_progress=on_progress)
        new = {p.name for p in stored}
        sources = [str(e.source) for e in report.failed] + [d.source for d in report.duplicates]
        for source in sources:
            name = Path(source.split("#")[0]).name
            if name in new:
                (self.uploads_dir / name).unlink(missing_ok=True)
        return report


    # --- managing uploaded documents ---------------------------------------------------------------
    def existing_uploads(self, files: Iterable[str | Path]) -> list[str]:
        """Names among `files` that an earlier upload already holds."""
        return [n for n in (Path(_original_name(Path(f))).name for f in files) if (self.uploads_dir / n).is_file()]

    def upload_of(self, doc_id: str) -> Path | None:
        """The uploaded file a document came from (None when it came from elsewhere, e.g. the corpus)."""
        doc = self.document(doc_id)
        source = str(doc.get("source") or "").split("#")[0]
        if not source:
            return None
        folder = self.uploads_dir.resolve()
        path = Path(source) if Path(source).is_absolute() else folder / source
        try:
            path = path.resolve()
        except OSError:
            return None
        return path if path.parent == folder else None

    def delete_document(self, doc_id: str,
                        on_progress: Callable[[str], None] | None = None) -> tuple[str, IndexReport]:
        """Remove an uploaded document: its file leaves the uploads folder, which is then re-indexed whole
        (indexing a folder drops the documents whose files are gone). Raises KeyError / LookupError."""
        path = self.upload_of(doc_id)
        if path is None:
            raise LookupError(doc_id)
        path.unlink(missing_ok=True)
        return path.name, self.index([self.uploads_dir], on_progress=on_progress)


def _original_name(path: Path) -> str:
    # Gradio keeps the uploaded file's own name as the last path component of its temp copy.
    return path.name
