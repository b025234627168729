"""Dependencies point one way: every import under planning/, app/ and streamlit_app.py, read with
``ast`` (imports inside functions and under ``TYPE_CHECKING`` included), follows the layer table
of docs/ARCHITECTURE.md, no two modules import each other (directly or round a longer loop), and an
import sits inside a function only where the written rule allows it.

Layers: the kernel is the top-level modules of ``planning/`` listed in :data:`KERNEL_MODULES` (a
new top-level module fails :func:`test_every_module_has_a_layer` until it is listed there or moved
into a layer's package); ``planning/__main__.py`` is the command line's entry point.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: The kernel, listed: frozen domain objects and the rules every layer shares, no files.
KERNEL_MODULES = frozenset(
    {
        "planning",
        "planning.calendar",
        "planning.domain",
        "planning.errors",
        "planning.formatting",
        "planning.frozen_map",
        "planning.names",
        "planning.outcomes",
        "planning.reasons",
        "planning.results",
        "planning.travel",
        "planning.variants",
        "planning.wording",
    }
)
#: Each layer → the layers its modules may import. A new package under planning/ needs a row.
ALLOWED_IMPORTS: dict[str, frozenset[str]] = {
    "kernel": frozenset({"kernel"}),
    "io": frozenset({"kernel", "io"}),
    "drafting": frozenset({"kernel", "io", "drafting"}),
    "solver": frozenset({"kernel", "solver"}),
    "campaign": frozenset({"kernel", "io", "campaign"}),
    "report": frozenset({"kernel", "io", "drafting", "campaign", "report"}),
    "sweep": frozenset({"kernel", "io", "drafting", "solver", "campaign", "report", "sweep"}),
    "cli": frozenset({"kernel", "io", "drafting", "solver", "campaign", "report", "sweep", "cli"}),
    "app": frozenset({"kernel", "io", "drafting", "solver", "campaign", "report", "sweep", "app"}),
}
#: Modules a layer may not import although their layer is allowed: the solver returns structured
#: reasons (planning.reasons) and never words them (planning.wording does, for every reader).
FORBIDDEN_MODULES: dict[str, frozenset[str]] = {
    "solver": frozenset({"planning.wording"}),
}
#: Third-party packages → the only layers that may import them.
RESTRICTED_PACKAGES: dict[str, frozenset[str]] = {
    "ortools": frozenset({"solver"}),
    "streamlit": frozenset({"app"}),
    "streamlit_folium": frozenset({"app"}),
    "dask": frozenset({"sweep"}),
    "distributed": frozenset({"sweep"}),
}
#: Packages of planning/ that are layers of their own.
PLANNING_PACKAGES = frozenset({"io", "drafting", "solver", "campaign", "report", "sweep", "cli"})

#: The rule for imports inside a function (docs/ARCHITECTURE.md, "Imports inside functions"):
#: entry points (a CLI command, an app page) load what they run; elsewhere an import sits inside
#: a function only for a module that is slow to load and not needed by the module's other
#: callers: one of these packages, or a module of this project that loads one of them when
#: imported (found from the top-level imports, so the list below is all there is to keep).
ENTRY_LAYERS = frozenset({"cli", "app"})
SLOW_PACKAGES = frozenset(
    {"geopandas", "folium", "matplotlib", "openpyxl", "fontTools", "distributed", "ortools"}
)
#: Standard modules that exist on one platform only (file locks).
PLATFORM_MODULES = frozenset({"fcntl", "msvcrt"})


def layer_of_module(module: str) -> str | None:
    """The layer of a dotted module name of this project (``None`` for other packages and for a
    top-level module of ``planning`` that is not listed in :data:`KERNEL_MODULES`)."""
    parts = module.split(".")
    if parts[0] == "streamlit_app" or parts[0] == "app":
        return "app"
    if parts[0] != "planning":
        return None
    if len(parts) > 1 and parts[1] == "__main__":
        return "cli"
    if len(parts) > 1 and parts[1] in PLANNING_PACKAGES:
        return parts[1]
    return "kernel" if ".".join(parts[:2]) in KERNEL_MODULES else None


def module_name(path: Path) -> str:
    """``planning/io/table.py`` → ``planning.io.table``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    base = node.module or ""
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    return base


def _names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> set[str]:
    """The modules one import statement brings (``from planning import io`` → planning.io)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    base = _absolute(node, module, is_package)
    found = {base}
    if base.split(".")[0] in ("planning", "app"):  # from planning.io import table: a module
        found.update(f"{base}.{a.name}" for a in node.names if a.name != "*")
    return found


def imported_modules(source: str, module: str, is_package: bool) -> set[str]:
    """Every module ``source`` imports, anywhere in it, as absolute dotted names.

    ``from planning import io`` counts as ``planning.io``; relative imports are resolved against
    ``module``. Names that are not modules (``from planning.io.table import read``) count as
    ``planning.io.table.read``: :func:`project_module` maps them back to their module.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found |= _names(node, module, is_package)
    return found


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _top_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported: module level and class bodies, not functions,
    not ``if TYPE_CHECKING:``."""
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or _is_type_checking(node):
            continue
        else:
            stack.extend(n for n in ast.iter_child_nodes(node) if isinstance(n, ast.stmt))


def _function_imports(tree: ast.Module) -> Iterator[tuple[str, ast.Import | ast.ImportFrom]]:
    """(function name, import) for every import inside a function."""
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield func.name, node


def python_files() -> list[Path]:
    files = sorted((REPO / "planning").rglob("*.py")) + sorted((REPO / "app").rglob("*.py"))
    return [*files, REPO / "streamlit_app.py"]


@cache
def project_modules() -> dict[str, Path]:
    """Every module of this project by dotted name."""
    return {module_name(p): p for p in python_files()}


def project_module(name: str) -> str | None:
    """The project module ``name`` is or lies in: ``planning.io.table.read`` → planning.io.table."""
    modules = project_modules()
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def layer_of_file(path: Path) -> str | None:
    return layer_of_module(module_name(path))


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"))


def _imports(path: Path) -> set[str]:
    return imported_modules(path.read_text("utf-8"), module_name(path), path.name == "__init__.py")


def test_every_module_has_a_layer() -> None:
    unknown = [str(p.relative_to(REPO)) for p in python_files() if layer_of_file(p) is None]
    assert not unknown, (
        "a top-level module of planning/ is the kernel only when tests/test_layers.py lists it "
        "in KERNEL_MODULES (see docs/ARCHITECTURE.md); else move it into a layer's package: "
        + ", ".join(unknown)
    )
    assert set(project_modules()) >= KERNEL_MODULES, "KERNEL_MODULES lists a module that is gone"
    packages = {p.parent.name for p in (REPO / "planning").glob("*/__init__.py")}
    assert packages == PLANNING_PACKAGES, "a new package under planning/ needs a layer"
    assert set(ALLOWED_IMPORTS) == {"kernel", "app", *PLANNING_PACKAGES}


def test_imports_follow_the_layers() -> None:
    wrong = []
    for path in python_files():
        layer = layer_of_file(path)
        assert layer is not None
        for module in sorted(_imports(path)):
            target = layer_of_module(module)
            if target is not None and target not in ALLOWED_IMPORTS[layer]:
                wrong.append(f"{path.relative_to(REPO)} ({layer}) imports {module} ({target})")
            if project_module(module) in FORBIDDEN_MODULES.get(layer, ()):
                wrong.append(f"{path.relative_to(REPO)} ({layer}) may not import {module}")
    assert not wrong, "\n".join(wrong)


def test_only_their_layers_import_ortools_and_streamlit() -> None:
    wrong = []
    for path in python_files():
        layer = layer_of_file(path)
        for module in sorted(_imports(path)):
            allowed = RESTRICTED_PACKAGES.get(module.split(".")[0])
            if allowed is not None and layer not in allowed:
                wrong.append(f"{path.relative_to(REPO)} ({layer}) imports {module}")
    assert not wrong, "\n".join(wrong)


def test_the_solver_and_the_app_do_use_their_packages() -> None:
    """The checks above see real imports: ortools in the solver, streamlit in the app."""
    by_layer: dict[str, set[str]] = {}
    for path in python_files():
        by_layer.setdefault(str(layer_of_file(path)), set()).update(
            m.split(".")[0] for m in _imports(path)
        )
    assert "ortools" in by_layer["solver"]
    assert {"streamlit", "streamlit_folium"} <= by_layer["app"]


def _run_time_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that can run: module level, class bodies and functions; not the
    annotations-only imports under ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif not (isinstance(node, ast.stmt) and _is_type_checking(node)):
            stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports when run (top level and inside functions; an
    annotation under ``TYPE_CHECKING`` never runs and may name a module that imports this one).
    Importing a module also runs its packages' ``__init__``; that is not counted as an edge."""
    graph: dict[str, set[str]] = {}
    for name, path in project_modules().items():
        is_package = path.name == "__init__.py"
        names = {
            n for node in _run_time_imports(_tree(path)) for n in _names(node, name, is_package)
        }
        targets = {project_module(m) for m in names}
        graph[name] = {t for t in targets if t is not None and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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


def test_no_import_cycles() -> None:
    """No module imports itself round a loop, not even from inside a function: a cycle hidden
    in a function is still two modules that cannot be understood (or moved) apart."""
    assert "planning.drafting.request" in import_graph()["planning.drafting.on_layer2025"]
    assert cycles(import_graph()) == []


def _loads_slow_package(module: str, seen: frozenset[str] = frozenset()) -> bool:
    """True when importing the project ``module`` loads one of :data:`SLOW_PACKAGES`."""
    path = project_modules()[module]
    for node in _top_level_imports(_tree(path)):
        for name in _names(node, module, path.name == "__init__.py"):
            if name.split(".")[0] in SLOW_PACKAGES:
                return True
            target = project_module(name)
            inner = target is not None and target not in seen | {module}
            if inner and _loads_slow_package(str(target), seen | {module}):
                return True
    return False


def may_sit_in_a_function(name: str) -> bool:
    """The rule's second half: a slow package, a project module that loads one, a platform
    module."""
    top = name.split(".")[0]
    if top in SLOW_PACKAGES or top in PLATFORM_MODULES:
        return True
    target = project_module(name)
    return target is not None and _loads_slow_package(target)


def test_imports_inside_functions_follow_the_rule() -> None:
    wrong = []
    for path in python_files():
        if layer_of_file(path) in ENTRY_LAYERS:
            continue
        module = module_name(path)
        for func, node in _function_imports(_tree(path)):
            names = _names(node, module, path.name == "__init__.py")
            brought = {project_module(n) or n for n in names} - {"planning", "app"}
            for name in sorted(brought):
                if not may_sit_in_a_function(name):
                    wrong.append(f"{path.relative_to(REPO)}:{node.lineno} ({func}) {name}")
    assert not wrong, "imports that belong at the top of their module:\n" + "\n".join(wrong)


SNIPPET = """
from __future__ import annotations
from typing import TYPE_CHECKING
from . import errors
from .io import table
if TYPE_CHECKING:
    from planning.solver import SolveResult

def later() -> None:
    import streamlit as st
    from planning import report
"""


def test_imports_inside_functions_type_checking_and_relative_are_seen() -> None:
    found = imported_modules(SNIPPET, "planning.domain", is_package=False)
    assert {
        "planning.errors",
        "planning.io",
        "planning.solver",
        "streamlit",
        "planning.report",
    } <= found
    assert {layer_of_module(m) for m in found} >= {"kernel", "io", "solver", "report"}
    tree = ast.parse(SNIPPET)
    top = {n for node in _top_level_imports(tree) for n in _names(node, "planning.domain", False)}
    assert "planning.solver" not in top and "streamlit" not in top and "planning.io" in top
    assert [f for f, _ in _function_imports(tree)] == ["later", "later"]


def test_a_loop_of_imports_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_rule_tells_slow_modules_from_light_ones() -> None:
    assert may_sit_in_a_function("planning.io.boundaries")  # loads geopandas
    assert may_sit_in_a_function("openpyxl") and may_sit_in_a_function("fcntl")
    assert not may_sit_in_a_function("planning.names")
    assert not may_sit_in_a_function("planning.io.files")


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("planning.domain", "kernel"),
        ("planning.wording", "kernel"),
        ("planning", "kernel"),
        ("planning.__main__", "cli"),
        ("planning.io.teams", "io"),
        ("planning.drafting.on_layer2025", "drafting"),
        ("planning.campaign.replan", "campaign"),
        ("planning.sweep.engine", "sweep"),
        ("app.pages.progress", "app"),
        ("streamlit_app", "app"),
        ("pandas", None),
        ("planning.something_new", None),  # not listed: no layer until it is classified
    ],
)
def test_layer_of_module(module: str, layer: str | None) -> None:
    assert layer_of_module(module) == layer
