"""Precedents tab (drafters): paste a draft, get the most similar earlier documents, export them as Markdown."""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.ui import render
from assistant.ui.service import UiService

__all__ = ["PrecedentsTab", "build_precedents_tab", "export_markdown"]

EXAMPLE_DRAFT = "关于推动我市电机产业高质量发展的提案：建议加强产学研合作，搭建研发平台，培育龙头企业，完善产业链配套。"


@dataclass
class PrecedentsTab:
    draft: gr.Textbox
    k: gr.Slider
    find: gr.Button
    results: gr.HTML
    rows: gr.State
    pick: gr.CheckboxGroup
    export: gr.Button
    download: gr.File


def export_markdown(draft: str, rows: list[dict[str, Any]], doc_ids: list[str] | None, folder: Path | None = None) -> Path:
    """Write the chosen rows (all when `doc_ids` is None) as a Markdown file; returns its path."""
    chosen = rows if doc_ids is None else [r for r in rows if r.get("doc_id") in set(doc_ids)]
    folder = Path(folder or Path(tempfile.gettempdir()) / "assistant-exports")
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"\W+", "-", (draft or "draft")[:24]).strip("-") or "draft"
    path = folder / f"precedents-{time.strftime('%Y%m%d-%H%M%S')}-{slug}.md"
    path.write_text(render.precedents_markdown(draft or "", chosen), encoding="utf-8")
    return path


def build_precedents_tab(service: UiService) -> PrecedentsTab:
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=320):
            draft = gr.Textbox(label="Proposal or draft", lines=10, max_lines=30, elem_id="prec-draft",
                               placeholder="Paste a proposal (提案/建议) or any draft text…")
            gr.Examples([[EXAMPLE_DRAFT]], inputs=[draft], label="Example")
            k = gr.Slider(1, 20, value=5, step=1, label="Documents")
            find = gr.Button("Find precedents", variant="primary", elem_id="prec-find")
            pick = gr.CheckboxGroup([], label="Export these documents", elem_id="prec-pick")
            export = gr.Button("Export as Markdown", elem_id="prec-export")
            download = gr.File(label="Markdown with citations", interactive=False, elem_id="prec-file")
        with gr.Column(scale=3, min_width=420):
            results = gr.HTML('<div class="empty">Similar earlier documents appear here, one per document.</div>',
                              elem_id="prec-results")
    rows = gr.State([])
    tab = PrecedentsTab(draft, k, find, results, rows, pick, export, download)

    def on_find(text: str, n: float):
        if not (text or "").strip():
            return '<div class="empty">Paste a draft first.</div>', [], gr.CheckboxGroup(choices=[], value=[])
        found = service.precedents(text, k=int(n))
        choices = [(f"{r.get('title') or r['doc_id']} ({r.get('date') or 'undated'})", r["doc_id"]) for r in found]
        return render.precedents_view(found), found, gr.CheckboxGroup(choices=choices, value=[c[1] for c in choices])

    find.click(on_find, [draft, k], [results, rows, pick], api_visibility="private")
    draft.submit(on_find, [draft, k], [results, rows, pick], api_visibility="private")

    def on_export(text: str, found: list[dict[str, Any]], chosen: list[str]):
        if not found:
            raise gr.Error("Find precedents first.")
        return str(export_markdown(text, found, chosen))

    export.click(on_export, [draft, rows, pick], download, api_visibility="private")
    return tab
