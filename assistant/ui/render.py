"""Safe HTML for the app: answers with linked [n] markers, source cards, documents, precedents, charts.

Document text is untrusted: every title, passage, heading and answer goes through `esc` (html.escape)
before it reaches HTML, and nothing here is ever rendered as Markdown, so `<script>`, `onerror=`
attributes and `[x](javascript:…)` links all show as inert text. Pure functions, no Gradio.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assistant.dates import display_date
from assistant.types import DOC_FIELDS, Answer, Citation, Passage
from assistant.ui.i18n import DEFAULT_LANG, t

__all__ = [
    "answer_block",
    "banner",
    "bar_chart",
    "document_view",
    "esc",
    "eval_item_view",
    "file_name",
    "highlight",
    "index_report_view",
    "linked_answer",
    "outline_html",
    "precedents_markdown",
    "precedents_view",
    "source_card",
    "transcript",
]

_MARKER = re.compile(r"\[(\d{1,3})\]")
ABSTAIN_LABEL = {"zh": "文件中没有答案", "en": "The documents do not say"}


def esc(value: Any) -> str:
    """HTML-escape any value (None is empty), quotes included, so it is safe in text and attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def _path(heading_path: Iterable[str] | None) -> str:
    """A passage's headings, outermost first, as one line."""
    return " › ".join(p for p in (heading_path or ()) if p)


def linked_answer(text: str, prefix: str, cited: Iterable[int]) -> str:
    """Escaped answer text whose every [n] that cites a source is an anchor link to card `{prefix}-s{n}`."""
    valid = set(cited)

    def link(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n not in valid:
            return m.group(0)
        return f'<a class="cite" href="#{prefix}-s{n}" title="source {n}">[{n}]</a>'

    return _MARKER.sub(link, esc(text)).replace("\n", "<br>")


def _sentence_pattern(sentence: str) -> re.Pattern[str] | None:
    chars = [c for c in sentence if not c.isspace()]
    if len(chars) < 2:
        return None
    # Whitespace may differ between the stored passage and the sentence split out of it.
    return re.compile(r"\s*".join(re.escape(c) for c in chars[:400]))


def highlight(text: str, sentences: Sequence[str]) -> str:
    """Escaped passage text with each supporting sentence wrapped in <mark>."""
    spans: list[tuple[int, int]] = []
    for s in sentences:
        pat = _sentence_pattern(s)
        m = pat.search(text) if pat else None
        if m:
            spans.append(m.span())
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out.append(esc(text[pos:a]))
        out.append(f"<mark>{esc(text[a:b])}</mark>")
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def _meta_line(*values: Any) -> str:
    return " · ".join(esc(v) for v in values if v)


def _unique(sentences: Sequence[str]) -> list[str]:
    """Supporting sentences without repeats (whitespace-insensitive), in order."""
    seen: set[str] = set()
    out = []
    for s in sentences:
        key = "".join(s.split())
        if key and key not in seen:
            seen.add(key)
            out.append(s)
    return out


def source_card(c: Citation, prefix: str, turn: int, lang: str = DEFAULT_LANG) -> str:
    """The numbered card an [n] links to: title, agency, date, heading path, passage with highlights."""
    p = c.passage
    return (
        f'<div class="src-card" id="{prefix}-s{c.n}">'
        f'<div class="src-head"><span class="src-num">{c.n}</span>'
        f'<span class="src-title">{esc(p.title) or esc(p.doc_id)}</span></div>'
        f'<div class="src-meta">{_meta_line(p.agency, p.date and display_date(p.date, lang), p.doc_type, p.region)}</div>'
        f'<div class="src-path">{esc(_path(p.heading_path))}</div>'
        f'<div class="src-text">{highlight(p.text, _unique(c.sentences))}</div>'
        f'<div class="src-foot"><span class="src-id">{esc(p.doc_id)}</span>'
        f'<button type="button" class="open-doc" data-act="open" data-turn="{turn}" data-n="{c.n}">'
        f"{esc(t('chat.open_doc', lang))} ↗</button></div>"
        "</div>"
    )


def _feedback_bar(turn: int, vote: str | None, comment: str | None, lang: str = DEFAULT_LANG) -> str:
    if vote:
        icon = "👍" if vote == "up" else "👎"
        said = f" — “{esc(comment)}”" if comment else ""
        return f'<div class="fb fb-done">{esc(t("fb.recorded", lang))} {icon}{said}</div>'
    return (
        f'<div class="fb" data-turn="{turn}"><span class="fb-q">{esc(t("fb.question", lang))}</span>'
        f'<button type="button" class="fb-btn" data-act="vote" data-vote="up" data-turn="{turn}" '
        f'title="{esc(t("fb.yes", lang))}" aria-label="thumbs up">👍 {esc(t("fb.yes", lang))}</button>'
        f'<button type="button" class="fb-btn" data-act="vote" data-vote="down" data-turn="{turn}" '
        f'title="{esc(t("fb.no", lang))}" aria-label="thumbs down">👎 {esc(t("fb.no", lang))}</button>'
        f'<input type="text" class="fb-comment" data-turn="{turn}" maxlength="500" '
        f'placeholder="{esc(t("fb.comment", lang))}"></div>'
    )


def _filters_chip(filters: Mapping[str, Any] | None, lang: str = DEFAULT_LANG) -> str:
    if not filters:
        return ""
    parts = [f"{esc(t('filter.' + k, lang))}: {esc(v)}" for k, v in filters.items() if v not in (None, "")]
    return f'<div class="filters-chip">{esc(t("chat.filters_chip", lang))} — {"; ".join(parts)}</div>' if parts else ""


def _nearest(passages: Sequence[Passage], lang: str = DEFAULT_LANG) -> str:
    if not passages:
        return ""
    items = "".join(
        f"<li><b>{esc(p.title)}</b> · {esc(_path(p.heading_path))}<br><span>{esc(p.text[:160])}…</span></li>"
        for p in passages[:3]
    )
    return f'<details class="nearest"><summary>{esc(t("chat.nearest", lang))}</summary><ul>{items}</ul></details>'


def answer_block(
    turn: int,
    question: str,
    answer: Answer | None,
    *,
    partial: str | None = None,
    filters: Mapping[str, Any] | None = None,
    vote: str | None = None,
    comment: str | None = None,
    error: str | None = None,
    lang: str = DEFAULT_LANG,
) -> str:
    """One exchange: the question, then the answer (streaming `partial` text, final, abstention or error)."""
    prefix = f"t{turn}"
    q = f'<div class="q-row"><div class="q">{esc(question)}</div>{_filters_chip(filters, lang)}</div>'
    if error is not None:
        return f'<div class="turn" id="{prefix}">{q}<div class="a a-error">{esc(error)}</div></div>'
    if answer is None:
        text = esc(partial or "").replace("\n", "<br>")
        return f'<div class="turn" id="{prefix}">{q}<div class="a a-streaming">{text}<span class="cursor">▍</span></div></div>'
    if partial is not None:  # the answer is known; its text is still being revealed
        body = linked_answer(partial, prefix, [c.n for c in answer.citations])
        return f'<div class="turn" id="{prefix}">{q}<div class="a a-streaming">{body}<span class="cursor">▍</span></div></div>'
    stats = f'<div class="a-stats">{answer.latency_ms / 1000:.2f} s</div>'
    if answer.abstained:
        label = ABSTAIN_LABEL.get(answer.language, ABSTAIN_LABEL["en"])
        body = (
            f'<div class="a abstained"><div class="abstain-label">∅ {esc(label)}</div>'
            f'<div class="abstain-text">{esc(answer.answer)}</div>{_nearest(answer.passages, lang)}</div>'
        )
        return f'<div class="turn" id="{prefix}">{q}{body}{stats}{_feedback_bar(turn, vote, comment, lang)}</div>'
    cards = "".join(source_card(c, prefix, turn, lang) for c in answer.citations)
    body = (
        f'<div class="a answered"><div class="a-text">{linked_answer(answer.answer, prefix, [c.n for c in answer.citations])}'
        f'</div><div class="sources"><div class="sources-label">{esc(t("chat.sources", lang))}</div>{cards}</div></div>'
    )
    return f'<div class="turn" id="{prefix}">{q}{body}{stats}{_feedback_bar(turn, vote, comment, lang)}</div>'


def transcript(blocks: Sequence[str], empty_hint: str = "") -> str:
    """The whole chat: the rendered exchanges in order (each already safe HTML)."""
    if not blocks:
        return f'<div class="chat-log chat-empty">{esc(empty_hint)}</div>'
    return '<div class="chat-log">' + "".join(blocks) + "</div>"


def banner(mode_note: str, dense: bool, n_documents: int, lang: str = DEFAULT_LANG) -> str:
    """Warnings above the chat: an empty index, lexical-only retrieval."""
    parts = []
    if n_documents == 0:
        parts.append(f'<div class="banner banner-empty">{t("banner.empty", lang)}</div>')
    if not dense:
        note = t("banner.lexical", lang) if lang != "en" else mode_note
        parts.append(f'<div class="banner banner-lexical" title="{esc(mode_note)}">{esc(note)}</div>')
    return "".join(parts)


def outline_html(outline: Sequence[Mapping[str, Any]]) -> str:
    """A document's section tree as nested lists."""
    if not outline:
        return ""
    items = []
    for s in outline:
        children = outline_html(s.get("children") or [])
        items.append(f"<li>{esc(s.get('title'))}{children}</li>")
    return '<ul class="outline">' + "".join(items) + "</ul>"


_DOC_FIELDS = ("title", *(key for key in DOC_FIELDS if key != "title"))  # the title leads the table


def _field_value(key: str, value: Any, lang: str) -> Any:
    if key == "date":
        return display_date(value, lang)
    if key == "source":  # a file name, never the server's folders
        return str(value).replace("\\", "/").rsplit("/", 1)[-1]
    return value


def document_view(doc: Mapping[str, Any], chunks: Sequence[Passage], anchor: str | None = None,
                  lang: str = DEFAULT_LANG) -> str:
    """Metadata, outline and passages of one document; passage `anchor` (a chunk id) is marked."""
    rows = "".join(
        f"<tr><th>{esc(t('field.' + key, lang))}</th><td>{esc(_field_value(key, doc.get(key), lang))}</td></tr>"
        for key in _DOC_FIELDS if doc.get(key) not in (None, "")
    )
    outline = outline_html(doc.get("outline") or [])
    passages = []
    for p in chunks:
        cls = "doc-chunk anchored" if anchor and p.chunk_id == anchor else "doc-chunk"
        passages.append(
            f'<div class="{cls}" id="doc-{esc(p.chunk_id)}"><div class="src-path">{esc(_path(p.heading_path))}</div>'
            f'<div class="doc-text">{esc(p.text).replace(chr(10), "<br>")}</div></div>'
        )
    return (
        f'<div class="doc-view"><h3>{esc(doc.get("title") or doc.get("doc_id"))}</h3>'
        f'<table class="doc-meta">{rows}</table>'
        + (f'<div class="doc-outline"><h4>{esc(t("doc.outline", lang))}</h4>{outline}</div>' if outline else "")
        + f'<h4>{esc(t("doc.passages", lang, n=len(chunks)))}</h4>{"".join(passages)}</div>'
    )


def _long_text(text: str, limit: int = 280, lang: str = DEFAULT_LANG) -> str:
    """Escaped text; past `limit` characters the rest folds into a <details>."""
    if len(text) <= limit:
        return f"<div>{esc(text)}</div>".replace("\n", "<br>")
    return (f'<div>{esc(text[:limit])}…</div><details class="more"><summary>{esc(t("prec.whole", lang))}</summary>'
            f'<div>{esc(text)}</div></details>').replace("\n", "<br>")


def precedents_view(rows: Sequence[Mapping[str, Any]], lang: str = DEFAULT_LANG) -> str:
    """One card per earlier document: metadata, outline, best-matching passages."""
    if not rows:
        return f'<div class="empty">{esc(t("prec.none", lang))}</div>'
    cards = []
    for i, r in enumerate(rows, 1):
        passages = "".join(
            f'<div class="prec-passage"><div class="src-path">{esc(_path(p.get("heading_path")))}</div>'
            f'{_long_text(p.get("text") or "", lang=lang)}</div>'
            for p in r.get("passages") or []
        )
        outline = outline_html(r.get("outline") or [])
        cards.append(
            f'<div class="prec-card"><div class="src-head"><span class="src-num">{i}</span>'
            f'<span class="src-title">{esc(r.get("title") or r.get("doc_id"))}</span>'
            f'<span class="prec-score">{esc(t("prec.score", lang))} {float(r.get("score") or 0):.3f}</span></div>'
            f'<div class="src-meta">{_meta_line(r.get("agency"), r.get("date") and display_date(r["date"], lang), r.get("doc_type"), r.get("region"), r.get("proposal_no"))}</div>'
            f'<div class="src-id">{esc(r.get("doc_id"))}</div>'
            + (f'<details class="prec-outline"><summary>{esc(t("doc.outline", lang))}</summary>{outline}</details>'
               if outline else "")
            + f'<div class="prec-passages">{passages}</div></div>'
        )
    return "".join(cards)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>#|!])")


def _md(text: Any) -> str:
    """Markdown-escape untrusted text so a reader renders it literally (no links, no HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def _md_code(value: Any) -> str:
    """An identifier as Markdown-escaped text on one line (not a code span: a backtick in the id would
    close it and let the rest through as live HTML)."""
    return _md(" ".join(str("" if value is None else value).split())) or "-"


def _md_outline(outline: Sequence[Mapping[str, Any]], depth: int = 0) -> list[str]:
    lines = []
    for s in outline:
        lines.append("  " * depth + f"- {_md(s.get('title'))}")
        lines.extend(_md_outline(s.get("children") or [], depth + 1))
    return lines


def precedents_markdown(draft: str, rows: Sequence[Mapping[str, Any]]) -> str:
    """The selected precedents as Markdown: each document with its outline and cited passages [i.j]."""
    out = ["# Precedents", ""]
    excerpt = " ".join(draft.split())[:300]
    if excerpt:
        out += [f"Draft: {_md(excerpt)}{'…' if len(draft) > 300 else ''}", ""]
    for i, r in enumerate(rows, 1):
        out.append(f"## {i}. {_md(r.get('title') or r.get('doc_id'))}")
        out.append("")
        for label, key in (("Agency", "agency"), ("Date", "date"), ("Type", "doc_type"),
                           ("Region", "region"), ("Proposal no.", "proposal_no")):
            if r.get(key):
                value = display_date(r[key]) if key == "date" else r[key]
                out.append(f"- {label}: {_md(value)}")
        out.append(f"- Document id: {_md_code(r.get('doc_id'))}")
        out.append("")
        if r.get("outline"):
            out += ["Outline:", "", *_md_outline(r["outline"]), ""]
        for j, p in enumerate(r.get("passages") or [], 1):
            quote = "\n".join(f"> {_md(line)}" for line in (p.get("text") or "").splitlines() if line.strip())
            out += [f"[{i}.{j}] {_md(_path(p.get('heading_path')))}", "", quote, ""]
    out += ["## Sources", ""]
    for i, r in enumerate(rows, 1):
        meta = ", ".join(_md(r.get(k)) for k in ("agency", "date") if r.get(k))
        out.append(f"[{i}] {_md(r.get('title'))}" + (f" ({meta})" if meta else "") + f" — {_md_code(r.get('doc_id'))}")
    return "\n".join(out) + "\n"


def bar_chart(metrics: Mapping[str, float], baseline: Mapping[str, float | None] | None = None,
              lang: str = DEFAULT_LANG) -> str:
    """Horizontal bars for the [0, 1] metrics, this run against the baseline; plain HTML and CSS."""
    rows = []
    for name, value in metrics.items():
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            continue
        base = (baseline or {}).get(name)
        bars = f'<div class="bar bar-run" style="width:{value * 100:.1f}%"></div>'
        label = f"{value:.3f}"
        if isinstance(base, (int, float)):
            bars += f'<div class="bar bar-base" style="width:{min(max(base, 0), 1) * 100:.1f}%"></div>'
            delta = value - base
            cls = "up" if delta > 1e-9 else "down" if delta < -1e-9 else "same"
            label += f' <span class="delta {cls}">({delta:+.3f})</span>'
        rows.append(
            f'<div class="chart-row"><div class="chart-name">{esc(name)}</div>'
            f'<div class="chart-bars">{bars}</div><div class="chart-value">{label}</div></div>'
        )
    if not rows:
        return ""
    legend = f'<div class="chart-legend"><span class="sw sw-run"></span>{esc(t("eval.this_run", lang))}'
    if baseline:
        legend += f'<span class="sw sw-base"></span>{esc(t("eval.baseline", lang))}'
    return f'<div class="chart">{legend}</div>{"".join(rows)}</div>'


def eval_item_view(item: Mapping[str, Any], lang: str = DEFAULT_LANG) -> str:
    """One failing eval question: why it failed, what was expected, what came back."""
    reasons = "".join(f"<li>{esc(r)}</li>" for r in item.get("reasons") or [])
    evidence = "".join(f"<li>{esc(e)}</li>" for e in item.get("evidence") or [])
    facts = "".join(f"<li>{esc(e)}</li>" for e in item.get("answer_contains") or [])
    retrieved = "".join(
        f'<li class="{"relevant" if p.get("relevant") else ""}"><b>{esc(p.get("title"))}</b> '
        f'{esc(_path(p.get("heading_path")))}{" ✓" if p.get("relevant") else ""}<br>'
        f'<span>{esc((p.get("text") or "")[:200])}</span></li>'
        for p in item.get("passages") or []
    )
    answer_label = t("eval.answer_abstained" if item.get("abstained") else "eval.answer", lang)
    parts = [
        f'<div class="eval-item"><div class="q"><b>{esc(item.get("id"))}</b> {esc(item.get("question"))}</div>',
        f'<div class="eval-reasons"><b>{esc(t("eval.why", lang))}</b><ul>{reasons}</ul></div>' if reasons else "",
        "" if item.get("answerable", True) else f"<div><b>{esc(t('eval.expected_abstention', lang))}</b></div>",
        f"<div><b>{esc(t('eval.expected_evidence', lang))}</b><ul>{evidence}</ul></div>" if evidence else "",
        f"<div><b>{esc(t('eval.expected_facts', lang))}</b><ul>{facts}</ul></div>" if facts else "",
        f'<div class="eval-answer"><b>{esc(answer_label)}</b><div>{esc(item.get("answer")).replace(chr(10), "<br>")}</div></div>'
        if item.get("answer") is not None else "",
        f"<div><b>{esc(t('eval.search_top', lang, n=len(item.get('passages') or [])))}</b><ol>{retrieved}</ol></div>"
        if retrieved else "",
        "</div>",
    ]
    return "".join(parts)


def file_name(source: Any) -> str:
    """A source as its file name (and `#record`), never the server's folders."""
    return str(source or "").replace("\\", "/").rsplit("/", 1)[-1]


def index_report_view(report: Mapping[str, Any], stored: Sequence[str] = (), lang: str = DEFAULT_LANG) -> str:
    """Outcome of indexing uploads; every failure names its file and reason."""
    lines = []
    if stored:
        lines.append(f"<div>{esc(t('upload.stored', lang))}: "
                     + ", ".join(f"<code>{esc(file_name(s))}</code>" for s in stored) + "</div>")
    lines.append("<div>" + esc(t("upload.summary", lang, documents=int(report.get("documents", 0)),
                                 chunks=int(report.get("chunks", 0)), skipped=int(report.get("skipped", 0)),
                                 removed=int(report.get("removed", 0)))) + "</div>")
    for d in report.get("duplicates") or []:
        lines.append(f'<div class="warn">{esc(file_name(str(d).split(": ")[0]))}: {esc(str(d).split(": ", 1)[-1])}</div>')
    failed = report.get("failed") or []
    if failed:
        items = "".join(f"<li><code>{esc(file_name(f.get('source')))}</code>: {esc(f.get('reason'))}</li>"
                        for f in failed)
        lines.append(f'<div class="err"><b>{esc(t("upload.not_indexed", lang))}:</b><ul>{items}</ul></div>')
    cls = "index-report has-errors" if failed else "index-report"
    return f'<div class="{cls}">{"".join(lines)}</div>'
