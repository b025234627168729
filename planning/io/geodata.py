"""Finding boundary files at run time.

Boundary files are never committed to the repository (licences, size, personal data). A scenario
names its file in the ``[scenario] boundaries`` key; this module finds it, first hit wins:

1. an absolute path that exists;
2. the scenario's own folder (a relative name is taken relative to it);
3. each folder of the environment variable ``CCCD_GEODATA`` (``os.pathsep``-separated);
4. ``<repo>/geodata`` (git-ignored except its README);
5. ``<repo>/../shared/geodata`` (the project's shared data).
"""

from __future__ import annotations

import os
from pathlib import Path

from planning.errors import InputError, Problem, error
from planning.io.files import REPO_ROOT

#: Environment variable holding extra folders to search, separated by ``os.pathsep``.
GEODATA_ENV_VAR = "CCCD_GEODATA"


def repo_root() -> Path:
    """The repository root (the folder holding ``planning/``)."""
    return REPO_ROOT


def geodata_search_path(scenario_dir: Path | None = None) -> list[Path]:
    """Folders searched for a boundary file, in order, without duplicates."""
    folders: list[Path] = []
    if scenario_dir is not None:
        folders.append(Path(scenario_dir))
    for part in os.environ.get(GEODATA_ENV_VAR, "").split(os.pathsep):
        if part.strip():
            folders.append(Path(part.strip()).expanduser())
    root = repo_root()
    folders.append(root / "geodata")
    folders.append(root.parent / "shared" / "geodata")
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique


def resolve_boundary_file(name: str, scenario_dir: Path | None = None) -> Path:
    """The absolute path of boundary file ``name``; :class:`InputError` if no folder holds it.

    ``name`` may be an absolute path, a file name or a relative path (``tinh/xa.geojson``).
    """
    name = (name or "").strip()
    if not name:
        raise InputError([_not_named_problem()])
    candidate = Path(name).expanduser()
    if candidate.is_absolute():
        if candidate.is_file():
            return candidate
        looked = [candidate.parent]
    else:
        looked = geodata_search_path(scenario_dir)
        for folder in looked:
            path = folder / candidate
            if path.is_file():
                return path.resolve()
    raise InputError([_not_found_problem(name, looked)])


def _not_named_problem() -> Problem:
    """The error for a scenario that names no boundary file."""
    return error(
        "Kịch bản chưa ghi tên tệp ranh giới.",
        "The scenario names no boundary file.",
        field="boundaries",
        fix_vi="Ghi tên tệp vào khóa boundaries trong mục [scenario].",
        fix_en="Put the file name in the boundaries key of the [scenario] section.",
    )


def _not_found_problem(name: str, looked: list[Path]) -> Problem:
    """The error for a boundary file that no searched folder holds, naming every folder."""
    folders = "; ".join(str(f) for f in looked)
    geodata = repo_root() / "geodata"
    return error(
        f'Không tìm thấy tệp ranh giới "{name}". Đã tìm trong các thư mục: {folders}.',
        f'Boundary file "{name}" not found. Folders searched: {folders}.',
        file=name,
        field="boundaries",
        fix_vi=(
            f"Chép tệp vào thư mục {geodata}/, hoặc đặt biến môi trường "
            f"{GEODATA_ENV_VAR}=/đường/dẫn/thư/mục, hoặc ghi đường dẫn tuyệt đối "
            "ở khóa boundaries trong mục [scenario] của kịch bản."
        ),
        fix_en=(
            f"Copy the file into {geodata}/, or set {GEODATA_ENV_VAR}=/path/to/folder, "
            "or give an absolute path in the boundaries key of the scenario's [scenario] section."
        ),
    )
