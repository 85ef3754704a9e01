"""Imports point one way (ARCHITECTURE.md): ui over bench over solver and store over model.

The rule: a module may import its own package and the packages of lower layers only;
`solver` and `store` share a layer and never import each other; no two modules import each
other, directly or round a longer circle. Every import statement counts, the ones inside
functions too, since they run just the same.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Layer of each top-level package; an import may only go to a strictly lower layer or stay
#: inside its own package.
LAYERS = {"model": 0, "solver": 1, "store": 1, "bench": 2, "ui": 3}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    where: str


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path) -> dict[str, Path]:
    """Every module of the layered packages under `root`, by dotted name."""
    modules = {}
    for package in LAYERS:
        for path in sorted((root / package).rglob("*.py")):
            if ".venv" not in path.parts:
                modules[module_name(root, path)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module an imported dotted name lives in (a name may be an attribute)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _imported_names(node: ast.AST, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        return [source] + [f"{source}.{alias.name}" for alias in node.names]
    return []


def import_edges(root: Path) -> list[Edge]:
    """Every import from one project module to another, with its file and line."""
    modules = project_modules(root)
    edges = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            targets = {_resolve(imported, modules)
                       for imported in _imported_names(node, package)}
            for target in sorted(t for t in targets if t and t != name):
                where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
                edges.append(Edge(name, target, where))
    return edges


def layer_breaches(edges: list[Edge]) -> list[str]:
    """Imports that go up a layer or sideways to the other package of the same layer."""
    out = []
    for edge in edges:
        source, target = edge.source.split(".")[0], edge.target.split(".")[0]
        if source != target and LAYERS[target] >= LAYERS[source]:
            out.append(f"{edge.where}: {edge.source} imports {edge.target}")
    return out


def import_cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative Tarjan: a frame is (node, iterator over its successors).
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_imports_point_down_the_layers():
    breaches = layer_breaches(import_edges(ROOT))
    assert breaches == [], "\n".join(breaches)


def test_no_two_modules_import_each_other():
    cycles = import_cycles(import_edges(ROOT))
    assert cycles == [], "\n".join(" <-> ".join(group) for group in cycles)


def test_every_layered_package_is_walked():
    names = project_modules(ROOT)
    assert {name.split(".")[0] for name in names} == set(LAYERS)
    assert len(names) > 50


def _write(root: Path, files: dict[str, str]) -> None:
    for package in LAYERS:
        (root / package).mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").write_text("")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_walk_catches_upward_sideways_and_function_level_imports(tmp_path):
    # model/a.py imports solver inside a function (upward); solver/b.py imports store
    # (sideways); ui/c.py imports solver and model (allowed): two breaches, nothing else.
    _write(tmp_path, {
        "model/a.py": "def f():\n    from solver.b import g\n    return g\n",
        "solver/b.py": "import store.d\n\ndef g():\n    return 1\n",
        "store/d.py": "from model import a\n",
        "ui/c.py": "from solver.b import g\nfrom model.a import f\n",
    })
    breaches = layer_breaches(import_edges(tmp_path))
    assert breaches == ["model/a.py:2: model.a imports solver.b",
                        "solver/b.py:1: solver.b imports store.d"]


def test_the_walk_catches_relative_imports_and_cycles(tmp_path):
    # ui/x.py -> ui/y.py -> ui/z.py -> ui/x.py is a circle of three; model/p.py <-> model/q.py
    # by relative imports is a circle of two; ui/w.py -> ui/x.py is not in a circle.
    _write(tmp_path, {
        "ui/x.py": "from ui import y\n",
        "ui/y.py": "from .z import thing\n",
        "ui/z.py": "import ui.x\nthing = 1\n",
        "ui/w.py": "from ui.x import y\n",
        "model/p.py": "from . import q\n",
        "model/q.py": "from .p import name\n",
    })
    assert import_cycles(import_edges(tmp_path)) == [["model.p", "model.q"],
                                                     ["ui.x", "ui.y", "ui.z"]]
