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
from assistant.ui.context import UiContext
from assistant.ui.i18n import DEFAULT_LANG, lang_of, t
from assistant.ui.service import UPLOAD_SUFFIXES, UiService
from index.types import Duplicate

__all__ = ["TABLE_KEYS", "DocumentsTab", "build_documents_tab", "document_table", "show_document", "table_headers"]

TABLE_KEYS = ("field.title", "field.doc_type", "field.agency", "field.region", "field.date", "field.proposal_no",
              "field.n_chunks", "field.doc_id")


def table_headers(lang: str = DEFAULT_LANG) -> list[str]:
    return [t(k, lang) for k in TABLE_KEYS]


def _pick_hint(lang: str = DEFAULT_LANG) -> str:
    return f'<div class="empty">{render.esc(t("doc.pick_hint", lang))}</div>'

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
    replace: gr.Checkbox
    manage: gr.Group  # upload and delete controls: editors and admins only
    delete: gr.Button
    delete_confirm: gr.Checkbox
    delete_row: gr.Row


def document_table(service: UiService, lang: str = DEFAULT_LANG) -> list[list[Any]]:
    return [
        [d.get("title") or "", d.get("doc_type") or "", d.get("agency") or "", d.get("region") or "",
         display_date(d["date"], lang) if d.get("date") else "", d.get("proposal_no") or "", d.get("n_chunks") or 0, d.get("doc_id")]
        for d in service.documents()
    ]


def picker_choices(service: UiService, lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    return [(f"{d.get('title') or d['doc_id']} ({display_date(d.get('date'), lang)})", d["doc_id"])
            for d in service.documents()]


def show_document(service: UiService, doc_id: str | None, anchor: str | None = None, lang: str = DEFAULT_LANG) -> str:
    """The document viewer's HTML for one document id (a friendly line when it is not indexed)."""
    if not doc_id:
        return _pick_hint(lang)
    try:
        doc = service.document(doc_id)
    except KeyError:
        return f'<div class="empty">{render.esc(t("err.no_document", lang, doc_id=doc_id))}</div>'
    return render.document_view(doc, service.chunks(doc_id), anchor, lang)


def build_documents_tab(service: UiService, ctx: UiContext) -> DocumentsTab:
    L = ctx.labels
    with (gr.Group(visible=False, elem_id="doc-manage") as manage,
          L(gr.Accordion(t("doc.upload_title"), open=True), label="doc.upload_title"), gr.Row(equal_height=False)):
        files = L(gr.File(
            file_count="multiple", file_types=list(UPLOAD_SUFFIXES), type="filepath", height=150, scale=3,
            label=t("doc.files"), elem_id="doc-upload",
        ), label="doc.files")
        with gr.Column(scale=2, min_width=260):
            replace = L(gr.Checkbox(False, label=t("doc.replace"), elem_id="doc-replace"), label="doc.replace")
            upload = L(gr.Button(t("doc.index"), variant="primary", elem_id="doc-index"), value="doc.index")
            report = gr.HTML(elem_id="doc-report")
            report_json = gr.JSON(visible=False)
            L(gr.HTML(f'<div class="hint">{render.esc(t("doc.upload_hint"))}</div>'),
              value=lambda lang: f'<div class="hint">{render.esc(t("doc.upload_hint", lang))}</div>')
    table = gr.Dataframe(  # headers and label follow the language in app.py (with the rows' dates)
        document_table(service), headers=table_headers(), interactive=False, wrap=True,
        show_search="search", max_height=420, label=t("doc.table"),
        elem_id="doc-table", column_widths=["30%", "7%", "15%", "7%", "9%", "7%", "6%", "19%"],
    )
    picker = L(gr.Dropdown(picker_choices(service), value=None, label=t("doc.open"), elem_id="doc-picker"),
               label="doc.open")
    with gr.Row(visible=False, elem_id="doc-delete-row") as delete_row:
        delete_confirm = L(gr.Checkbox(False, label=t("doc.delete_confirm"), elem_id="doc-delete-confirm"),
                           label="doc.delete_confirm")
        delete = L(gr.Button(t("doc.delete"), variant="stop", size="sm", elem_id="doc-delete"), value="doc.delete")
    view = gr.HTML(_pick_hint(), elem_id="doc-view", js_on_load=VIEW_JS, max_height=900)
    tab = DocumentsTab(table, picker, view, files, upload, report, report_json, replace, manage, delete,
                       delete_confirm, delete_row)

    def on_select(lang, evt: gr.SelectData):
        row = evt.row_value or []
        doc_id = row[-1] if row else None
        return gr.Dropdown(value=doc_id), show_document(service, doc_id, lang=lang_of(lang))

    table.select(on_select, ctx.lang, [picker, view], api_visibility="private")
    picker.input(lambda d, lang: show_document(service, d, lang=lang_of(lang)), [picker, ctx.lang], view,
                 api_visibility="private")
    return tab


def index_files(service: UiService, files: list[str] | None, progress: gr.Progress, replace: bool = False,
                lang: str = DEFAULT_LANG) -> tuple[dict, str]:
    """Store the uploaded files and index the uploads folder; returns (report dict, report HTML)."""
    if not files:
        msg = t("err.choose_files", lang)
        return ({"error": msg, "error_key": "err.choose_files"},
                f'<div class="index-report has-errors">{render.esc(msg)}</div>')
    taken = service.existing_uploads(files)
    if taken and not replace:
        params = {"names": ", ".join(taken)}
        msg = t("err.upload_exists", lang, **params)
        return ({"error": msg, "error_key": "err.upload_exists", "error_params": params},
                f'<div class="index-report has-errors">{render.esc(msg)}</div>')
    progress(0, desc="storing uploads")
    stored = service.store_uploads(files, replace=replace)
    total = max(1, sum(1 for p in service.uploads_dir.iterdir() if p.is_file()))
    seen = [0]

    def step(source: str) -> None:
        seen[0] += 1
        progress((min(seen[0], total), total), desc=f"indexing {source}", unit="files")

    report = service.index_uploads(stored, on_progress=step)
    data = report.to_dict()
    # Reports name files, never the server's folders.
    for f in data.get("failed") or []:
        f["source"] = render.file_name(f.get("source"))
    data["duplicates"] = [str(Duplicate(render.file_name(d.source) or d.source, d.same_as)) for d in report.duplicates]
    kept = [p.name for p in stored if p.exists()]
    data["stored"] = kept
    data["replaced"] = [n for n in taken if n in kept]
    return data, render.index_report_view(data, kept, lang)
