"""English questions in wording the glossary was not written for: the broad set's English questions with
the glossary's hand-written terms left out (its places and intent words kept), so that only CC-CEDICT and
the pinyin readings translate them.

    python -m evals.english_probe --store PATH [--split dev|test] [--json]

The glossary's terms were added while tuning on the dev half, so the dev half's English figures say little
about a question in new words; this probe does (without the terms, the dev half's English questions fail
mostly as the test half's do: evidence not found, or abstained). The store is a broad store, as
`assistant eval --benchmark broad --store PATH` builds it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from assistant.config import offline_environment
from assistant.glossary import Glossary

__all__ = ["failure_kind", "main", "without_terms"]


def without_terms(glossary: Glossary) -> Glossary:
    """The glossary with only its place and intent entries: what no tuning on questions put there."""
    return Glossary([e for e in glossary.entries if e.kind != "term"])


def failure_kind(reasons: list[str]) -> str:
    """The kind of a failed question, the first that applies: no evidence, near miss, abstained, fact, citation."""
    if any("no evidence in top" in r for r in reasons):
        return "no evidence in top k"
    if "should have abstained" in reasons:
        return "near miss answered"
    if any("abstained on" in r for r in reasons):
        return "abstained on answerable"
    if any("lacks" in r for r in reasons):
        return "answer lacks a fact"
    return "extra citation"


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    from assistant.api import ConfigError, build_assistant
    from assistant.config import Settings
    from assistant.glossary import load_glossary
    from evals.benchmarks import BROAD_SET
    from evals.broad import SPLITS, load_split
    from evals.runner import run_eval
    from index.store import StoreError

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--store", type=Path, required=True, help="a broad store (assistant eval --benchmark broad)")
    p.add_argument("--split", choices=SPLITS, default="dev")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = p.parse_args(argv)
    items = [i for i in load_split(BROAD_SET, args.split) if "en" in i.tags]
    out = {}
    for name, glossary in (("with glossary", load_glossary()), ("without its terms", without_terms(load_glossary()))):
        try:
            assistant = build_assistant(Settings(store=args.store), create=False, glossary=glossary)
        except (StoreError, ConfigError) as e:  # no store there, or one built by another pipeline version
            print(f"english_probe: {e}", file=sys.stderr)
            return 2
        try:
            report = run_eval(assistant, items)
        finally:
            assistant.close()
        failed = Counter(failure_kind(q.reasons) for q in report.questions if not q.passed)
        out[name] = {"questions": len(items), "passed": sum(q.passed for q in report.questions),
                     "hit@5": report.metrics.get("hit@5"), "mrr": report.metrics.get("mrr"), "failed": dict(failed)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for name, f in out.items():
            print(f"{args.split}, {name}: {f['passed']}/{f['questions']} pass, hit@5 {f['hit@5']:.3f}, "
                  f"MRR {f['mrr']:.3f}; failed: {f['failed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
