"""The modules of the ``kb`` package import each other without a cycle.

Lazy imports inside functions hide a cycle from Python (it only fails once someone moves
the import to the top), so the graph here counts every import statement of a module,
at module level or inside a function, parsed with ``ast`` rather than executed.
"""

from __future__ import annotations

import ast
from pathlib import Path

from kb.kinds import ROOT

PACKAGE_DIR = ROOT / "scripts" / "kb"


def module_name(path: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """kb.render.finder for scripts/kb/render/finder.py, kb.rules for rules/__init__.py."""
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package_dir: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Module → the kb modules it imports (every import statement, wherever it is)."""
    files = {module_name(p, package_dir): p for p in sorted(package_dir.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    # A package's own __init__ is its base; a module's base is its package.
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                # "from . import md" imports the module kb.render.md, not only the package.
                submodules = {f"{source}.{alias.name}" for alias in node.names} & files.keys()
                targets.update(submodules or {source})
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path for each cycle found by a depth-first search (empty when acyclic)."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    # Module-level relative imports, and the lazy one kept in criterion._eu.
    assert "kb.text" in graph["kb.render.finder"]
    assert "kb.render.criterion" in graph["kb.render.finder"]
    assert "kb.codelists" in graph["kb.render.criterion"]


def test_cycle_finder_reports_a_cycle(tmp_path):
    pkg = tmp_path / "kb"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .sub import b\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..a import g\n")
    assert cycles(import_graph(pkg)) == [["kb.a", "kb.sub.b", "kb.a"]]


def test_kb_package_has_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles: " + "; ".join(" -> ".join(c) for c in found)
