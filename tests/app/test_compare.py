"""AppTest of the Compare page on the sweep engine: variants solved in parallel on a local Dask
cluster (worker processes), results shown as they finish, the stop button."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from planning.outcomes import OutcomeState
from planning.variants import Variant
from tests.app.harness import new_app, no_exception


@pytest.fixture(scope="module", autouse=True)
def close_the_cluster() -> Iterator[None]:
    """The app keeps one Dask connection per process: close it after these tests."""
    yield
    from app import runner

    runner.close_queue()


def wait_for(at: AppTest, done: object, seconds: float = 120) -> None:
    """Rerun the page until ``done(at)`` holds (the fragment's timer does not run in AppTest)."""
    deadline = time.monotonic() + seconds
    while not done(at):  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)
        at.run()


def compare_page(variants: list[Variant], seconds: int) -> AppTest:
    at = new_app()
    at.session_state["variant_time"] = seconds
    at.session_state["variants"] = variants
    at.switch_page("app/pages/compare.py").run()
    no_exception(at)
    return at


def test_variants_run_in_parallel_on_dask_workers() -> None:
    variants = [Variant("2 tổ"), Variant("1 tổ", teams=1), Variant("3 tổ", teams=3)]
    at = compare_page(variants, 2)
    assert "3" in at.button(key="run_variants").label
    at.button(key="run_variants").click().run()
    job = at.session_state["sweep_job"]
    wait_for(at, lambda a: job.done.is_set())
    at.run()
    no_exception(at)
    assert job.fallback == "" and job.where.startswith("tcp://127.0.0.1:")
    outcomes = job.outcomes()
    assert [o.state for o in outcomes] == [OutcomeState.SOLVED] * 3
    # Two worker processes (one per core of this machine) shared the three variants.
    assert len({o.worker for o in outcomes}) == 2
    assert all(o.worker.startswith("tcp://127.0.0.1:") for o in outcomes)
    assert list(at.dataframe[0].value.columns) == ["2 tổ", "1 tổ", "3 tổ"]
    assert not at.get("button") or all(b.key != "run_variants" for b in at.button)


def test_stop_keeps_finished_variants_and_cancels_the_rest() -> None:
    # Every solve uses its whole limit (the later stages run to it): two run at once on the two
    # workers, so when the first results are shown three variants are running or queued.
    limit = 10
    variants = [Variant(f"{n} tổ", teams=n) for n in (2, 3, 1, 4, 5)]
    at = compare_page(variants, limit)
    at.button(key="run_variants").click().run()
    job = at.session_state["sweep_job"]
    wait_for(at, lambda a: len(job.outcomes()) >= 1)
    at.run()
    shown = list(at.dataframe[0].value.columns)
    finished = [o.variant.name for o in job.outcomes()]
    # What has finished is on screen while the rest still runs.
    assert not job.done.is_set() and len(finished) < len(variants)
    assert shown and set(shown) <= set(finished)
    at.button(key="stop_variants").click().run()
    stopped_at = time.monotonic()
    wait_for(at, lambda a: job.done.is_set(), seconds=60)
    took = time.monotonic() - stopped_at
    at.run()
    no_exception(at)
    states = {o.variant.name: o.state for o in job.outcomes()}
    assert len(states) == len(variants)
    kept = [name for name, state in states.items() if state == OutcomeState.SOLVED]
    cancelled = [name for name, state in states.items() if state == OutcomeState.CANCELLED]
    assert set(finished) <= set(kept) and len(cancelled) >= len(variants) - 2 - len(finished)
    assert len(kept) + len(cancelled) == len(variants) and cancelled
    # Running solves were told to stop: nobody waited for their time limit to run out.
    assert took < limit
    assert list(at.dataframe[0].value.columns) == kept
    warnings = " ".join(w.value for w in at.warning)
    assert all(f"{name} — đã hủy" in warnings for name in cancelled)
    # The cancelled variants can be run again.
    assert str(len(cancelled)) in at.button(key="run_variants").label


def test_without_dask_the_variants_are_solved_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app import runner
    from planning.errors import InputError, error

    def no_dask(*_: object, **__: object) -> None:
        raise InputError([error("Dask hỏng (thử nghiệm)", "Dask broken (test)")])

    runner.close_queue()
    monkeypatch.setattr(runner, "connect", no_dask)
    at = compare_page([Variant("2 tổ"), Variant("1 tổ", teams=1)], 2)
    at.button(key="run_variants").click().run()
    job = at.session_state["sweep_job"]
    wait_for(at, lambda a: job.done.is_set())
    at.run()
    no_exception(at)
    assert "Dask hỏng (thử nghiệm)" in job.fallback
    assert any("giải lần lượt trong tiến trình này" in w.value for w in at.warning)
    assert {o.worker for o in job.outcomes()} == {"local"}
    assert list(at.dataframe[0].value.columns) == ["2 tổ", "1 tổ"]
