"""A user-supplied travel-time matrix (CSV): first column and header are labels, cells minutes.

Labels are commune codes and ``BASE_<team_id>``, as in ``export-inputs``' ``travel_min.csv``, so
a matrix exported, corrected by the drivers and given back is read as it is. Empty cells fall
back to the distance estimate.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from planning.errors import InputError, Problem, error
from planning.io.files import InputFileKind, read_input_bytes

#: Matrix files larger than this are refused before they are read (1,000 places fit in 10 MB).
MAX_MATRIX_BYTES = 50_000_000

#: How messages name a travel matrix file, and the fixes they suggest.
TRAVEL_MATRIX_FILE = InputFileKind(
    what_vi="tệp ma trận thời gian di chuyển",
    what_en="travel matrix file",
    field="travel.matrix",
    fix_missing_vi="Đặt tệp cạnh tệp kịch bản hoặc xóa khóa matrix.",
    fix_missing_en="Put the file beside the scenario or remove the key.",
    fix_empty_vi="Dòng đầu là nhãn, mỗi dòng sau là một điểm xuất phát.",
    fix_empty_en="A header of labels, then one row per origin.",
)


def read_travel_matrix(path: Path) -> dict[tuple[str, str], float]:
    """Read a matrix CSV into ``{(from, to): minutes}``; raise :class:`InputError` on bad cells."""
    file = str(path)
    data = read_input_bytes(path, MAX_MATRIX_BYTES, TRAVEL_MATRIX_FILE, file)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    if len(rows) < 2:
        raise InputError(
            [
                error(
                    "ma trận rỗng",
                    "empty matrix",
                    file=file,
                    fix_vi="dòng đầu là nhãn, mỗi dòng sau là một điểm xuất phát",
                    fix_en="header of labels, then one row per origin",
                )
            ]
        )
    labels = [c.strip() for c in rows[0][1:]]
    matrix: dict[tuple[str, str], float] = {}
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        origin = row[0].strip() if row else ""
        for label, cell in zip(labels, row[1:], strict=False):
            if not cell.strip():
                continue
            try:
                minutes = float(cell.replace(",", "."))
            except ValueError:
                minutes = -1.0
            if minutes < 0:
                problems.append(
                    error(
                        f"“{cell}” không phải số phút ≥ 0",
                        f"“{cell}” is not a number of minutes ≥ 0",
                        file=file,
                        row=number,
                        field=label,
                        fix_vi="ghi số phút, ví dụ 35",
                        fix_en="write minutes, e.g. 35",
                    )
                )
                continue
            matrix[(origin, label)] = minutes
    if problems:
        raise InputError(problems)
    return matrix
