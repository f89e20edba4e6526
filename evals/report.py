"""Eval reports: the JSON report, the Markdown report, the metric table and the baseline gate.

The gate compares a report with a baseline (a JSON report saved earlier) on `GATED_METRICS`, all of
which are higher-is-better; it fails when one falls more than `tolerance` (absolute, 0.02 = two
percentage points) below the baseline. Latency is kept in the report but never gated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from evals.metrics import GATED_METRICS, METRIC_KEYS
from evals.runner import EvalReport, QuestionResult

__all__ = [
    "DEFAULT_TOLERANCE",
    "Comparison",
    "Regression",
    "ReportError",
    "compare",
    "load_report",
    "metric_rows",
    "metric_table",
    "to_markdown",
    "write_json",
    "write_markdown",
]

DEFAULT_TOLERANCE = 0.02
_EPS = 1e-9  # metrics are rounded to 4 places: a drop of exactly `tolerance` must not fail on float noise
_TAG_COLUMNS = ("n", "passed", "hit@1", "hit@5", "mrr", "evidence_recall@5", "answer_fact_recall",
                "citation_precision", "abstention_accuracy")


class ReportError(ValueError):
    """A baseline or report file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Regression:
    """A gated metric that fell more than the tolerance below its baseline."""

    metric: str
    baseline: float
    current: float

    def format(self) -> str:
        return f"{self.metric}: {self.baseline:.4f} → {self.current:.4f} ({self.current - self.baseline:+.4f})"


@dataclass
class Comparison:
    """The gate's verdict: regressed metrics, and the question ids that went from pass to fail."""

    tolerance: float
    regressions: list[Regression] = field(default_factory=list)
    newly_failing: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.regressions

    def to_dict(self) -> dict[str, Any]:
        """The verdict as data (the app's `/run_eval` returns it as `gate`; its Evals tab renders it)."""
        return {"passed": self.passed, "tolerance": self.tolerance,
                "regressions": [r.format() for r in self.regressions], "newly_failing": list(self.newly_failing)}

    def format(self) -> str:
        """A few lines for the terminal."""
        if self.passed:
            lines = [f"regression gate: passed (tolerance {self.tolerance:g})"]
        else:
            lines = [f"regression gate: FAILED, metrics more than {self.tolerance:g} below the baseline:"]
            lines += [f"  {r.format()}" for r in self.regressions]
        if self.newly_failing:
            lines.append(f"questions that went from pass to fail ({len(self.newly_failing)}): "
                         + ", ".join(self.newly_failing))
        return "\n".join(lines)


def _metrics_of(report: EvalReport | dict[str, Any]) -> dict[str, Any]:
    return report.to_dict() if isinstance(report, EvalReport) else report


def compare(
    baseline: EvalReport | dict[str, Any], current: EvalReport | dict[str, Any], tolerance: float = DEFAULT_TOLERANCE
) -> Comparison:
    """Gate `current` against `baseline`; a metric that is null (not applicable) on either side is skipped."""
    if tolerance < 0:
        raise ValueError(f"tolerance must not be negative, got {tolerance}")
    base, now = _metrics_of(baseline), _metrics_of(current)
    result = Comparison(tolerance=tolerance)
    for key in GATED_METRICS:
        b, c = base.get(key), now.get(key)
        if not _is_number(b) or not _is_number(c):
            continue
        if c < b - tolerance - _EPS:
            result.regressions.append(Regression(key, float(b), float(c)))
    before = {str(q.get("id")): bool(q.get("passed")) for q in base.get("per_question") or [] if isinstance(q, dict)}
    result.newly_failing = [
        str(q.get("id"))
        for q in now.get("per_question") or []
        if isinstance(q, dict) and before.get(str(q.get("id"))) is True and not q.get("passed")
    ]
    return result


def _is_number(v: Any) -> TypeGuard[float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def load_report(path: str | Path) -> dict[str, Any]:
    """Read a JSON report written by `write_json` (e.g. a baseline)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: no such report") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ReportError(f"{path}: cannot read the report: {e}") from None
    except json.JSONDecodeError as e:
        raise ReportError(f"{path}: not valid JSON (line {e.lineno}: {e.msg})") from None
    if not isinstance(data, dict) or not any(k in data for k in GATED_METRICS):
        raise ReportError(f"{path}: not an eval report (no metrics such as {GATED_METRICS[0]!r})")
    return data


def write_json(report: EvalReport, path: str | Path) -> Path:
    """Write the JSON report (metrics and per_question), creating the folder if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, (bool, int)):
        return str(v)
    if isinstance(v, float):
        return f"{v:.4f}"
    return str(v)


def _fmt_metric(key: str, v: Any) -> str:
    if key.startswith("latency") and isinstance(v, (int, float)):
        return f"{v:.1f}"
    return _fmt(v)


def metric_rows(metrics: EvalReport | dict[str, Any], baseline: dict[str, Any] | None = None) -> list[list[str]]:
    """One row per metric: its name, this run's value, the baseline's and the change, formatted for reading
    (the terminal and Markdown tables and the app's Evals tab show these rows)."""
    now, base = _metrics_of(metrics), baseline or {}
    rows = []
    for key in METRIC_KEYS:
        c, b = now.get(key), base.get(key)
        delta = f"{c - b:+.4f}" if _is_number(c) and _is_number(b) and not isinstance(c, int) else ""
        if key.startswith("latency") and _is_number(c) and _is_number(b):
            delta = f"{c - b:+.1f}"
        rows.append([key, _fmt_metric(key, c), _fmt_metric(key, b), delta])
    return rows


def metric_table(metrics: EvalReport | dict[str, Any], baseline: dict[str, Any] | None = None) -> str:
    """The metrics as a Markdown table, with baseline and change columns when a baseline is given."""
    if baseline is None:
        lines = ["| metric | value |", "|---|---:|"]
        lines += [f"| {key} | {value} |" for key, value, _, _ in metric_rows(metrics)]
        return "\n".join(lines)
    lines = ["| metric | value | baseline | change |", "|---|---:|---:|---:|"]
    lines += [f"| {key} | {c} | {b} | {delta} |" for key, c, b, delta in metric_rows(metrics, baseline)]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _failure(q: QuestionResult) -> list[str]:
    out = [f"### {q.id}: {_cell(q.question)}", ""]
    if q.tags:
        out.append(f"- tags: {', '.join(q.tags)}")
    out.append(f"- why: {'; '.join(q.reasons)}")
    if not q.answerable:
        out.append("- expected: an abstention")
    if q.evidence:
        out.append("- expected evidence: " + "; ".join(f"「{_cell(s)}」" for s in q.evidence))
    if q.answer_contains:
        out.append("- expected in the answer: " + "; ".join(f"「{_cell(s)}」" for s in q.answer_contains))
    if q.evidence:
        ranks = ", ".join(str(r) for r in q.ranks) if q.ranks else "none in the top 10"
        out.append(f"- relevant search ranks: {ranks}")
    out.append("- search top 3:" if q.top else "- search top 3: nothing retrieved")
    for p in q.top:
        mark = " ✓" if p.rank in q.ranks else ""
        out.append(f"  {p.rank}. {_cell(p.title) or '—'} | {_cell(p.heading) or '—'} | {_cell(p.preview)}{mark}")
    label = "answer (abstained)" if q.abstained else "answer"
    out.append(f"- {label}:")
    out += [f"  > {line}" if line.strip() else "  >" for line in (q.answer or "").splitlines() or [""]]
    if q.citations:
        out.append("- citations: " + ", ".join(f"`{c}`" for c in q.citations))
    out.append("")
    return out


def to_markdown(report: EvalReport, *, title: str = "Eval report", baseline: dict[str, Any] | None = None) -> str:
    """The Markdown report: the metric table, the failures one by one, then metrics by tag."""
    m = report.metrics
    failures = report.failures
    lines = [f"# {title}", "", f"{m.get('n')} questions, k = {report.k}; {len(failures)} failed.", "",
             "## Metrics", "", metric_table(report, baseline), ""]
    lines += [f"## Failures ({len(failures)})", ""]
    if not failures:
        lines += ["Every question passed.", ""]
    for q in failures:
        lines += _failure(q)
    by_tag = report.by_tag()
    lines += ["## By tag", ""]
    if by_tag:
        lines.append("| tag | " + " | ".join(_TAG_COLUMNS) + " |")
        lines.append("|---|" + "---:|" * len(_TAG_COLUMNS))
        for tag, row in by_tag.items():
            lines.append(f"| {_cell(tag)} | " + " | ".join(_fmt(row.get(c)) for c in _TAG_COLUMNS) + " |")
    else:
        lines.append("No question has tags.")
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(
    report: EvalReport, path: str | Path, *, title: str = "Eval report", baseline: dict[str, Any] | None = None
) -> Path:
    """Write `to_markdown(report)` to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_markdown(report, title=title, baseline=baseline), encoding="utf-8")
    return path
