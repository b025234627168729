"""Safe file writing: a file is either its old content or its new content, never half of each."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
