"""The server's queue of solves (planning.sweep.queue.FairQueue): owners take turns for the free
slots, each task's place is known, stops work waiting and running, and on a real Dask cluster
(scheduler and worker processes on 127.0.0.1) the app's tasks solve with their time limits."""

from __future__ import annotations

import threading
import time

import pytest

from planning.errors import InputError, error
from planning.io.scenario import DEFAULT_SCENARIO, load_scenario
from planning.sweep.queue import FairQueue
from planning.sweep.work import AppReply, AppTask, lower_priority, run_app_task

RAN: list[str] = []


def hold(task: dict, stop: threading.Event | None = None, progress=None) -> str:
    """A task that runs until it is released or stopped (in this process)."""
    RAN.append(task["name"])
    while not task["release"].is_set():
        if stop is not None and stop.is_set():
            return "stopped"
        time.sleep(0.01)
    return task["name"]


def no_dask() -> None:
    raise InputError([error("không có Dask (thử nghiệm)", "no Dask (test)")])


def wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_owners_take_turns_and_each_task_knows_its_place() -> None:
    RAN.clear()
    queue = FairQueue(no_dask, slots=1)
    releases = {}

    def submit(owner: str, name: str):
        releases[name] = threading.Event()
        task = {"name": name, "release": releases[name]}
        return queue.submit(owner, name, hold, lambda _conn, task=task: task, 5.0)

    a1 = submit("A", "A1")
    wait_until(lambda: RAN == ["A1"])
    a2, a3, b1, c1 = submit("A", "A2"), submit("A", "A3"), submit("B", "B1"), submit("C", "C1")
    assert "không có Dask" in queue.fallback
    # A has had its turn: B and C go before A's second and third tasks.
    assert [t.name for t in queue.order()] == ["B1", "C1", "A2", "A3"]
    assert [queue.place(t) for t in (a1, b1, c1, a2, a3)] == [0, 1, 2, 3, 4]
    assert queue.wait_estimate_s(c1) == pytest.approx(10.0, abs=0.5)  # A1's and B1's limits
    for name in ("A1", "B1", "C1", "A2", "A3"):
        releases[name].set()
        wait_until(lambda name=name: name in RAN)
    wait_until(lambda: a3.done.is_set())
    assert RAN == ["A1", "B1", "C1", "A2", "A3"]
    assert [t.reply for t in (a1, b1, c1, a2, a3)] == ["A1", "B1", "C1", "A2", "A3"]
    queue.close()


def test_a_waiting_task_leaves_the_queue_and_a_running_one_is_stopped() -> None:
    RAN.clear()
    queue = FairQueue(no_dask, slots=1)
    ended: list[str] = []
    first = {"name": "first", "release": threading.Event()}
    second = {"name": "second", "release": threading.Event()}
    running = queue.submit("A", "first", hold, lambda _c: first, 5.0)
    waiting = queue.submit(
        "B", "second", hold, lambda _c: second, 5.0, on_done=lambda t: ended.append(t.name)
    )
    wait_until(lambda: RAN == ["first"])
    queue.stop(waiting)
    assert waiting.done.is_set() and waiting.cancelled and queue.order() == []
    wait_until(lambda: ended == ["second"])
    queue.stop(running)
    wait_until(lambda: running.done.is_set())
    assert running.reply == "stopped" and RAN == ["first"]
    queue.close()


def test_a_solve_runs_at_a_lower_priority_than_the_pages() -> None:
    seen: list[int] = []

    def probe() -> None:
        import os

        lower_priority(10)
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    assert seen and seen[0] >= 10


def test_app_tasks_of_several_owners_solve_on_dask_worker_processes() -> None:
    from planning.sweep.cluster import connect

    scenario = load_scenario(DEFAULT_SCENARIO)
    queue = FairQueue(lambda: connect(n_workers=2))
    limit = 2.0

    def make(name: str):
        def task(connection):
            assert connection is not None
            return AppTask(
                "solve",
                scenario,
                limit,
                cores_per_solve=connection.cores_per_solve,
                progress_name=f"progress-{name}",
                niceness=10,
            )

        return task

    tickets = [
        queue.submit(owner, name, run_app_task, make(name), limit, progress_name=f"progress-{name}")
        for owner, name in (("A", "A-1"), ("A", "A-2"), ("B", "B-1"))
    ]
    for ticket in tickets:
        assert ticket.done.wait(120), ticket.name
    assert queue.fallback == ""
    # The workers posted their progress; the queue kept it on the tickets.
    assert any(t.progress is not None and t.progress.collected > 0 for t in tickets)
    for ticket in tickets:
        assert isinstance(ticket.reply, AppReply) and ticket.reply.error == "", ticket.reply
        assert ticket.reply.result.collectable_backlog == 2990
        assert ticket.reply.worker.startswith("tcp://127.0.0.1:")
        assert ticket.elapsed_s() <= limit + 5  # the time limit counts from the start
    # Two slots: A's first and B's first started together, A's second after one of them.
    first_two = sorted(tickets, key=lambda t: t.started or 0)[:2]
    assert {t.name for t in first_two} == {"A-1", "B-1"}
    queue.close()
