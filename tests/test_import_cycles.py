"""No import cycle among Dela's modules, counting the imports made inside functions
(a lazy import hides a cycle from Python, not from the reader).

Two shapes are idioms, not faults, and are left out of the graph:
- a page model's routes handing over to its app's views, feeds or exports
  (Wagtail's RoutablePage: ``models -> views``);
- queueing a background task: the module that queues it imports the app's ``tasks``
  module, whose task calls back into it (``services -> tasks -> services``).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [ROOT / "site", ROOT / "network", ROOT / "media", ROOT / "search"]
ROUTE_TARGETS = {"views", "feeds", "exporter"}


def _module_files():
    files = {}
    for package in PACKAGES:
        for path in package.rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[0] == "site":
                parts = parts[1:]
            if "migrations" in parts or "settings" in parts or "management" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            files[".".join(parts)] = path
    return files


def _imports(name, path, known):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            candidates = [target, *(f"{target}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found |= {c for c in candidates if c in known and c != name}
    return found


def _idiom(source, target):
    source_app, _, source_module = source.rpartition(".")
    target_app, _, target_module = target.rpartition(".")
    if source_app != target_app:
        return False
    routes = source_module == "models" and target_module in ROUTE_TARGETS
    return routes or target_module == "tasks"


def import_graph():
    files = _module_files()
    return {
        name: {t for t in _imports(name, path, files) if not _idiom(name, t)}
        for name, path in files.items()
    }


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_check_finds_a_cycle():
    assert cycles({"a.x": {"a.y"}, "a.y": {"a.x"}, "a.z": set()}) == [["a.x", "a.y"]]
    assert not _idiom("a.models", "b.views") and _idiom("a.models", "a.views")


def test_no_import_cycle_outside_the_idioms():
    graph = import_graph()
    assert len(graph) > 100  # the whole project was read
    assert cycles(graph) == []
