"""Every document of the Export page is made in Streamlit's download thread, never on a pyplot
figure (Streamlit closes those at the end of each page run), and a document that cannot be made
is said so on the page, in the reader's language."""

from __future__ import annotations

import io
import threading

import matplotlib.pyplot as plt
import pytest

from app.download_log import DownloadLog
from app.downloads import deferred
from planning.io.scenario import DEFAULT_SCENARIO, open_scenario
from planning.report import static_map
from planning.report.documents import plan_documents
from planning.report.weekly_report import coverage_png
from planning.solver import SolverOptions, solve
from tests.app.harness import new_app, no_exception, solve_default

PNG = b"\x89PNG"


@pytest.fixture(scope="module")
def solved():
    loaded = open_scenario(DEFAULT_SCENARIO)
    return loaded, solve(loaded.scenario, SolverOptions(time_limit_s=3))


def test_maps_survive_pyplot_figures_being_closed_while_they_are_drawn(
    solved, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamlit's end of a page run (``plt.close("all")``) in the middle of a static map: the
    map is still drawn (the canvas of a pyplot figure would have been swapped for a bare one)."""
    loaded, result = solved
    original = static_map.draw_labels

    def closing_mid_drawing(*args, **kwargs):
        plt.close("all")
        return original(*args, **kwargs)

    monkeypatch.setattr(static_map, "draw_labels", closing_mid_drawing)
    features = loaded.boundaries.features
    assert static_map.plan_map_png(loaded.scenario, features, result.plan).startswith(PNG)
    pct = {c.code: 97.0 for c in loaded.scenario.communes}
    assert coverage_png(loaded.scenario, features, pct).startswith(PNG)
    assert plt.get_fignums() == []  # no figure was left to pyplot


def test_every_document_is_made_in_another_thread_while_pyplot_is_cleared(solved) -> None:
    loaded, result = solved
    documents = plan_documents(loaded.scenario, result, None, loaded.boundaries.features)
    assert [d.key for d in documents] == ["workbook", "plan_pdf", "notices_pdf", "map_html"]
    made: dict[str, bytes] = {}
    errors: list[BaseException] = []

    def build_all() -> None:
        try:
            for document in documents:
                made[document.key] = document.build()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=build_all)
    worker.start()
    while worker.is_alive():
        plt.close("all")
    assert errors == []
    import pypdf

    assert len(pypdf.PdfReader(io.BytesIO(made["plan_pdf"])).pages) >= 2
    assert made["workbook"].startswith(b"PK")
    assert b"commune-shape" in made["map_html"] or b"leaflet" in made["map_html"].lower()


def test_a_failed_build_is_recorded_wakes_the_page_and_a_new_one_clears_it() -> None:
    log = DownloadLog()
    woken: list[int] = []

    def broken() -> bytes:
        raise RuntimeError("hỏng")

    with pytest.raises(RuntimeError):
        deferred(log, "test-pdf", "Kế hoạch (PDF)", broken, "vi", lambda: woken.append(1))()
    assert woken == [1]
    assert log.failed() == [("Kế hoạch (PDF)", "RuntimeError: hỏng")]
    assert deferred(log, "test-pdf", "Kế hoạch (PDF)", lambda: b"%PDF", "vi")() == b"%PDF"
    assert log.failed() == [] and log.made == 1


def test_a_document_that_cannot_be_made_is_said_so_on_the_export_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The printed plan's build fails (as in Streamlit's download thread): the page says which
    document and why, in Vietnamese, and the other documents are made."""
    from app import downloads
    from planning.report import documents

    def no_pdf(*_: object, **__: object) -> bytes:
        raise RuntimeError("không đọc được phông chữ (thử nghiệm)")

    made: dict[str, object] = {}
    real = downloads.deferred

    def spy(log, key, title, build, language, wake):  # type: ignore[no-untyped-def]
        made[title] = real(log, key, title, build, language, wake)
        return made[title]

    monkeypatch.setattr(documents, "plan_pdf_with_map", no_pdf)
    monkeypatch.setattr(downloads, "deferred", spy)
    at = solve_default(new_app())
    at.switch_page("app/pages/export.py").run()
    no_exception(at)
    assert {"Tải bảng Excel", "Tải kế hoạch (PDF)", "Thông báo mọi xã (PDF)"} <= set(made)
    for title, build in made.items():  # what Streamlit's thread does on each press
        if title == "Tải kế hoạch (PDF)":
            with pytest.raises(RuntimeError):
                build()  # type: ignore[operator]
        else:
            assert build()  # type: ignore[operator]
    at.run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert "Không tạo được «Tải kế hoạch (PDF)»" in errors[0] and "thử nghiệm" in errors[0]
