"""Documents tab: the indexed documents as a searchable table, one document's outline and passages, uploads.

Uploads are copied into the uploads folder next to the store (never over an existing file) and the
folder is indexed as a whole, with progress, and a report naming every file that failed and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.dates import display_date
from assistant.ui import render
from assistant.ui.service import UPLOAD_SUFFIXES, UiService

__all__ = ["TABLE_HEADERS", "DocumentsTab", "build_documents_tab", "document_table", "show_document"]

TABLE_HEADERS = ["Title", "Type", "Agency", "Region", "Date", "Proposal no.", "Passages", "Document id"]
PICK_HINT = '<div class="empty">Select a document in the table (or the list above it) to read it here.</div>'

# Scroll the anchored passage (the one a source card pointed at) into view once it is shown.
VIEW_JS = """
const go = () => { const el = element.querySelector('.anchored'); if (el) el.scrollIntoView({block: 'center'}); };
watch('value', () => { setTimeout(go, 100); setTimeout(go, 600); });
setTimeout(go, 300);
"""


@dataclass
class DocumentsTab:
    table: gr.Dataframe
    picker: gr.Dropdown
    view: gr.HTML
    files: gr.File
    upload: gr.Button
    report: gr.HTML
    report_json: gr.JSON


def document_table(service: UiService) -> list[list[Any]]:
    return [
        [d.get("title") or "", d.get("doc_type") or "", d.get("agency") or "", d.get("region") or "",
         display_date(d["date"]) if d.get("date") else "", d.get("proposal_no") or "", d.get("n_chunks") or 0, d.get("doc_id")]
        for d in service.documents()
    ]


def picker_choices(service: UiService) -> list[tuple[str, str]]:
    return [(f"{d.get('title') or d['doc_id']} ({display_date(d.get('date'))})", d["doc_id"])
            for d in service.documents()]


def show_document(service: UiService, doc_id: str | None, anchor: str | None = None) -> str:
    """The document viewer's HTML for one document id (a friendly line when it is not indexed)."""
    if not doc_id:
        return PICK_HINT
    try:
        doc = service.document(doc_id)
    except KeyError:
        return f'<div class="empty">Document {render.esc(doc_id)} is not in the index.</div>'
    return render.document_view(doc, service.chunks(doc_id), anchor)


def build_documents_tab(service: UiService) -> DocumentsTab:
    with gr.Accordion("Upload documents", open=True), gr.Row(equal_height=False):
        files = gr.File(
            file_count="multiple", file_types=list(UPLOAD_SUFFIXES), type="filepath", height=150, scale=3,
            label="Files to index (txt, md, html, docx, pdf, jsonl)", elem_id="doc-upload",
        )
        with gr.Column(scale=2, min_width=260):
            upload = gr.Button("Index uploaded files", variant="primary", elem_id="doc-index")
            report = gr.HTML(elem_id="doc-report")
            report_json = gr.JSON(visible=False)
            gr.HTML(f'<div class="hint">Files are kept in <code>{render.esc(service.uploads_dir)}</code>; '
                    "a file named like an earlier upload gets a numbered suffix, never replaces it.</div>")
    table = gr.Dataframe(
        document_table(service), headers=TABLE_HEADERS, interactive=False, wrap=True,
        show_search="search", max_height=420, label="Indexed documents (select one to read it)",
        elem_id="doc-table", column_widths=["30%", "7%", "15%", "7%", "9%", "7%", "6%", "19%"],
    )
    picker = gr.Dropdown(picker_choices(service), value=None, label="Open a document", elem_id="doc-picker")
    view = gr.HTML(PICK_HINT, elem_id="doc-view", js_on_load=VIEW_JS, max_height=900)
    tab = DocumentsTab(table, picker, view, files, upload, report, report_json)

    def on_select(evt: gr.SelectData):
        row = evt.row_value or []
        doc_id = row[-1] if row else None
        return gr.Dropdown(value=doc_id), show_document(service, doc_id)

    table.select(on_select, None, [picker, view], api_visibility="private")
    picker.input(lambda d: show_document(service, d), picker, view, api_visibility="private")
    return tab


def index_files(service: UiService, files: list[str] | None, progress: gr.Progress) -> tuple[dict, str]:
    """Store the uploaded files and index the uploads folder; returns (report dict, report HTML)."""
    if not files:
        msg = "Choose one or more files first."
        return {"error": msg}, f'<div class="index-report has-errors">{msg}</div>'
    progress(0, desc="storing uploads")
    stored = service.store_uploads(files)
    total = max(1, sum(1 for p in service.uploads_dir.iterdir() if p.is_file()))
    seen = [0]

    def step(source: str) -> None:
        seen[0] += 1
        progress((min(seen[0], total), total), desc=f"indexing {source}", unit="files")

    report = service.index_uploads(stored, on_progress=step)
    data = report.to_dict()
    kept = [p.name for p in stored if p.exists()]
    data["stored"] = kept
    return data, render.index_report_view(data, kept)
