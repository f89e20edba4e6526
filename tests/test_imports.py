"""The import graph of `index/`, `assistant/`, `assistant/ui/` and `evals/` has layers and no cycles.

Layers, lowest first: `index` <- `assistant` (the answering core) <- `evals` <- `assistant.ui` <- entry
points (the CLI, which wires the eval command and the feedback export). A module may import from its own
layer and the layers below it, never above; `evals` takes from the core only its records
(`assistant.types`): an assistant is handed to it, never built by it. Every import counts, those inside
functions too; only `if TYPE_CHECKING:` blocks (never run) are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("index", "assistant", "evals")
# Command-line programs: they sit on top and may import any layer (the two tuning programs read eval sets,
# the benchmark programs and the English probe build assistants, the former also start the app).
ENTRY_POINTS = {"assistant.cli", "assistant.calibrate", "assistant.rerank_train", "evals.bench_app",
                "evals.bench_index", "evals.bench_load", "evals.bench_query", "evals.english_probe"}
EVALS_TAKE_FROM_THE_CORE = {"assistant.types"}
LAYERS = ("index", "assistant", "evals", "assistant.ui", "entry")
# A cycle inside one package that is known and not yet untangled: evals/benchmarks.py loads
# evals/broad_corpus.py on use, which reads benchmark files with benchmarks.py's helpers.
KNOWN_CYCLES: list[set[str]] = []


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for f in (ROOT / pkg).rglob("*.py"):
            name = ".".join(f.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = f
    return out


def _imports(path: Path, known: set[str]) -> set[str]:
    """The project modules `path` imports (a `from pkg import name` counts as pkg.name when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {id(n) for node in ast.walk(tree)
                 if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                 for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found & known


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}


def _layer(module: str) -> int:
    if module in ENTRY_POINTS:
        return LAYERS.index("entry")
    if module == "assistant.ui" or module.startswith("assistant.ui."):
        return LAYERS.index("assistant.ui")
    return LAYERS.index(module.split(".")[0])


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_imports_from_a_layer_above_its_own():
    graph = _graph()
    assert "assistant.cli" in graph and "evals.command" in graph  # the walk found the packages
    upward = sorted(f"{m} -> {d}" for m, deps in graph.items() for d in deps if _layer(d) > _layer(m))
    assert not upward, upward


def test_evals_take_only_records_from_the_core_and_the_cli_no_ui():
    graph = _graph()
    taken = sorted(f"{m} -> {d}" for m, deps in graph.items() if _layer(m) == LAYERS.index("evals")
                   for d in deps if _layer(d) == LAYERS.index("assistant") and d not in EVALS_TAKE_FROM_THE_CORE)
    assert not taken, taken
    assert not {d for d in graph["assistant.cli"] if _layer(d) == LAYERS.index("assistant.ui")}


def test_there_is_no_import_cycle():
    assert [c for c in _cycles(_graph()) if c not in KNOWN_CYCLES] == []


def test_the_check_sees_a_cycle_and_an_upward_import():
    graph = {"assistant.api": {"evals.runner"}, "evals.runner": {"assistant.api"}}
    assert _cycles(graph) == [{"assistant.api", "evals.runner"}]
    assert _layer("evals.runner") > _layer("assistant.api") > _layer("index.store")
    assert _layer("assistant.cli") > _layer("assistant.ui.app") > _layer("evals.command")
