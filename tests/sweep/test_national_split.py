"""The national what-if splits a province's search into Dask tasks (issue 17): its probes (team
counts solved or bounded) run on the cluster, several at once when workers are free, so more
workers shorten the longest province. Tested on a real local cluster of two worker processes
(127.0.0.1); the province's fewest-teams plan goes through the independent checker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planning.drafting.national import read_national_input
from planning.io.national_files import write_province_folder
from planning.outcomes import NationalAnswer
from planning.sweep.cluster import connect
from planning.sweep.national import NationalRun
from tests.conftest import SHARED_GEODATA
from tests.plan_checker import Options, check_plan
from tests.sweep.test_national import LAI_CHAU, RULES, START, communes_of

pytestmark = pytest.mark.skipif(
    not (SHARED_GEODATA / "national" / "communes_2025.gpkg").exists(),
    reason="national 2025 layer not available",
)
DEADLINE = dt.date(2025, 9, 20)


def busy_table(folder: Path) -> Path:
    """Lai Châu: 3 communes with 2,000 people each and one team given — a few teams are
    needed, so the search takes several rounds."""
    lines = ["BẢNG THỬ (không phải số liệu thật)", "Mã xã,Tên đơn vị,Tỉnh,Chưa cấp,Số tổ"]
    for code, name in communes_of(LAI_CHAU, 3):
        lines.append(f"{code},{name},12,2000,1")
    path = folder / "bang_thu.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_provinces_probes_run_in_parallel_on_two_workers(tmp_path: Path) -> None:
    inputs = read_national_input(busy_table(tmp_path), START, DEADLINE)
    with connect(n_workers=2) as connection:
        run = NationalRun(inputs, 24, 12, connection).start()
        (outcome,) = run.wait()
    assert outcome.answer == NationalAnswer.FOUND, outcome.error
    what = outcome.what
    assert what is not None and what.min_teams_high is not None
    assert what.min_teams_low is not None and what.min_teams_low <= what.min_teams_high
    # The only province running: each round may ask for two probes, run on both workers.
    rounds: dict[int, set[str]] = {}
    for task in run.task_log:
        assert task.province_code == LAI_CHAU and task.worker.startswith("tcp://127.0.0.1:")
        rounds.setdefault(task.round, set()).add(task.worker)
    assert any(len(workers) == 2 for workers in rounds.values()), run.task_log
    assert set(outcome.worker.split()) == {t.worker for t in run.task_log}
    # The fewest-teams plan, as written for the province, passes the independent checker.
    scenario = inputs.provinces[0].scenario
    assert write_province_folder(outcome, scenario, tmp_path / LAI_CHAU)
    rules = Options(
        allow_overnight=RULES.allow_overnight,
        overnight_min_one_way_min=RULES.overnight_min_one_way_min,
        max_teams_per_commune_day=RULES.max_teams_per_commune_day,
    )
    folder = tmp_path / LAI_CHAU
    assert check_plan(folder / "inputs", folder / "plan.csv", rules) == []


def test_a_stop_cancels_the_queued_probes_and_keeps_nothing_running(tmp_path: Path) -> None:
    inputs = read_national_input(busy_table(tmp_path), START, DEADLINE)
    with connect(n_workers=2) as connection:
        run = NationalRun(inputs, 60, 12, connection).start()
        run.stop()
        outcomes = run.wait()
        assert [o.answer for o in outcomes] == [NationalAnswer.CANCELLED]
