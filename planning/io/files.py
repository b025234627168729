"""Files in and out: every reader's guard before it reads an input file (missing, not a file,
empty, too large), safe writing (a file is either its old or its new content, never half) and the
inter-process lock that makes a check-then-write one step.

Writing: :func:`atomic_write_bytes` writes a temporary file beside the target (named
``.<name>.<host>-<pid>-<random>.tmp``), flushes it to disk and renames it over the target. The
temporary file is created with mode 0666 and the process umask applies (a planner sharing a
folder with ``umask 002`` gets group-writable files; the default ``022`` gives 0644). Temporary
files left by a writer that was killed are removed at the next write of the same file, once their
writer's process is gone.

Locking: :func:`file_lock` holds an exclusive lock on a lock file (``fcntl.flock``; Windows:
``msvcrt.locking``). The lock is released by the operating system when its holder dies, so a
crash never leaves a scenario locked; a holder that does not let go within ``timeout_s`` gives
:class:`LockTimeoutError` (a clear message, not a hang).
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import socket
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from planning.errors import InputError, Problem, error
from planning.formatting import spreadsheet_safe

#: The repository root (the folder holding ``planning/``): shipped scenarios, the git-ignored
#: ``geodata/`` and ``workspace/`` folders, and ``../shared`` are found from here.
REPO_ROOT = Path(__file__).resolve().parents[2]
#: How long a writer waits for another one to finish before saying the file is locked.
LOCK_TIMEOUT_S = 30.0
_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:20] or "host"
_TEMP_NAME = re.compile(r"(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-[0-9a-f]{8}")


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist) with ``data``, flushed to disk; the umask applies."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (renames, new files) to disk; a no-op where folders cannot be
    opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temporary_path(path: Path) -> Path:
    """A fresh temporary name beside ``path`` that says which process writes it."""
    return path.with_name(f".{path.name}.{_HOST}-{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # no permission to signal it (it exists), or no such call (Windows)
        return True
    return True


def remove_stale_temporary_files(path: Path) -> None:
    """Remove temporary files of earlier writes of ``path`` whose writer (on this host) is gone."""
    prefix, suffix = f".{path.name}.", ".tmp"
    try:
        siblings = list(path.parent.iterdir())
    except OSError:
        return
    for candidate in siblings:
        name = candidate.name
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        found = _TEMP_NAME.fullmatch(name[len(prefix) : -len(suffix)])
        if found and found["host"] == _HOST and not _process_alive(int(found["pid"])):
            candidate.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, fsync, rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporary_files(path)
    tmp = temporary_path(path)
    try:
        write_new_file(tmp, data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


# --- locks ---------------------------------------------------------------------------------------


class LockTimeoutError(InputError):
    """Another process held a lock longer than we wait: say who to wait for, not a hang."""

    def __init__(self, lock_path: Path, timeout_s: float) -> None:
        self.lock_path = lock_path
        target = lock_path.parent
        super().__init__(
            [
                error(
                    f"“{target}” đang được một cửa sổ ứng dụng hoặc một lệnh khác ghi "
                    f"(đã chờ {timeout_s:.0f} giây); chưa ghi gì.",
                    f"“{target}” is being written by another app window or command "
                    f"(waited {timeout_s:.0f} s); nothing was written.",
                    file=str(target),
                    fix_vi="Đợi một lát rồi thử lại. Nếu không ai đang lưu, hãy đóng các lệnh "
                    "hoặc ứng dụng khác đang mở thư mục này.",
                    fix_en="Wait a moment and try again. If nobody is saving, close the other "
                    "commands or app windows that have this folder open.",
                )
            ]
        )


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def file_lock(lock_path: Path, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold an exclusive inter-process lock on ``lock_path`` (created if needed) while inside.

    The lock file itself is never removed (removing lock files races with the next holder).
    Raises :class:`LockTimeoutError` when the lock is not free within ``timeout_s`` seconds.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "r+b", buffering=0) as handle:
        deadline = time.monotonic() + timeout_s
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise LockTimeoutError(lock_path, timeout_s)
            time.sleep(0.02)
        # Closing the file releases the lock (flock and msvcrt alike), also on an exception.
        yield


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
        return _too_big_problem(path, size, max_bytes, kind, file)
    return None


def check_input_file(
    path: Path, max_bytes: int | None, kind: InputFileKind = InputFileKind(), file: str = ""
) -> None:
    """Raise :class:`InputError` with the :func:`input_file_problem` of ``path``, if any."""
    problem = input_file_problem(path, max_bytes, kind, file)
    if problem is not None:
        raise InputError([problem])


def read_input_bytes(
    path: Path, max_bytes: int, kind: InputFileKind = InputFileKind(), file: str = ""
) -> bytes:
    """The bytes of an input file after :func:`check_input_file`, never more than ``max_bytes``.

    The size is checked again while reading (a file that grows, or a special file such as
    ``/dev/zero`` behind a link, cannot make a reader take unbounded memory).
    """
    check_input_file(path, max_bytes, kind, file)
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError([_too_big_problem(path, len(data), max_bytes, kind, file)])
    return data


def _too_big_problem(
    path: Path, size: int, max_bytes: int, kind: InputFileKind, file: str
) -> Problem:
    what_vi, what_en = _capitalised(kind.what_vi), _capitalised(kind.what_en)
    return error(
        f"{what_vi} quá lớn ({size / 1e6:.1f} MB); giới hạn {max_bytes / 1e6:.0f} MB.",
        f"{what_en} too large ({size / 1e6:.1f} MB); the limit is {max_bytes / 1e6:.0f} MB.",
        fix_vi=kind.fix_too_big_vi,
        fix_en=kind.fix_too_big_en,
        file=file or str(path),
        field=kind.field,
    )


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """CSV text (LF line ends) of ``rows`` with every cell inert in a spreadsheet
    (:func:`~planning.formatting.spreadsheet_safe`: no formula runs when a planner opens it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()
