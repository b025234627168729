"""The one home of the input-file guard (planning.io.files): every reader refuses a missing file,
a folder, an empty file and a file above its limit the same way, with its own words and fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from planning.errors import InputError
from planning.io.files import InputFileKind, check_input_file, input_file_problem

KIND = InputFileKind(
    what_vi="tệp thử",
    what_en="test file",
    field="x.file",
    fix_too_big_vi="tách nhỏ",
    fix_too_big_en="split it",
)


def test_a_readable_file_passes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n", "utf-8")
    assert input_file_problem(path, 100, KIND) is None
    check_input_file(path, None, KIND)


def test_missing_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    problem = input_file_problem(tmp_path / "none.csv", 100, KIND, file="none.csv")
    assert problem is not None and problem.is_error
    assert problem.vi.startswith("Không tìm thấy tệp thử") and "not found" in problem.en
    assert (problem.file, problem.field) == ("none.csv", "x.file")
    assert problem.fix_vi == KIND.fix_missing_vi


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    problem = input_file_problem(tmp_path, 100, KIND)
    assert problem is not None and "không phải là một tệp" in problem.vi
    assert "tệp thử" in problem.fix_vi


def test_empty_file_default_and_own_words(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    problem = input_file_problem(path, 100, KIND)
    assert problem is not None and problem.vi == "Tệp thử rỗng (0 byte)."
    own = InputFileKind(empty_vi="không có xã nào", empty_en="no commune")
    problem = input_file_problem(path, 100, own)
    assert problem is not None and (problem.vi, problem.en) == ("không có xã nào", "no commune")


def test_too_large_file_states_size_limit_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 2_100_000)
    with pytest.raises(InputError) as caught:
        check_input_file(path, 2_000_000, KIND)
    problem = caught.value.problems[0]
    assert problem.vi == "Tệp thử quá lớn (2.1 MB); giới hạn 2 MB."
    assert problem.fix_en == "split it"
    assert input_file_problem(path, None, KIND) is None  # no limit


@pytest.mark.parametrize(
    ("reader", "fragment"),
    [
        ("table", "Không tìm thấy file"),
        ("boundaries", "Không tìm thấy tệp"),
        ("scenario", "Không tìm thấy tệp kịch bản"),
        ("communes", "Không tìm thấy tệp số liệu xã"),
        ("matrix", "Không tìm thấy tệp ma trận"),
        ("actuals", "Không tìm thấy tệp"),
    ],
)
def test_every_reader_uses_the_guard(tmp_path: Path, reader: str, fragment: str) -> None:
    from planning.io.actuals_files import parse_actuals_file
    from planning.io.boundaries import read_boundaries
    from planning.io.communes_csv import read_communes_csv
    from planning.io.scenario import load_scenario
    from planning.io.table import read_backlog_table
    from planning.io.travel_matrix import read_travel_matrix

    readers = {
        "table": lambda p: read_backlog_table(p.with_suffix(".csv")),
        "boundaries": lambda p: read_boundaries(p.with_suffix(".geojson")),
        "scenario": lambda p: load_scenario(p.with_suffix(".toml")),
        "communes": lambda p: read_communes_csv(p.with_suffix(".csv")),
        "matrix": lambda p: read_travel_matrix(p.with_suffix(".csv")),
        "actuals": lambda p: parse_actuals_file(p.with_suffix(".csv")),
    }
    with pytest.raises(InputError) as caught:
        readers[reader](tmp_path / "missing")
    assert fragment in caught.value.problems[0].vi
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    if reader in ("table", "communes", "matrix", "actuals"):
        with pytest.raises(InputError) as caught:
            readers[reader](folder)
        assert "không phải là một tệp" in caught.value.problems[0].vi
