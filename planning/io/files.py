"""Files in and out: every reader's guard before it reads an input file (missing, not a file,
empty, too large), and safe writing (a file is either its old or its new content, never half)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from planning.errors import InputError, Problem, error

#: The repository root (the folder holding ``planning/``): shipped scenarios, the git-ignored
#: ``geodata/`` and ``workspace/`` folders, and ``../shared`` are found from here.
REPO_ROOT = Path(__file__).resolve().parents[2]


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, fsync, rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp_name).replace(path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


# --- input files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputFileKind:
    """How one reader names its input file in messages and which fixes it suggests.

    The checks themselves (missing, not a regular file, empty, above the size limit) are the same
    for every reader: :func:`input_file_problem`. ``what_vi``/``what_en`` name the file in the
    messages ("tệp kịch bản" / "scenario file"); ``empty_vi``/``empty_en`` replace the default
    "… rỗng" message where a reader says more (a boundary file "holds no communes").
    """

    what_vi: str = "tệp"
    what_en: str = "file"
    field: str = ""
    fix_missing_vi: str = "Kiểm tra tên và thư mục của tệp."
    fix_missing_en: str = "Check the file name and folder."
    empty_vi: str = ""
    empty_en: str = ""
    fix_empty_vi: str = ""
    fix_empty_en: str = ""
    fix_too_big_vi: str = ""
    fix_too_big_en: str = ""


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def input_file_problem(
    path: Path, max_bytes: int | None, kind: InputFileKind = InputFileKind(), file: str = ""
) -> Problem | None:
    """The error that stops ``path`` from being read, or ``None`` when it may be read.

    Checked in this order: it exists, it is a regular file (not a folder), it is not empty, it
    is not above ``max_bytes`` (``None``: no limit). ``file`` names it in the message (default:
    the path as given).
    """
    where: dict[str, object] = {"file": file or str(path), "field": kind.field}
    what_vi, what_en = _capitalised(kind.what_vi), _capitalised(kind.what_en)
    if not path.exists():
        return error(
            f"Không tìm thấy {kind.what_vi} “{path}”.",
            f"{what_en} “{path}” not found.",
            fix_vi=kind.fix_missing_vi,
            fix_en=kind.fix_missing_en,
            **where,
        )
    if not path.is_file():
        return error(
            f"“{path}” không phải là một tệp (có thể là thư mục).",
            f"“{path}” is not a file (perhaps a folder).",
            fix_vi=f"Chọn chính {kind.what_vi}, không chọn thư mục chứa nó.",
            fix_en=f"Choose the {kind.what_en} itself, not its folder.",
            **where,
        )
    size = path.stat().st_size
    if size == 0:
        return error(
            kind.empty_vi or f"{what_vi} rỗng (0 byte).",
            kind.empty_en or f"{what_en} is empty (0 bytes).",
            fix_vi=kind.fix_empty_vi,
            fix_en=kind.fix_empty_en,
            **where,
        )
    if max_bytes is not None and size > max_bytes:
        return error(
            f"{what_vi} quá lớn ({size / 1e6:.1f} MB); giới hạn {max_bytes / 1e6:.0f} MB.",
            f"{what_en} too large ({size / 1e6:.1f} MB); the limit is {max_bytes / 1e6:.0f} MB.",
            fix_vi=kind.fix_too_big_vi,
            fix_en=kind.fix_too_big_en,
            **where,
        )
    return None


def check_input_file(
    path: Path, max_bytes: int | None, kind: InputFileKind = InputFileKind(), file: str = ""
) -> None:
    """Raise :class:`InputError` with the :func:`input_file_problem` of ``path``, if any."""
    problem = input_file_problem(path, max_bytes, kind, file)
    if problem is not None:
        raise InputError([problem])
