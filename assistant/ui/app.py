"""Assemble the app: header and banner, one tab per user (Chat, Documents, Precedents, Evals), the API.

`build_ui` wires what crosses tabs (a source card opening the Documents tab, uploads refreshing
filters); each tab's own layout and events live in its module. `launch_options` holds what Gradio 6
takes at launch rather than in Blocks: the offline theme (system fonts only) and the stylesheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.config import PROJECT_ROOT, Settings
from assistant.ui import render
from assistant.ui.access import Access
from assistant.ui.audit_tab import build_audit_tab
from assistant.ui.chat import _blocks, build_chat_tab, cited_passage, record_vote, refresh_filter_choices
from assistant.ui.context import UiContext
from assistant.ui.documents import (
    build_documents_tab,
    document_table,
    index_files,
    picker_choices,
    show_document,
    table_headers,
)
from assistant.ui.endpoints import register_api
from assistant.ui.evals import build_evals_tab
from assistant.ui.i18n import DEFAULT_LANG, Labels, lang_of, t
from assistant.ui.precedents import build_precedents_tab
from assistant.ui.service import UiService, uploads_folder
from assistant.users import AccessDenied, allowed

if TYPE_CHECKING:
    from assistant.api import DocumentApi

__all__ = ["CSS_PATH", "build_ui", "launch_options", "offline_theme"]

CSS_PATH = Path(__file__).with_name("style.css")
TITLE = "政务文件问答 · Government documents assistant"
LANG_CHOICES = [("中文", "zh"), ("English", "en")]


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


def build_ui(assistant: DocumentApi, settings: Settings, *, evals_dir: Path | None = None,
             access: Access | None = None, service: UiService | None = None) -> gr.Blocks:
    """The whole app over one Assistant; `evals_dir` (default evals/) holds eval sets and baseline.json;
    `access` (default: from the settings) holds users, roles and the audit log; `service` may be shared
    with the app's loopback API."""
    evals_dir = Path(evals_dir or PROJECT_ROOT / "evals")
    access = access or Access.from_settings(settings)
    service = service or UiService(assistant, settings.feedback_file, uploads_folder(settings.store),
                                   audit=access.audit)
    labels = Labels()

    def banner_html(lang: str = DEFAULT_LANG) -> str:
        return render.banner(service.mode_note, service.dense, len(service.documents()), lang)

    def header_html(lang: str = DEFAULT_LANG) -> str:
        return (f'<div class="app-header"><span class="app-title">{render.esc(t("app.title", lang))}</span>'
                f'<span class="app-sub">{render.esc(t("app.subtitle", lang))}</span></div>')

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        lang_state = gr.BrowserState(DEFAULT_LANG, storage_key="assistant-lang")
        ctx = UiContext(service, access, labels, lang_state, settings.max_question_chars)
        with gr.Row(equal_height=True, elem_id="top-bar"):
            labels(gr.HTML(header_html(), elem_id="app-header"), value=header_html)
            who = gr.HTML("", elem_id="who")
            lang_pick = gr.Radio(LANG_CHOICES, value=DEFAULT_LANG, show_label=False, container=False,
                                 elem_id="lang-switch", min_width=160, scale=0)
        banner = labels(gr.HTML(banner_html(), elem_id="banner"), value=banner_html)
        with gr.Tabs(selected="chat") as tabs:
            with labels(gr.Tab(t("tab.chat"), id="chat", elem_id="tab-chat"), label="tab.chat"):
                chat = build_chat_tab(service, ctx)
            with labels(gr.Tab(t("tab.documents"), id="documents", elem_id="tab-documents"), label="tab.documents"):
                docs = build_documents_tab(service, ctx)
            with labels(gr.Tab(t("tab.precedents"), id="precedents", elem_id="tab-precedents"),
                        label="tab.precedents"):
                build_precedents_tab(service, ctx)
            # Tabs and controls a role may lack are built hidden and shown per signed-in user on load.
            with labels(gr.Tab(t("tab.evals"), id="evals", elem_id="tab-evals", visible=False),
                        label="tab.evals") as evals_tab:
                build_evals_tab(service, evals_dir, ctx)
            with labels(gr.Tab(t("tab.audit"), id="audit", elem_id="tab-audit", visible=False),
                        label="tab.audit") as audit_tab:
                build_audit_tab(ctx)
        register_api(service, evals_dir, access, settings.max_question_chars)

        # Buttons inside the chat transcript: a vote, or "open the document at this passage".
        def on_log_click(history: list[dict[str, Any]], lang, request: gr.Request, evt: gr.EventData):
            lang = lang_of(lang)
            data = evt._data if isinstance(evt._data, dict) else {}
            try:
                turn = int(data.get("turn", -1))
            except (TypeError, ValueError):
                return (gr.skip(),) * 5
            if data.get("act") == "vote" and data.get("vote") in ("up", "down") and 0 <= turn < len(history):
                try:
                    actor = access.require(request, "feedback")
                except AccessDenied:
                    raise gr.Error(t("err.denied", lang)) from None
                html = record_vote(service, history, turn, data["vote"], str(data.get("comment") or "")[:500],
                                   actor=actor, lang=lang)
                return html, history, gr.skip(), gr.skip(), gr.skip()
            if data.get("act") == "open":
                try:
                    p = cited_passage(history, turn, int(data.get("n", 0)))
                except (TypeError, ValueError):
                    p = None
                if p is not None:
                    return (gr.skip(), gr.skip(), gr.Tabs(selected="documents"), gr.Dropdown(value=p.doc_id),
                            show_document(service, p.doc_id, anchor=p.chunk_id, lang=lang))
            return (gr.skip(),) * 5

        chat.log.click(on_log_click, [chat.turns, lang_state], [chat.log, chat.turns, tabs, docs.picker, docs.view],
                       api_visibility="private", show_progress="hidden")

        # Uploads: the API endpoint returns the index report; the UI then refreshes everything it affects.
        # (No language input: the endpoint is public and its report is data; `refresh` words it for the page.)
        def on_upload(files: list[str] | None, replace: bool = False,
                      request: gr.Request | None = None, progress=gr.Progress()) -> dict:  # noqa: B008 (Gradio's idiom)
            lang = DEFAULT_LANG
            try:
                actor = access.require(request, "upload")
            except AccessDenied:
                raise gr.Error(t("err.denied", lang)) from None
            data, _ = index_files(service, files, progress, replace=bool(replace), lang=lang)
            if "error" not in data:
                access.audit.record(actor, "upload", files=data.get("stored") or [], replaced=data.get("replaced") or [],
                                    documents=data.get("documents"), removed=data.get("removed"),
                                    failed=data.get("failed") or [])
            return data

        def refresh(report: dict | None = None, lang: str = DEFAULT_LANG):
            lang = lang_of(lang)
            report_html = ""
            if report:
                error = t(report["error_key"], lang, **report.get("error_params") or {}) if report.get(
                    "error_key") else report.get("error")
                report_html = (f'<div class="index-report has-errors">{render.esc(error)}</div>'
                               if "error" in report else
                               render.index_report_view(report, report.get("stored") or [], lang))
            return (report_html, document_table(service, lang), gr.Dropdown(choices=picker_choices(service, lang)),
                    banner_html(lang), *refresh_filter_choices(service, lang))

        refreshed = [docs.report, docs.table, docs.picker, banner, chat.region, chat.agency, chat.year_from,
                     chat.year_to]
        docs.upload.click(on_upload, [docs.files, docs.replace], docs.report_json, api_name="upload").then(
            refresh, [docs.report_json, lang_state], refreshed, api_visibility="private"
        ).then(lambda: None, None, docs.files, api_visibility="private")

        # Deleting an uploaded document (editors): its file leaves the uploads folder, the folder is re-indexed.
        def on_delete(doc_id: str | None, confirmed: bool, lang, request: gr.Request):
            lang = lang_of(lang)
            try:
                actor = access.require(request, "delete")
            except AccessDenied:
                raise gr.Error(t("err.denied", lang)) from None
            if not doc_id:
                raise gr.Error(t("doc.pick_hint", lang))
            if not confirmed:
                raise gr.Error(t("doc.delete_confirm", lang))
            try:
                name, report = service.delete_document(doc_id)
            except KeyError:
                raise gr.Error(t("err.no_document", lang, doc_id=doc_id)) from None
            except LookupError:
                raise gr.Error(t("err.not_upload", lang)) from None
            access.audit.record(actor, "delete", doc_id=doc_id, file=name, removed=report.removed)
            gr.Info(t("doc.deleted", lang, name=name))
            return (False, show_document(service, None, lang=lang), *refresh(None, lang)[1:])

        docs.delete.click(on_delete, [docs.picker, docs.delete_confirm, lang_state],
                          [docs.delete_confirm, docs.view, *refreshed[1:]], api_visibility="private")

        # Language and role: read once per page load (the language from this browser's storage), and on a switch.
        def who_html(actor, lang: str) -> str:
            if not actor.user:
                return ""
            return (f'<div class="who">{render.esc(actor.user)} · {render.esc(t("role." + (actor.role or "none"), lang))}'
                    f' · <a href="/logout">{render.esc(t("app.logout", lang))}</a></div>')

        def apply(lang, history, request: gr.Request, switched: bool = False):
            lang = lang_of(lang)
            actor = access.actor(request)
            role = actor.role

            def shown(visible: bool, built_visible: bool, make):
                # Untouched when the page was built that way: re-sending a component can reset what a user
                # is doing with it (a file being chosen) while the page loads.
                return make(visible=visible) if switched or visible != built_visible else gr.skip()

            words = switched or lang != DEFAULT_LANG  # the page is built in Chinese
            return (lang, lang, who_html(actor, lang),
                    _blocks(history or [], lang=lang) if words else gr.skip(),
                    gr.Dataframe(value=document_table(service, lang), headers=table_headers(lang),
                                 label=t("doc.table", lang)) if words else gr.skip(),
                    shown(allowed(role, "eval"), False, gr.Tab), shown(allowed(role, "audit"), False, gr.Tab),
                    shown(allowed(role, "upload"), False, gr.Group), shown(allowed(role, "delete"), False, gr.Row),
                    *(labels.updates(lang) if words else [gr.skip()] * len(labels.items)))

        lang_outputs = [lang_state, lang_pick, who, chat.log, docs.table, evals_tab, audit_tab, docs.manage,
                        docs.delete_row, *labels.components]
        demo.load(apply, [lang_state, chat.turns], lang_outputs, api_visibility="private")

        def switch(lang, history, request: gr.Request):
            return apply(lang, history, request, switched=True)

        lang_pick.input(switch, [lang_pick, chat.turns], lang_outputs, api_visibility="private")
        demo.load(lambda lang: refresh(None, lang)[1:], lang_state, refreshed[1:], api_visibility="private")
    return demo
