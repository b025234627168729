"""Uploaded files: size limits, kept in a private temporary folder for the session."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from planning.errors import InputError, error
from planning.io.boundaries import MAX_FILE_BYTES as MAX_BOUNDARY_BYTES
from planning.io.files import atomic_write_bytes
from planning.io.table import MAX_BYTES as MAX_TABLE_BYTES

__all__ = [
    "MAX_BOUNDARY_BYTES",
    "MAX_TABLE_BYTES",
    "UPLOAD_ROOT",
    "save_upload",
    "upload_limit_mb",
]

UPLOAD_ROOT = Path(tempfile.gettempdir()) / "cccd-uploads"


def upload_limit_mb(limit_bytes: int) -> int:
    """The uploader's limit (Streamlit counts MB of 2**20 bytes): the file limit rounded up, so
    Streamlit shows the same figure as our label; :func:`save_upload` checks the exact bytes."""
    return max(1, -(-limit_bytes // 2**20))


def save_upload(upload: Any, limit: int, session_id: str) -> Path:
    """Write an uploaded file to the session's folder after checking its size."""
    size = int(upload.size)
    if size > limit:
        mb = f"{limit / 1e6:.0f}"
        raise InputError(
            [
                error(
                    f"tệp quá lớn ({size / 1e6:.1f} MB, tối đa {mb} MB)",
                    f"file too large ({size / 1e6:.1f} MB, at most {mb} MB)",
                    file=upload.name,
                    fix_vi="kiểm tra lại đúng tệp chưa",
                    fix_en="check that this is the right file",
                )
            ]
        )
    folder = UPLOAD_ROOT / session_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(upload.name).name
    atomic_write_bytes(target, upload.getvalue())
    return target
