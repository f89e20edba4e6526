"""Evals tab (evaluators): run an eval set, see metrics against the baseline, step through failures.

Runs `evals.runner.run_eval` over the app's assistant; the baseline is a JSON report
(`evals/baseline.json`), read with `evals.report.load_report` and gated with `evals.report.compare`.
Saving a run as the new baseline needs an explicit confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.ui import render
from assistant.ui.service import UiService
from evals.dataset import DatasetError, load_dataset
from evals.metrics import GATED_METRICS, METRIC_KEYS
from evals.report import ReportError, compare, load_report, write_json
from evals.runner import EvalReport, QuestionResult, run_eval

__all__ = ["EvalsTab", "build_evals_tab", "eval_files", "metric_rows", "run_eval_file"]

TABLE_HEADERS = ["metric", "this run", "baseline", "change"]


@dataclass
class EvalsTab:
    path: gr.Dropdown
    k: gr.Slider
    run: gr.Button
    summary: gr.HTML
    table: gr.Dataframe
    chart: gr.HTML
    failing: gr.Dropdown
    failure: gr.HTML
    confirm: gr.Checkbox
    save: gr.Button
    saved: gr.HTML
    report: gr.State


def eval_files(evals_dir: Path) -> list[str]:
    """The eval sets shipped in `evals_dir` (*.jsonl)."""
    return sorted(str(p) for p in Path(evals_dir).glob("*.jsonl"))


def _baseline(path: Path) -> dict[str, Any] | None:
    try:
        return load_report(path) if path.is_file() else None
    except ReportError:
        return None


def _fmt(key: str, v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}" if key.startswith("latency") else f"{v:.4f}"
    return str(v)


def metric_rows(metrics: dict[str, Any], baseline: dict[str, Any] | None) -> list[list[str]]:
    """The metric table: one row per metric, with the baseline value and the change when there is one."""
    rows = []
    for key in METRIC_KEYS:
        c, b = metrics.get(key), (baseline or {}).get(key)
        change = ""
        if isinstance(c, (int, float)) and isinstance(b, (int, float)) and not isinstance(c, bool):
            change = f"{c - b:+.1f}" if key.startswith("latency") else f"{c - b:+.4f}" if isinstance(c, float) else ""
        rows.append([key, _fmt(key, c), _fmt(key, b), change])
    return rows


def _failure_view(q: QuestionResult) -> str:
    return render.eval_item_view({
        "id": q.id, "question": q.question, "reasons": q.reasons, "evidence": q.evidence,
        "answer_contains": q.answer_contains, "answerable": q.answerable, "answer": q.answer,
        "abstained": q.abstained, "ranks": q.ranks,
        "passages": [{"title": p.title, "heading": p.heading, "text": p.preview, "relevant": p.rank in q.ranks}
                     for p in q.top],
    })


def run_eval_file(service: UiService, path: str | Path, k: int = 5, on_progress=None) -> EvalReport:
    """Load an eval set and run it on the app's assistant (every call goes through the service's lock)."""
    items = load_dataset(path)
    return run_eval(service, items, k=k, on_progress=on_progress)


def build_evals_tab(service: UiService, evals_dir: Path) -> EvalsTab:
    evals_dir = Path(evals_dir)
    baseline_path = evals_dir / "baseline.json"
    files = eval_files(evals_dir)
    default = str(evals_dir / "seeds.jsonl")
    with gr.Row(equal_height=True):
        path = gr.Dropdown(files, value=default if default in files else (files[0] if files else None),
                           allow_custom_value=True, label="Eval set (JSONL)", scale=4, elem_id="eval-path")
        k = gr.Slider(1, 10, value=5, step=1, label="k (passages per answer)", scale=2)
        run = gr.Button("Run eval", variant="primary", scale=1, elem_id="eval-run")
    summary = gr.HTML(f'<div class="hint">Baseline: <code>{render.esc(baseline_path)}</code>'
                      f'{"" if baseline_path.is_file() else " (none yet)"}.</div>', elem_id="eval-summary")
    with gr.Row(equal_height=False):
        table = gr.Dataframe(headers=TABLE_HEADERS, interactive=False, label="Metrics", elem_id="eval-table",
                             max_height=520)
        chart = gr.HTML(elem_id="eval-chart")
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=240):
            failing = gr.Dropdown([], label="Failing questions", elem_id="eval-failing")
            with gr.Row():
                prev_btn = gr.Button("◀ Previous", size="sm")
                next_btn = gr.Button("Next ▶", size="sm")
            confirm = gr.Checkbox(False, label=f"Replace {baseline_path.name} with this run", elem_id="eval-confirm")
            save = gr.Button("Save as new baseline", elem_id="eval-save")
            saved = gr.HTML()
        with gr.Column(scale=3):
            failure = gr.HTML(elem_id="eval-failure")
    report = gr.State(None)
    tab = EvalsTab(path, k, run, summary, table, chart, failing, failure, confirm, save, saved, report)

    def on_run(p: str, kk: float, progress=gr.Progress()):  # noqa: B008 (Gradio's idiom)
        if not p:
            raise gr.Error("Choose an eval set.")
        try:
            items = load_dataset(p)
        except DatasetError as e:
            raise gr.Error(str(e)) from None
        done = [0]

        def step(_item) -> None:
            done[0] += 1
            progress((done[0], len(items)), desc="evaluating", unit="questions")

        rep = run_eval(service, items, k=int(kk), on_progress=step)
        base = _baseline(baseline_path)
        m = rep.metrics
        failures = rep.failures
        passed = len(rep.questions) - len(failures)
        lines = [f"<b>{m.get('n')} questions</b>, k = {rep.k}: {passed} passed, <b>{len(failures)} failed</b>."]
        if base is None:
            lines.append(f"No baseline at <code>{render.esc(baseline_path)}</code>.")
        else:
            cmp = compare(base, rep)
            verdict = "passed" if cmp.passed else "FAILED"
            lines.append(f'Regression gate against the baseline: <span class="gate-{verdict.lower()}">{verdict}</span>'
                         f" (tolerance {cmp.tolerance:g}).")
            lines += [f"<div class='err'>{render.esc(r.format())}</div>" for r in cmp.regressions]
            if cmp.newly_failing:
                lines.append("Newly failing: " + ", ".join(render.esc(i) for i in cmp.newly_failing))
        rates = {key: m.get(key) for key in GATED_METRICS if isinstance(m.get(key), (int, float))}
        choices = [(f"{q.id}: {q.question[:40]}", q.id) for q in failures]
        first = failures[0] if failures else None
        return (
            rep,
            '<div class="eval-summary">' + "<br>".join(lines) + "</div>",
            metric_rows(m, base),
            render.bar_chart(rates, {key: base.get(key) for key in rates} if base else None),
            gr.Dropdown(choices=choices, value=first.id if first else None),
            _failure_view(first) if first else '<div class="empty">Every question passed.</div>',
            "",
        )

    run.click(on_run, [path, k], [report, summary, table, chart, failing, failure, saved], api_visibility="private")

    def show(rep: EvalReport | None, qid: str | None) -> str:
        if rep is None or not qid:
            return ""
        q = next((q for q in rep.questions if q.id == qid), None)
        return _failure_view(q) if q else ""

    failing.change(show, [report, failing], failure, api_visibility="private")

    def step_to(rep: EvalReport | None, qid: str | None, delta: int):
        if rep is None or not rep.failures:
            return gr.skip()
        ids = [q.id for q in rep.failures]
        i = ids.index(qid) if qid in ids else -delta
        return gr.Dropdown(value=ids[(i + delta) % len(ids)])

    prev_btn.click(lambda r, q: step_to(r, q, -1), [report, failing], failing, api_visibility="private")
    next_btn.click(lambda r, q: step_to(r, q, 1), [report, failing], failing, api_visibility="private")

    def on_save(rep: EvalReport | None, ok: bool):
        if rep is None:
            return '<div class="err">Run an eval first.</div>', gr.skip()
        if not ok:
            msg = (f'<div class="err">Tick “Replace {render.esc(baseline_path.name)} with this run” to confirm; '
                   "the current baseline is kept.</div>")
            return msg, gr.skip()
        note = ""
        base = _baseline(baseline_path)
        if base is not None and not compare(base, rep).passed:
            note = " This run regressed against the previous baseline."
        write_json(rep, baseline_path)
        msg = f'<div class="ok">Saved as the new baseline: <code>{render.esc(baseline_path)}</code>.{note}</div>'
        return msg, False

    save.click(on_save, [report, confirm], [saved, confirm], api_visibility="private")
    return tab
