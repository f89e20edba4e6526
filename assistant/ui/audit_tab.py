"""Audit tab (admins): the audit trail filtered by user and dates, exported as CSV."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.audit import events_csv
from assistant.ui.context import UiContext
from assistant.ui.i18n import DEFAULT_LANG, lang_of, t

__all__ = ["AuditTab", "audit_rows", "build_audit_tab"]

COLUMN_KEYS = ("audit.time", "audit.user", "audit.role", "audit.address", "audit.action", "audit.detail")
ROW_LIMIT = 500


@dataclass
class AuditTab:
    user: gr.Textbox
    since: gr.Textbox
    until: gr.Textbox
    show: gr.Button
    table: gr.Dataframe
    export: gr.Button
    download: gr.File


def _headers(lang: str = DEFAULT_LANG) -> list[str]:
    return [t(k, lang) for k in COLUMN_KEYS]


def _summary(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False)[:300]


def audit_rows(events: list[dict[str, Any]]) -> list[list[str]]:
    """Newest first, one row per event, the detail as (shortened) JSON."""
    return [[e["time"][:19].replace("T", " "), e["user"] or "—", e["role"] or "—", e["address"] or "—", e["action"],
             _summary(e["detail"])] for e in reversed(events)]


def build_audit_tab(ctx: UiContext) -> AuditTab:
    L = ctx.labels
    with gr.Row(equal_height=True):
        user = L(gr.Textbox(label=t("audit.filter_user"), elem_id="audit-user", max_lines=1), label="audit.filter_user")
        since = L(gr.Textbox(label=t("audit.since"), placeholder="2026-01-01", elem_id="audit-since", max_lines=1),
                  label="audit.since")
        until = L(gr.Textbox(label=t("audit.until"), placeholder="2026-12-31", elem_id="audit-until", max_lines=1),
                  label="audit.until")
        show = L(gr.Button(t("audit.show"), variant="primary", elem_id="audit-show"), value="audit.show")
    table = L(gr.Dataframe(headers=_headers(), interactive=False, wrap=True, max_height=560, elem_id="audit-table",
                           label=t("audit.table")), label="audit.table")
    with gr.Row():
        export = L(gr.Button(t("audit.export"), elem_id="audit-export"), value="audit.export")
        download = L(gr.File(label=t("audit.file"), interactive=False, elem_id="audit-file"), label="audit.file")
    tab = AuditTab(user, since, until, show, table, export, download)

    def query(u: str, s: str, e: str, lang, request: gr.Request) -> list[dict[str, Any]]:
        lang = lang_of(lang)
        try:
            ctx.access.require(request, "audit")
        except PermissionError:
            raise gr.Error(t("err.denied", lang)) from None
        try:
            return ctx.access.audit.events(user=(u or "").strip() or None, since=(s or "").strip() or None,
                                           until=(e or "").strip() or None)
        except ValueError:
            raise gr.Error(t("err.date", lang, value=f"{s or ''} {e or ''}".strip())) from None

    def on_show(u, s, e, lang, request: gr.Request):
        events = query(u, s, e, lang, request)
        return gr.Dataframe(value=audit_rows(events)[:ROW_LIMIT], headers=_headers(lang_of(lang)))

    def on_export(u, s, e, lang, request: gr.Request) -> str:
        events = query(u, s, e, lang, request)
        folder = Path(tempfile.gettempdir()) / "assistant-exports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"audit-{time.strftime('%Y%m%d-%H%M%S')}.csv"
        path.write_text(events_csv(events), encoding="utf-8-sig")  # with a BOM, so spreadsheet apps read UTF-8
        return str(path)

    inputs = [user, since, until, ctx.lang]
    show.click(on_show, inputs, table, api_visibility="private")
    export.click(on_export, inputs, download, api_visibility="private")
    return tab
