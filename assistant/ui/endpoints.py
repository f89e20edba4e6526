"""Named API endpoints for gradio_client: JSON in, JSON out, the same calls the tabs make.

    from gradio_client import Client
    c = Client("http://127.0.0.1:7860/")
    c.predict("威海市5G基站有多少座？", api_name="/ask")
    c.predict("What motor-industry measures did Weihai promise?", "威海市", api_name="/ask")
    c.predict("电机 产业", api_name="/search")
    c.predict("关于推动电机产业发展的提案……", 5, api_name="/precedents")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.audit import answer_detail
from assistant.types import DOC_FIELDS, DocumentRecord, DocumentSummary, PrecedentRow, document_summary
from assistant.ui import render
from assistant.ui.access import Access
from assistant.ui.i18n import DEFAULT_LANG, t
from assistant.ui.inputs import InputError, check_filters, check_k, clean_text
from assistant.ui.service import UiService
from assistant.users import AccessDenied

__all__ = ["DOC_FIELDS", "register_api"]


def _filters(region, agency, doc_type, year_from, year_to):
    try:
        return check_filters(region, agency, doc_type, year_from, year_to)
    except InputError as e:
        raise gr.Error(e.message(DEFAULT_LANG)) from None


def _record(doc: DocumentRecord) -> DocumentSummary:
    """A document record for the API; its source as a file name (the server's folders stay private)."""
    out = document_summary(doc)
    if out["source"]:
        out["source"] = render.file_name(out["source"])
    return out


def _k(k, hi: int = 50) -> int:
    try:
        return check_k(k, 1, hi)
    except InputError as e:
        raise gr.Error(e.message(DEFAULT_LANG)) from None


def _text(text, max_chars: int, what: str = "question") -> str:
    try:
        return clean_text(text, max_chars, what=what)
    except InputError as e:
        raise gr.Error(e.message(DEFAULT_LANG)) from None


def register_api(service: UiService, evals_dir: Path, access: Access, max_question_chars: int = 2000) -> None:
    """Declare the endpoints inside the current gr.Blocks context; each checks the caller's role first."""

    def guard(request: gr.Request | None, action: str):
        try:
            return access.require(request, action)
        except AccessDenied:
            raise gr.Error(t("err.denied", DEFAULT_LANG)) from None

    def ask(
        question: str,
        region: str | None = None,
        agency: str | None = None,
        doc_type: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        k: int = 5,
        history: list | None = None,
        request: gr.Request | None = None,
    ) -> dict:
        """A cited answer (or an abstention) to a question in Chinese or English; filters are optional.

        `history`: earlier questions of the conversation, oldest first (strings, or {"question": …});
        a follow-up ("那张店区呢？") is rewritten into a standalone question, returned as rewritten_question.
        """
        actor = guard(request, "ask")
        question = _text(question, max_question_chars)
        filters = _filters(region, agency, doc_type, year_from, year_to)
        previous = [h.get("question", "") if isinstance(h, dict) else str(h) for h in (history or [])]
        previous = [_text(q, max_question_chars) for q in previous if str(q).strip()]
        answer = service.answer(question, filters, k=_k(k), history=previous)
        access.audit.record(actor, "ask", channel="api", **answer_detail(answer, filters.to_dict(), _k(k)))
        out = {**answer.to_dict(), "language": answer.language, "filters": filters.to_dict()}
        for c in out["citations"]:  # a file name, never the server's folders
            if c.get("source"):
                c["source"] = render.file_name(c["source"])
        return out

    def search(
        query: str,
        region: str | None = None,
        agency: str | None = None,
        doc_type: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        k: int = 10,
        request: gr.Request | None = None,
    ) -> list[dict]:
        """Ranked passages for a query, with their documents' metadata."""
        actor = guard(request, "search")
        query = _text(query, max_question_chars)
        filters = _filters(region, agency, doc_type, year_from, year_to)
        found = [p.to_dict() for p in service.search(query, filters, k=_k(k))]
        access.audit.record(actor, "search", channel="api", query=query, filters=filters.to_dict(),
                            results=[p["chunk_id"] for p in found])
        return found

    def precedents(text: str, k: int = 5, request: gr.Request | None = None) -> list[PrecedentRow]:
        """The documents most similar to a draft: one row per document with outline and top passages."""
        actor = guard(request, "precedents")
        text = _text(text, 20_000, what="text")
        rows = service.precedents(text, k=_k(k))
        access.audit.record(actor, "precedents", channel="api", text=text[:200], results=[r["doc_id"] for r in rows])
        return rows

    def precedents_markdown(text: str, k: int = 5, request: gr.Request | None = None) -> str:
        """The precedents of a draft as Markdown with citations (what the tab's export writes)."""
        return render.precedents_markdown(_text(text, 20_000, what="text"), precedents(text, k, request))

    def documents(request: gr.Request | None = None) -> list[DocumentSummary]:
        """Every indexed document's record, newest first."""
        guard(request, "documents")
        return [_record(d) for d in service.documents()]

    def document(doc_id: str, request: gr.Request | None = None) -> dict:
        """One document's record (with its outline) and its passages in reading order."""
        guard(request, "documents")
        try:
            doc = service.document(doc_id)
        except KeyError:
            raise gr.Error(f"no document {doc_id!r} in the index") from None
        return {**_record(doc), "outline": doc.get("outline") or [],
                "passages": [p.to_dict() for p in service.chunks(doc_id)]}

    def feedback(answer: dict, vote: str, comment: str = "", request: gr.Request | None = None) -> dict:
        """Record a thumbs up ("up") or down ("down") on an answer returned by /ask."""
        actor = guard(request, "feedback")
        if not isinstance(answer, dict):
            raise gr.Error(t("err.feedback_answer", DEFAULT_LANG))
        try:
            return service.record_feedback(answer, vote, str(comment or "")[:500], answer.get("filters"), actor=actor)
        except ValueError as e:
            raise gr.Error(str(e)) from None

    def run_eval(name: str = "seeds.jsonl", k: int = 5, request: gr.Request | None = None) -> dict:
        """Run an eval set, named as listed under evals/; metrics, per-question results, gate verdict."""
        from assistant.ui.evals import resolve_eval_set, run_eval_file
        from evals.dataset import DatasetError
        from evals.report import ReportError, compare, load_report

        actor = guard(request, "eval")
        try:
            p = resolve_eval_set(evals_dir, name)
        except InputError as e:
            access.audit.record(actor, "eval_refused", name=str(name)[:200])
            raise gr.Error(e.message(DEFAULT_LANG)) from None
        try:
            report = run_eval_file(service, p, k=_k(k))
        except DatasetError as e:
            raise gr.Error(str(e).replace(str(p), p.name)) from None
        out: dict[str, Any] = report.to_dict()
        baseline = Path(evals_dir) / "baseline.json"
        if baseline.is_file():
            try:
                out["gate"] = compare(load_report(baseline), report).to_dict()
            except ReportError as e:
                out["gate"] = {"error": str(e).replace(str(baseline), baseline.name)}
        access.audit.record(actor, "eval", channel="api", name=p.name, k=report.k, metrics=report.metrics,
                            gate=out.get("gate"))
        return out

    def delete_document(doc_id: str, request: gr.Request | None = None) -> dict:
        """Delete an uploaded document (editors): its file leaves the uploads folder, the folder is re-indexed."""
        actor = guard(request, "delete")
        try:
            name, report = service.delete_document(str(doc_id or ""))
        except KeyError:
            raise gr.Error(t("err.no_document", DEFAULT_LANG, doc_id=str(doc_id)[:200])) from None
        except LookupError:
            raise gr.Error(t("err.not_upload", DEFAULT_LANG)) from None
        access.audit.record(actor, "delete", channel="api", doc_id=doc_id, file=name, removed=report.removed)
        return {"doc_id": doc_id, "file": name, "removed": report.removed}

    for fn in (ask, search, precedents, precedents_markdown, documents, document, feedback, run_eval,
               delete_document):
        gr.api(fn, api_name=fn.__name__, api_description=fn.__doc__)
