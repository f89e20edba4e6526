"""Assemble the app: header and banner, one tab per user (Chat, Documents, Precedents, Evals), the API.

`build_ui` wires what crosses tabs (a source card opening the Documents tab, uploads refreshing
filters); each tab's own layout and events live in its module. `launch_options` holds what Gradio 6
takes at launch rather than in Blocks: the offline theme (system fonts only) and the stylesheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.config import PROJECT_ROOT, Settings
from assistant.ui import render
from assistant.ui.chat import build_chat_tab, cited_passage, record_vote, refresh_filter_choices
from assistant.ui.documents import (
    build_documents_tab,
    document_table,
    index_files,
    picker_choices,
    show_document,
)
from assistant.ui.endpoints import register_api
from assistant.ui.evals import build_evals_tab
from assistant.ui.precedents import build_precedents_tab
from assistant.ui.service import UiService, uploads_folder

__all__ = ["CSS_PATH", "build_ui", "launch_options", "offline_theme"]

CSS_PATH = Path(__file__).with_name("style.css")
TITLE = "政务文件问答 · Government documents assistant"


def offline_theme() -> gr.themes.Base:
    """Gradio's default look with system fonts: nothing is fetched from a font CDN."""
    return gr.themes.Default(
        primary_hue="blue",
        neutral_hue="slate",
        font=["system-ui", "-apple-system", "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
              "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
    )


def launch_options() -> dict[str, Any]:
    """Keyword arguments of `Blocks.launch` that every launch of this app passes (tests included)."""
    return {
        "theme": offline_theme(),
        "css": CSS_PATH.read_text(encoding="utf-8"),
        "share": False,
        "footer_links": ["api", "settings"],
        "ssr_mode": False,
        "enable_monitoring": False,
        "mcp_server": False,
        "pwa": False,
    }


def build_ui(assistant: Any, settings: Settings, *, evals_dir: Path | None = None,
             service: UiService | None = None) -> gr.Blocks:
    """The whole app over one Assistant; `evals_dir` (default evals/) holds eval sets and baseline.json."""
    evals_dir = Path(evals_dir or PROJECT_ROOT / "evals")
    service = service or UiService(assistant, settings.feedback_file, uploads_folder(settings.store))

    def banner_html() -> str:
        return render.banner(service.mode_note, service.dense, len(service.documents()))

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.HTML(f'<div class="app-header"><span class="app-title">{render.esc(TITLE)}</span>'
                '<span class="app-sub">Cited answers from indexed government documents</span></div>')
        banner = gr.HTML(banner_html(), elem_id="banner")
        with gr.Tabs(selected="chat") as tabs:
            with gr.Tab("Chat", id="chat", elem_id="tab-chat"):
                chat = build_chat_tab(service)
            with gr.Tab("Documents", id="documents", elem_id="tab-documents"):
                docs = build_documents_tab(service)
            with gr.Tab("Precedents", id="precedents", elem_id="tab-precedents"):
                build_precedents_tab(service)
            with gr.Tab("Evals", id="evals", elem_id="tab-evals"):
                build_evals_tab(service, evals_dir)
        register_api(service, evals_dir)

        # Buttons inside the chat transcript: a vote, or "open the document at this passage".
        def on_log_click(history: list[dict[str, Any]], evt: gr.EventData):
            data = evt._data if isinstance(evt._data, dict) else {}
            try:
                turn = int(data.get("turn", -1))
            except (TypeError, ValueError):
                return (gr.skip(),) * 5
            if data.get("act") == "vote" and data.get("vote") in ("up", "down") and 0 <= turn < len(history):
                html = record_vote(service, history, turn, data["vote"], str(data.get("comment") or "")[:500])
                return html, history, gr.skip(), gr.skip(), gr.skip()
            if data.get("act") == "open":
                try:
                    p = cited_passage(history, turn, int(data.get("n", 0)))
                except (TypeError, ValueError):
                    p = None
                if p is not None:
                    return (gr.skip(), gr.skip(), gr.Tabs(selected="documents"), gr.Dropdown(value=p.doc_id),
                            show_document(service, p.doc_id, anchor=p.chunk_id))
            return (gr.skip(),) * 5

        chat.log.click(on_log_click, [chat.turns], [chat.log, chat.turns, tabs, docs.picker, docs.view],
                       api_visibility="private", show_progress="hidden")

        # Uploads: the API endpoint returns the index report; the UI then refreshes everything it affects.
        def on_upload(files: list[str] | None, progress=gr.Progress()) -> dict:  # noqa: B008 (Gradio's idiom)
            data, _ = index_files(service, files, progress)
            return data

        def refresh(report: dict | None = None):
            report_html = ""
            if report:
                report_html = (f'<div class="index-report has-errors">{render.esc(report["error"])}</div>'
                               if "error" in report else render.index_report_view(report, report.get("stored") or []))
            return (report_html, document_table(service), gr.Dropdown(choices=picker_choices(service)), banner_html(),
                    *refresh_filter_choices(service))

        refreshed = [docs.report, docs.table, docs.picker, banner, chat.region, chat.agency, chat.year_from,
                     chat.year_to]
        docs.upload.click(on_upload, docs.files, docs.report_json, api_name="upload").then(
            refresh, docs.report_json, refreshed, api_visibility="private"
        ).then(lambda: None, None, docs.files, api_visibility="private")
        demo.load(lambda: refresh()[1:], None, refreshed[1:], api_visibility="private")
    return demo
