"""Dependencies point one way: every import under planning/, app/ and streamlit_app.py, read with
``ast`` (imports inside functions and under ``TYPE_CHECKING`` included), follows the layer table.

Layers (the developers' guide, "Shape"): the kernel is the top-level modules of ``planning/``
(domain, errors, formatting, calendar, travel, names, results, variants, and any new one);
``planning/__main__.py`` is the command line's entry point.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: Each layer → the layers its modules may import. A new package under planning/ needs a row.
ALLOWED_IMPORTS: dict[str, frozenset[str]] = {
    "kernel": frozenset({"kernel"}),
    "io": frozenset({"kernel", "io"}),
    "solver": frozenset({"kernel", "solver"}),
    "campaign": frozenset({"kernel", "io", "campaign"}),
    "report": frozenset({"kernel", "io", "campaign", "report"}),
    "sweep": frozenset({"kernel", "io", "solver", "campaign", "report", "sweep"}),
    "cli": frozenset({"kernel", "io", "solver", "campaign", "report", "sweep", "cli"}),
    "app": frozenset({"kernel", "io", "solver", "campaign", "report", "sweep", "app"}),
}
#: Third-party packages → the only layers that may import them.
RESTRICTED_PACKAGES: dict[str, frozenset[str]] = {
    "ortools": frozenset({"solver"}),
    "streamlit": frozenset({"app"}),
    "streamlit_folium": frozenset({"app"}),
    "dask": frozenset({"sweep"}),
    "distributed": frozenset({"sweep"}),
}
#: Packages of planning/ that are layers of their own (the rest of planning/ is the kernel).
PLANNING_PACKAGES = frozenset({"io", "solver", "campaign", "report", "sweep", "cli"})


def layer_of_module(module: str) -> str | None:
    """The layer of a dotted module name of this project (``None`` for other packages)."""
    parts = module.split(".")
    if parts[0] == "streamlit_app" or parts[0] == "app":
        return "app"
    if parts[0] != "planning":
        return None
    if len(parts) == 1:
        return "kernel"
    if parts[1] == "__main__":
        return "cli"
    return parts[1] if parts[1] in PLANNING_PACKAGES else "kernel"


def module_name(path: Path) -> str:
    """``planning/io/table.py`` → ``planning.io.table``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool) -> set[str]:
    """Every module ``source`` imports, anywhere in it, as absolute dotted names.

    ``from planning import io`` counts as ``planning.io``; relative imports are resolved against
    ``module``.
    """
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            if base in ("planning", "app"):  # from planning import io: the module is planning.io
                found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def python_files() -> list[Path]:
    files = sorted((REPO / "planning").rglob("*.py")) + sorted((REPO / "app").rglob("*.py"))
    return [*files, REPO / "streamlit_app.py"]


def layer_of_file(path: Path) -> str | None:
    return layer_of_module(module_name(path))


def _imports(path: Path) -> set[str]:
    return imported_modules(path.read_text("utf-8"), module_name(path), path.name == "__init__.py")


def test_every_module_has_a_layer() -> None:
    unknown = [str(p.relative_to(REPO)) for p in python_files() if layer_of_file(p) is None]
    assert not unknown
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


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("planning.domain", "kernel"),
        ("planning.wording", "kernel"),
        ("planning", "kernel"),
        ("planning.__main__", "cli"),
        ("planning.io.teams", "io"),
        ("planning.campaign.replan", "campaign"),
        ("planning.sweep.engine", "sweep"),
        ("app.pages.progress", "app"),
        ("streamlit_app", "app"),
        ("pandas", None),
    ],
)
def test_layer_of_module(module: str, layer: str | None) -> None:
    assert layer_of_module(module) == layer
