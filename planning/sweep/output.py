"""Writing a sweep's files as its variants finish (see :mod:`planning.io.sweep_files`).

Each finished variant's folder is written at once and sweep.csv rewritten (atomically) with every
variant so far, so a stopped or interrupted sweep leaves what it had; at the end come
``sweep.xlsx``, the chart ``sweep.png`` and the slides comparing the variants ``sweep.pptx``.
With ``documents``, each solved variant also gets the Export page's documents in
``<variant>/documents/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planning.domain import Scenario
from planning.io.files import atomic_write_bytes
from planning.io.sweep_files import write_sweep_csv, write_variant_folder
from planning.outcomes import VariantOutcome
from planning.report.deck import comparison_deck, lines_from_outcomes
from planning.report.documents import write_documents
from planning.report.pdf import default_info
from planning.report.sweep_report import sweep_chart_png, sweep_workbook
from planning.variants import Variant

SWEEP_CSV = "sweep.csv"
SWEEP_XLSX = "sweep.xlsx"
SWEEP_PNG = "sweep.png"
SWEEP_PPTX = "sweep.pptx"
DOCUMENTS_DIR = "documents"


@dataclass
class SweepWriter:
    """Writes a sweep's files into ``out_dir`` while it runs.

    ``variants`` fixes the order of sweep.csv's rows; ``features`` (boundaries, or ``None``) are
    for the documents' maps.
    """

    out_dir: Path
    scenario: Scenario
    variants: Sequence[Variant]
    lang: str = "vi"
    documents: bool = False
    features: Any = None
    outcomes: dict[str, VariantOutcome] = field(default_factory=dict)

    def in_order(self) -> list[VariantOutcome]:
        """The outcomes written so far, in the order of :attr:`variants`."""
        return [self.outcomes[v.name] for v in self.variants if v.name in self.outcomes]

    def add(self, outcome: VariantOutcome) -> None:
        """Write one finished variant's folder (and documents), then the updated sweep.csv: a
        variant is in sweep.csv once its files are complete."""
        folder = Path(self.out_dir) / outcome.variant.name
        write_variant_folder(outcome, folder)
        if self.documents and outcome.solved and outcome.result is not None:
            write_documents(
                outcome.scenario,
                outcome.result,
                None,
                self.features,
                folder / DOCUMENTS_DIR,
                self.lang,
            )
        self.outcomes[outcome.variant.name] = outcome
        write_sweep_csv(self.in_order(), Path(self.out_dir) / SWEEP_CSV)

    def finish(self) -> list[Path]:
        """Write sweep.csv (every variant), sweep.xlsx, sweep.png and the comparison slides
        sweep.pptx; the paths written."""
        out = Path(self.out_dir)
        outcomes = self.in_order()
        write_sweep_csv(outcomes, out / SWEEP_CSV)
        chart = sweep_chart_png(outcomes, self.scenario.name)
        atomic_write_bytes(out / SWEEP_PNG, chart)
        atomic_write_bytes(
            out / SWEEP_XLSX, sweep_workbook(outcomes, self.scenario.name, self.lang, chart)
        )
        deck = comparison_deck(
            self.scenario.name,
            lines_from_outcomes(outcomes, self.lang),
            chart,
            default_info(self.scenario),
            self.lang,
        )
        atomic_write_bytes(out / SWEEP_PPTX, deck)
        return [out / SWEEP_CSV, out / SWEEP_XLSX, out / SWEEP_PNG, out / SWEEP_PPTX]
