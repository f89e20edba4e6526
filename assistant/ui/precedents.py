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
from assistant.ui.context import UiContext
from assistant.ui.i18n import lang_of, t
from assistant.ui.inputs import InputError, check_k, clean_text
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


def _empty(key: str, lang: str) -> str:
    return f'<div class="empty">{render.esc(t(key, lang))}</div>'


def build_precedents_tab(service: UiService, ctx: UiContext) -> PrecedentsTab:
    from assistant.dates import display_date

    L = ctx.labels
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            draft = L(gr.Textbox(label=t("prec.draft"), lines=10, max_lines=30, elem_id="prec-draft",
                                 placeholder=t("prec.placeholder")), label="prec.draft", placeholder="prec.placeholder")
            gr.Examples([[EXAMPLE_DRAFT]], inputs=[draft], label="示例 · Example")
            k = L(gr.Slider(1, 20, value=5, step=1, label=t("prec.k")), label="prec.k")
            find = L(gr.Button(t("prec.find"), variant="primary", elem_id="prec-find"), value="prec.find")
            pick = L(gr.CheckboxGroup([], label=t("prec.pick"), elem_id="prec-pick"), label="prec.pick")
            export = L(gr.Button(t("prec.export"), elem_id="prec-export"), value="prec.export")
            download = L(gr.File(label=t("prec.file"), interactive=False, elem_id="prec-file"), label="prec.file")
        with gr.Column(scale=3, min_width=300):
            results = gr.HTML(_empty("prec.hint", "zh"), elem_id="prec-results")
    rows = gr.State([])
    tab = PrecedentsTab(draft, k, find, results, rows, pick, export, download)

    def on_find(text: str, n: float, lang, request: gr.Request):
        lang = lang_of(lang)
        try:
            actor = ctx.access.require(request, "precedents")
        except PermissionError:
            raise gr.Error(t("err.denied", lang)) from None
        try:
            text = clean_text(text, 20_000, what="text")
            kk = check_k(n, 1, 20)
        except InputError as e:
            return _empty(e.key, lang) if e.key == "err.empty_text" else _empty_error(e, lang), [], \
                gr.CheckboxGroup(choices=[], value=[])
        found = service.precedents(text, k=kk)
        ctx.access.audit.record(actor, "precedents", channel="ui", text=text[:200], results=[r["doc_id"] for r in found])
        choices = [(f"{r.get('title') or r['doc_id']} ({display_date(r.get('date'), lang)})", r["doc_id"])
                   for r in found]
        return (render.precedents_view(found, lang), found,
                gr.CheckboxGroup(choices=choices, value=[c[1] for c in choices]))

    find.click(on_find, [draft, k, ctx.lang], [results, rows, pick], api_visibility="private")
    draft.submit(on_find, [draft, k, ctx.lang], [results, rows, pick], api_visibility="private")

    def on_export(text: str, found: list[dict[str, Any]], chosen: list[str], lang):
        if not found:
            raise gr.Error(t("err.find_first", lang_of(lang)))
        return str(export_markdown(text, found, chosen))

    export.click(on_export, [draft, rows, pick, ctx.lang], download, api_visibility="private")
    return tab


def _empty_error(e: InputError, lang: str) -> str:
    return f'<div class="empty err">{render.esc(e.message(lang))}</div>'

