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

from assistant.ui import render
from assistant.ui.service import UiService, filters_of

__all__ = ["DOC_FIELDS", "register_api"]

DOC_FIELDS = ("doc_id", "title", "doc_type", "agency", "region", "city", "date", "proposal_no", "session",
              "proposer", "source", "n_chunks")


def _filters(region, agency, doc_type, year_from, year_to):
    try:
        return filters_of(region, agency, doc_type, year_from, year_to)
    except (TypeError, ValueError) as e:
        raise gr.Error(f"bad filter: {e}") from None


def register_api(service: UiService, evals_dir: Path) -> None:
    """Declare the endpoints inside the current gr.Blocks context."""

    def ask(
        question: str,
        region: str | None = None,
        agency: str | None = None,
        doc_type: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        k: int = 5,
        history: list | None = None,
    ) -> dict:
        """A cited answer (or an abstention) to a question in Chinese or English; filters are optional.

        `history`: earlier questions of the conversation, oldest first (strings, or {"question": …});
        a follow-up ("那张店区呢？") is rewritten into a standalone question, returned as rewritten_question.
        """
        if not (question or "").strip():
            raise gr.Error("question is empty")
        filters = _filters(region, agency, doc_type, year_from, year_to)
        previous = [h.get("question", "") if isinstance(h, dict) else str(h) for h in (history or [])]
        answer = service.answer(question.strip(), filters, k=int(k), history=previous)
        return {**answer.to_dict(), "language": answer.language, "filters": filters.to_dict()}

    def search(
        query: str,
        region: str | None = None,
        agency: str | None = None,
        doc_type: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        k: int = 10,
    ) -> list[dict]:
        """Ranked passages for a query, with their documents' metadata."""
        filters = _filters(region, agency, doc_type, year_from, year_to)
        return [p.to_dict() for p in service.search(query, filters, k=int(k))]

    def precedents(text: str, k: int = 5) -> list[dict]:
        """The documents most similar to a draft: one row per document with outline and top passages."""
        if not (text or "").strip():
            raise gr.Error("text is empty")
        return service.precedents(text, k=int(k))

    def precedents_markdown(text: str, k: int = 5) -> str:
        """The precedents of a draft as Markdown with citations (what the tab's export writes)."""
        return render.precedents_markdown(text, precedents(text, k))

    def documents() -> list[dict]:
        """Every indexed document's record, newest first."""
        return [{key: d.get(key) for key in DOC_FIELDS} for d in service.documents()]

    def document(doc_id: str) -> dict:
        """One document's record (with its outline) and its passages in reading order."""
        try:
            doc = service.document(doc_id)
        except KeyError:
            raise gr.Error(f"no document {doc_id!r} in the index") from None
        return {**{key: doc.get(key) for key in DOC_FIELDS}, "outline": doc.get("outline") or [],
                "passages": [p.to_dict() for p in service.chunks(doc_id)]}

    def feedback(answer: dict, vote: str, comment: str = "") -> dict:
        """Record a thumbs up ("up") or down ("down") on an answer returned by /ask."""
        try:
            return service.record_feedback(answer, vote, comment, answer.get("filters"))
        except ValueError as e:
            raise gr.Error(str(e)) from None

    def run_eval(path: str = "seeds.jsonl", k: int = 5) -> dict:
        """Run an eval set (a path, or a file name in evals/); metrics, per-question results, gate verdict."""
        from assistant.ui.evals import run_eval_file
        from evals.dataset import DatasetError
        from evals.report import ReportError, compare, load_report

        p = Path(path)
        if not p.is_file() and (Path(evals_dir) / path).is_file():
            p = Path(evals_dir) / path
        try:
            report = run_eval_file(service, p, k=int(k))
        except DatasetError as e:
            raise gr.Error(str(e)) from None
        out: dict[str, Any] = report.to_dict()
        baseline = Path(evals_dir) / "baseline.json"
        if baseline.is_file():
            try:
                cmp = compare(load_report(baseline), report)
                out["gate"] = {"passed": cmp.passed, "regressions": [r.format() for r in cmp.regressions],
                               "newly_failing": cmp.newly_failing}
            except ReportError as e:
                out["gate"] = {"error": str(e)}
        return out

    for fn in (ask, search, precedents, precedents_markdown, documents, document, feedback, run_eval):
        gr.api(fn, api_name=fn.__name__, api_description=fn.__doc__)
