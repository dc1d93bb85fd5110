"""The shape of the source tree: no import circle anywhere in ``src/``, and only the store
package (:mod:`zorgakkoorden.store`) talks to pyoxigraph, oxrdflib or rdflib's store plugins."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "zorgakkoorden"
STORE = PACKAGE / "store"
STORE_LIBRARIES = ("pyoxigraph", "oxrdflib", "rdflib.plugins.stores")
IMPORT_TEXT = re.compile(r"\b(?:import|from)\s+(?:pyoxigraph|oxrdflib|rdflib\.plugins\.stores)\b|import_module\(\s*[\"'](?:pyoxigraph|oxrdflib)")


def modules(root: Path = PACKAGE) -> dict[str, tuple[Path, bool]]:
    """Every module below ``root``: dotted name -> (file, whether it is a package's ``__init__``)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        is_init = parts[-1] == "__init__"
        if is_init:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_init)
    return found


def imported_names(path: Path, name: str, is_init: bool):
    """Every module name an ``import`` anywhere in the file names (inside functions too), absolute."""
    base = name.split(".") if is_init else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                module = ".".join(anchor + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                yield module, alias.name


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports. A package's ``__init__`` importing its
    own submodules (re-exports) is left out; every other import counts, wherever it stands."""
    mods = modules(root)
    graph: dict[str, set[str]] = {}
    for name, (path, is_init) in mods.items():
        deps = set()
        for module, member in imported_names(path, name, is_init):
            target = f"{module}.{member}" if member and f"{module}.{member}" in mods else module
            if target in mods and target != name:
                deps.add(target)
        if is_init:
            deps = {d for d in deps if not d.startswith(name + ".")}
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_the_cycle_finder_finds_a_circle_through_an_import_inside_a_function(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from . import a\n", encoding="utf-8")
    (package / "a.py").write_text("from .b import x\n", encoding="utf-8")
    (package / "b.py").write_text("def f():\n    from . import c\n", encoding="utf-8")
    (package / "c.py").write_text("import pkg.a\n", encoding="utf-8")
    (package / "d.py").write_text("from .a import y\n", encoding="utf-8")
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_src_has_no_import_circle():
    assert cycles(import_graph()) == []


def test_only_the_store_package_imports_pyoxigraph_oxrdflib_or_rdflib_store_plugins():
    offenders = []
    for name, (path, is_init) in modules().items():
        if path.is_relative_to(STORE):
            continue
        for module, member in imported_names(path, name, is_init):
            full = f"{module}.{member}" if member else module
            if any(full == lib or full.startswith(lib + ".") for lib in STORE_LIBRARIES):
                offenders.append(f"{path.relative_to(REPO)}: {full}")
        # grep-like too: an import written any other way (exec, a string) is found by its text
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if IMPORT_TEXT.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []
