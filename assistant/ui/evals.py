"""Evals tab (evaluators): run an eval set, see metrics against the baseline, step through failures.

Runs `evals.runner.run_eval` over the app's assistant; the baseline is a JSON report
(`evals/baseline.json`), read with `evals.report.load_report` and gated with `evals.report.compare`.
Saving a run as the new baseline needs an explicit confirmation.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.ui import render
from assistant.ui.context import UiContext
from assistant.ui.i18n import DEFAULT_LANG, lang_of, t
from assistant.ui.service import UiService
from evals.dataset import DatasetError, load_dataset
from evals.metrics import GATED_METRICS
from evals.report import ReportError, compare, load_report, metric_rows, write_json
from evals.runner import EvalReport, QuestionResult, run_eval

__all__ = ["EvalsTab", "build_evals_tab", "eval_files", "eval_sets", "gate_html", "metric_rows", "resolve_eval_set",
           "run_eval_file", "save_eval_set"]

TABLE_KEYS = ("eval.metric", "eval.this_run", "eval.baseline", "eval.change")


def table_headers(lang: str = DEFAULT_LANG) -> list[str]:
    return [t(k, lang) for k in TABLE_KEYS]


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


def eval_sets(evals_dir: Path) -> list[str]:
    """Names of the eval sets in `evals_dir`: regular *.jsonl files directly inside it (no links out)."""
    folder = Path(evals_dir).resolve()
    return sorted(p.name for p in folder.glob("*.jsonl")
                  if p.is_file() and not p.is_symlink() and p.resolve().parent == folder)


def resolve_eval_set(evals_dir: Path, name: str | None) -> Path:
    """The file of an eval set given by its listed name; anything else (a path, traversal, an unlisted name)
    is one InputError that says nothing about the file system."""
    from assistant.ui.inputs import InputError

    if not isinstance(name, str) or name not in eval_sets(evals_dir):
        raise InputError("err.eval_set")
    return Path(evals_dir).resolve() / name


def _baseline(path: Path) -> dict[str, Any] | None:
    try:
        return load_report(path) if path.is_file() else None
    except ReportError:
        return None


def gate_html(gate: dict[str, Any], lang: str = DEFAULT_LANG) -> list[str]:
    """The gate's verdict (`Comparison.to_dict()`) as lines of the run's summary."""
    verdict, tolerance = ("passed" if gate["passed"] else "failed"), f"{gate['tolerance']:g}"
    lines = [(f'{render.esc(t("eval.gate", lang, tolerance=tolerance))} '
              f'<span class="gate-{verdict}">{render.esc(t("eval.gate_passed" if gate["passed"] else "eval.gate_failed", lang))}</span>')]
    lines += [f"<div class='err'>{render.esc(line)}</div>" for line in gate["regressions"]]
    if gate["newly_failing"]:
        lines.append(render.esc(t("eval.newly_failing", lang)) + ": "
                     + ", ".join(render.esc(i) for i in gate["newly_failing"]))
    return lines


def _failure_view(q: QuestionResult, lang: str = DEFAULT_LANG) -> str:
    return render.eval_item_view({
        "id": q.id, "question": q.question, "reasons": q.reasons, "evidence": q.evidence,
        "answer_contains": q.answer_contains, "answerable": q.answerable, "answer": q.answer,
        "abstained": q.abstained, "ranks": q.ranks,
        "passages": [{"title": p.title, "heading_path": p.heading_path, "text": p.preview,
                      "relevant": p.rank in q.ranks}
                     for p in q.top],
    }, lang)


SET_NAME = re.compile(r"^[\w.-]{1,80}\.jsonl$")


def save_eval_set(evals_dir: Path, upload: str | Path, name: str | None = None) -> str:
    """Check an uploaded eval set (it must load) and keep it in `evals_dir` under its own plain file name;
    an existing set is never replaced. Returns the name; InputError / DatasetError otherwise."""
    from assistant.ui.inputs import InputError

    name = Path(name or Path(upload).name).name
    if not SET_NAME.match(name) or name.startswith("."):
        raise InputError("err.eval_set_name")
    dest = Path(evals_dir).resolve() / name
    if dest.exists():
        raise InputError("err.eval_set_exists", name=name)
    load_dataset(upload)  # raises DatasetError naming the bad line
    shutil.copyfile(upload, dest)
    return name


def run_eval_file(service: UiService, path: str | Path, k: int = 5, on_progress=None) -> EvalReport:
    """Load an eval set and run it on the app's assistant (every call goes through the service's lock)."""
    items = load_dataset(path)
    return run_eval(service, items, k=k, on_progress=on_progress)


def build_evals_tab(service: UiService, evals_dir: Path, ctx: UiContext) -> EvalsTab:
    from assistant.ui.inputs import InputError, check_k

    L = ctx.labels
    evals_dir = Path(evals_dir)
    baseline_path = evals_dir / "baseline.json"
    names = eval_sets(evals_dir)
    default = "seeds.jsonl" if "seeds.jsonl" in names else (names[0] if names else None)

    def baseline_hint(lang: str) -> str:
        state = "" if baseline_path.is_file() else t("eval.no_baseline_yet", lang)
        return f'<div class="hint">{render.esc(t("eval.baseline_at", lang, name=baseline_path.name))}{render.esc(state)}</div>'

    with gr.Row(equal_height=True):
        # Eval sets by name, from evals/ only: a typed path is refused (see resolve_eval_set).
        path = L(gr.Dropdown(names, value=default, allow_custom_value=False, label=t("eval.set"), scale=4,
                             elem_id="eval-path"), label="eval.set")
        k = L(gr.Slider(1, 10, value=5, step=1, label=t("eval.k"), scale=2), label="eval.k")
        run = L(gr.Button(t("eval.run"), variant="primary", scale=1, elem_id="eval-run"), value="eval.run")
    summary = L(gr.HTML(baseline_hint(DEFAULT_LANG), elem_id="eval-summary"), value=baseline_hint)
    with gr.Row(equal_height=False):
        table = L(gr.Dataframe(headers=table_headers(), interactive=False, label=t("eval.metrics"), elem_id="eval-table",
                               max_height=520), label="eval.metrics")
        chart = gr.HTML(elem_id="eval-chart")
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=240):
            new_set = L(gr.File(file_types=[".jsonl"], type="filepath", label=t("eval.new_set"), height=90,
                                elem_id="eval-new-set"), label="eval.new_set")
            save_set = L(gr.Button(t("eval.save_set"), size="sm", elem_id="eval-save-set"), value="eval.save_set")
            failing = L(gr.Dropdown([], label=t("eval.failing"), elem_id="eval-failing"), label="eval.failing")
            with gr.Row():
                prev_btn = L(gr.Button(t("eval.prev"), size="sm"), value="eval.prev")
                next_btn = L(gr.Button(t("eval.next"), size="sm"), value="eval.next")
            confirm = L(gr.Checkbox(False, label=t("eval.confirm", name=baseline_path.name), elem_id="eval-confirm"),
                        label=lambda lang: t("eval.confirm", lang, name=baseline_path.name))
            save = L(gr.Button(t("eval.save"), elem_id="eval-save"), value="eval.save")
            saved = gr.HTML()
        with gr.Column(scale=3):
            failure = gr.HTML(elem_id="eval-failure")
    report = gr.State(None)
    tab = EvalsTab(path, k, run, summary, table, chart, failing, failure, confirm, save, saved, report)

    def on_run(name: str, kk: float, lang, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio's idiom)
        lang = lang_of(lang)
        try:
            actor = ctx.access.require(request, "eval")
        except PermissionError:
            raise gr.Error(t("err.denied", lang)) from None
        try:
            p = resolve_eval_set(evals_dir, name)
            kk = check_k(kk, 1, 10)
        except InputError as e:
            raise gr.Error(e.message(lang)) from None
        try:
            items = load_dataset(p)
        except DatasetError as e:
            raise gr.Error(str(e).replace(str(p), p.name)) from None
        done = [0]

        def step(_item) -> None:
            done[0] += 1
            progress((done[0], len(items)), desc="evaluating", unit="questions")

        rep = run_eval(service, items, k=kk, on_progress=step)
        base = _baseline(baseline_path)
        m = rep.metrics
        failures = rep.failures
        passed = len(rep.questions) - len(failures)
        lines = [render.esc(t("eval.summary", lang, n=m.get("n"), k=rep.k, passed=passed, failed=len(failures)))]
        gate = None
        if base is None:
            lines.append(render.esc(t("eval.no_baseline", lang, name=baseline_path.name)))
        else:
            verdict = compare(base, rep).to_dict()
            gate = verdict["passed"]
            lines += gate_html(verdict, lang)
        ctx.access.audit.record(actor, "eval", channel="ui", name=p.name, k=rep.k, metrics=m, gate_passed=gate)
        rates: dict[str, float] = {key: v for key in GATED_METRICS if isinstance(v := m.get(key), (int, float))}
        choices = [(f"{q.id}: {q.question[:40]}", q.id) for q in failures]
        first = failures[0] if failures else None
        return (
            rep,
            '<div class="eval-summary">' + "<br>".join(lines) + "</div>",
            metric_rows(m, base),
            render.bar_chart(rates, {key: base.get(key) for key in rates} if base else None, lang),
            gr.Dropdown(choices=choices, value=first.id if first else None),
            _failure_view(first, lang) if first else f'<div class="empty">{render.esc(t("eval.all_passed", lang))}</div>',
            "",
        )

    run.click(on_run, [path, k, ctx.lang], [report, summary, table, chart, failing, failure, saved],
              api_visibility="private")

    def show(rep: EvalReport | None, qid: str | None, lang) -> str:
        if rep is None or not qid:
            return ""
        q = next((q for q in rep.questions if q.id == qid), None)
        return _failure_view(q, lang_of(lang)) if q else ""

    failing.change(show, [report, failing, ctx.lang], failure, api_visibility="private")

    def step_to(rep: EvalReport | None, qid: str | None, delta: int):
        if rep is None or not rep.failures:
            return gr.skip()
        ids = [q.id for q in rep.failures]
        i = ids.index(qid) if qid in ids else -delta
        return gr.Dropdown(value=ids[(i + delta) % len(ids)])

    prev_btn.click(lambda r, q: step_to(r, q, -1), [report, failing], failing, api_visibility="private")
    next_btn.click(lambda r, q: step_to(r, q, 1), [report, failing], failing, api_visibility="private")

    def on_save(rep: EvalReport | None, ok: bool, lang, request: gr.Request):
        lang = lang_of(lang)
        try:
            actor = ctx.access.require(request, "baseline")
        except PermissionError:
            return f'<div class="err">{render.esc(t("err.denied", lang))}</div>', gr.skip()
        if rep is None:
            return f'<div class="err">{render.esc(t("err.run_first", lang))}</div>', gr.skip()
        if not ok:
            return (f'<div class="err">{render.esc(t("err.confirm_baseline", lang, name=baseline_path.name))}</div>',
                    gr.skip())
        note = ""
        base = _baseline(baseline_path)
        regressed = base is not None and not compare(base, rep).passed
        if regressed:
            note = " " + t("eval.saved_regressed", lang)
        write_json(rep, baseline_path)
        ctx.access.audit.record(actor, "baseline_save", name=baseline_path.name, metrics=rep.metrics,
                                regressed=regressed)
        msg = f'<div class="ok">{render.esc(t("eval.saved", lang, name=baseline_path.name) + note)}</div>'
        return msg, False

    save.click(on_save, [report, confirm, ctx.lang], [saved, confirm], api_visibility="private")

    def on_save_set(upload: str | None, lang, request: gr.Request):
        lang = lang_of(lang)
        try:
            actor = ctx.access.require(request, "eval")
        except PermissionError:
            raise gr.Error(t("err.denied", lang)) from None
        if not upload:
            raise gr.Error(t("err.choose_files", lang))
        try:
            name = save_eval_set(evals_dir, upload)
        except InputError as e:
            raise gr.Error(e.message(lang)) from None
        except DatasetError as e:
            raise gr.Error(str(e).replace(str(upload), Path(upload).name)) from None
        ctx.access.audit.record(actor, "eval_set_saved", name=name)
        gr.Info(t("eval.set_saved", lang, name=name))
        return gr.Dropdown(choices=eval_sets(evals_dir), value=name), None

    save_set.click(on_save_set, [new_set, ctx.lang], [path, new_set], api_visibility="private")
    return tab
