"""Actual intake: what the teams really took, per date, team and commune — the rules of recording.

What may be recorded (known teams and communes, no future date, totals within the backlog), what a
repeated record means (refused, replaced by a correction, or added), and recording itself under
the log's lock with a version check, so a save is refused when someone else recorded entries in
between. The files — the append-only log ``actuals.csv`` and the reported CSV/Excel files — are
read and written by :mod:`planning.io.actuals_files`; where a campaign keeps its log is
:func:`planning.campaign.workspace.actuals_file`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

from planning.domain import MAX_HEAD_COUNT, Scenario, Visit
from planning.errors import InputError, Problem, error, warning
from planning.io.actuals_files import (
    ActualEntry,
    ActualsLog,
    actuals_log_lock,
    log_fingerprint,
    parse_actuals_file,
    read_actuals_log,
    write_actuals_log,
)

OnDuplicate = Literal["ask", "replace", "add"]
#: The note of an entry typed in the app (the log keeps notes in Vietnamese; pages show them in
#: the reader's language: :func:`planning.report.progress_views.note_text`).
FORM_NOTE = "nhập trên ứng dụng"


class DuplicateActualsError(Exception):
    """New records repeat (date, team, commune) of recorded ones: the user must choose."""

    def __init__(self, pairs: Sequence[tuple[Visit, ActualEntry]]) -> None:
        self.pairs = tuple(pairs)
        keys = ", ".join(f"{v.date:%d/%m/%Y} {v.team_id} {v.commune_code}" for v, _ in self.pairs)
        super().__init__(
            f"Đã có số liệu cho: {keys}. Chọn 'thay thế' (ghi bản sửa) hoặc 'cộng thêm'. / "
            f"Already recorded: {keys}. Choose replace (a correction) or add."
        )


class ActualsChangedError(Exception):
    """Someone else recorded entries since this log was read (``overlaps``: those about the
    same date, team and commune, when merging was asked for): nothing was written."""

    def __init__(self, path: str, overlaps: Sequence[ActualEntry] = ()) -> None:
        self.overlaps = tuple(overlaps)
        super().__init__(path)


def overlapping_entries(
    log: ActualsLog, seen_entries: int, keys: Iterable[tuple[dt.date, str, str]]
) -> list[ActualEntry]:
    """Entries recorded after the first ``seen_entries`` (by someone else, since the page
    showed the log) about one of ``keys`` (date, team, commune), or correcting such an entry.
    New records that touch none of them can be merged with them safely. A commune counts as
    touched whichever of its intake points an entry names (a commune figure is spread over its
    points, so two planners' figures for one commune, team and date never merge silently)."""
    wanted = set(keys)
    by_number = {e.entry: e for e in log.entries}
    out = []
    for entry in log.entries[seen_entries:]:
        corrected = by_number.get(entry.replaces) if entry.replaces is not None else None
        if _commune_key(entry) in wanted or (
            corrected is not None and _commune_key(corrected) in wanted
        ):
            out.append(entry)
    return out


def _commune_key(entry: ActualEntry) -> tuple[dt.date, str, str]:
    """(date, team, commune) of an entry, whichever point it names."""
    return (entry.date, entry.team_id, entry.commune_code)


# --- validation ---------------------------------------------------------------------------------


def validate_actuals(
    records: Sequence[Visit],
    scenario: Scenario,
    today: dt.date,
    log: ActualsLog,
    source: str = "",
    rows: Sequence[int] | None = None,
    replacing: Iterable[int] = (),
) -> list[Problem]:
    """Problems of new records: unknown commune or team, future date, totals above what was
    outstanding (``not_issued``: error; above the collectable backlog: warning)."""
    problems: list[Problem] = []
    codes = {c.code for c in scenario.communes}
    teams = {t.team_id for t in scenario.teams}
    row_of = list(rows) if rows is not None else [None] * len(records)
    for visit, row in zip(records, row_of, strict=True):
        where = {"file": source, "row": row}
        if visit.commune_code not in codes:
            problems.append(
                error(
                    f"không có xã mã “{visit.commune_code}” trong kịch bản",
                    f"unknown commune code “{visit.commune_code}”",
                    field="commune_code",
                    fix_vi="dùng mã xã của kịch bản",
                    fix_en="use a commune code of the scenario",
                    **where,
                )
            )
        points = {p.point_id for p in scenario.points if p.commune_code == visit.commune_code}
        if visit.commune_code in codes and visit.point not in points | {visit.commune_code}:
            problems.append(
                error(
                    f"“{visit.point}” không phải điểm tiếp nhận của xã {visit.commune_code}",
                    f"“{visit.point}” is not an intake point of commune {visit.commune_code}",
                    field="point_id",
                    fix_vi="dùng mã điểm của xã (" + ", ".join(sorted(points)) + ") hoặc để trống "
                    "(số của cả xã)",
                    fix_en="use one of the commune's point ids or leave it empty (the whole "
                    "commune)",
                    **where,
                )
            )
        if visit.team_id not in teams:
            problems.append(
                error(
                    f"không có tổ “{visit.team_id}”",
                    f"unknown team “{visit.team_id}”",
                    field="team_id",
                    fix_vi="dùng id tổ: " + ", ".join(sorted(teams)),
                    fix_en="use a team id: " + ", ".join(sorted(teams)),
                    **where,
                )
            )
        if visit.date > today:
            problems.append(
                error(
                    f"ngày {visit.date:%d/%m/%Y} ở tương lai (hôm nay {today:%d/%m/%Y})",
                    f"date {visit.date} is in the future (today {today})",
                    field="date",
                    fix_vi="chỉ ghi số đã thu nhận",
                    fix_en="record only what was actually taken",
                    **where,
                )
            )
        if visit.applications < 0 or visit.applications > MAX_HEAD_COUNT:
            problems.append(
                error(
                    "số hồ sơ âm" if visit.applications < 0 else "số hồ sơ quá lớn",
                    "negative applications" if visit.applications < 0 else "too many applications",
                    field="applications",
                    fix_vi=f"ghi số từ 0 đến {MAX_HEAD_COUNT:,}".replace(",", "."),
                    fix_en=f"write a number from 0 to {MAX_HEAD_COUNT:,}",
                    **where,
                )
            )
    problems.extend(_total_problems(records, scenario, log, source, set(replacing)))
    return problems


def _total_problems(
    records: Sequence[Visit], scenario: Scenario, log: ActualsLog, source: str, replacing: set[int]
) -> list[Problem]:
    totals: dict[str, int] = {}
    for e in log.effective():
        if e.entry not in replacing:
            totals[e.commune_code] = totals.get(e.commune_code, 0) + e.applications
    for v in records:
        totals[v.commune_code] = totals.get(v.commune_code, 0) + v.applications
    problems = []
    for commune in scenario.communes:
        total = totals.get(commune.code, 0)
        if total > commune.not_issued:
            problems.append(
                error(
                    f"{commune.name}: tổng đã thu nhận {total} "
                    f"vượt số chưa cấp {commune.not_issued}",
                    f"{commune.name}: total taken {total} exceeds not issued {commune.not_issued}",
                    file=source,
                    field="applications",
                    fix_vi="kiểm tra số liệu (nhập trùng?) hoặc cập nhật số chưa cấp của xã",
                    fix_en="check the figures (entered twice?) or update the commune's backlog",
                )
            )
        elif total > commune.collectable_backlog:
            problems.append(
                warning(
                    f"{commune.name}: tổng đã thu nhận {total} vượt số cần thu nhận "
                    f"{commune.collectable_backlog} "
                    "(có người thuộc diện 'không thể thu nhận' đã đến)",
                    f"{commune.name}: total taken {total} exceeds the collectable backlog "
                    f"{commune.collectable_backlog}",
                    file=source,
                    field="applications",
                )
            )
    return problems


#: What to do with rows of one reported file that repeat a date, team and commune: refuse the
#: file (``error``, the default: the same report pasted twice is a mistake to look at), keep
#: the last such row (``replace``: a corrected figure below the first) or count them all (``add``:
#: two reports of one day, e.g. morning and afternoon).
RepeatedRows = Literal["error", "replace", "add"]
REPEATED_ROWS_CHOICES: tuple[RepeatedRows, ...] = ("error", "replace", "add")


def resolve_repeated_rows(
    visits: Sequence[Visit], rows: Sequence[int], how: RepeatedRows, source: str
) -> tuple[list[Visit], list[int]]:
    """The visits of one file with its repeated (date, team, commune) rows handled by ``how``.

    Raises :class:`InputError` naming every repeated row when ``how`` is ``error``.
    """
    groups: dict[tuple[dt.date, str, str, str], list[int]] = {}
    for i, v in enumerate(visits):
        groups.setdefault((v.date, v.team_id, v.commune_code, v.point), []).append(i)
    repeated = {key: idx for key, idx in groups.items() if len(idx) > 1}
    if not repeated or how == "add":
        return list(visits), list(rows)
    if how == "error":
        raise InputError(
            error(
                f"dòng {', '.join(str(rows[i]) for i in idx)} cùng ngày, tổ và xã "
                f"({day:%d/%m/%Y}, {team}, {commune}): số liệu bị nhập trùng?",
                f"rows {', '.join(str(rows[i]) for i in idx)} have the same date, team and "
                f"commune ({day:%d/%m/%Y}, {team}, {commune}): entered twice?",
                file=source,
                row=rows[idx[-1]],
                field="date, team_id, commune_code",
                fix_vi="xoá dòng trùng hoặc gộp thành một dòng (lệnh replan: --duplicates "
                "replace giữ dòng sau, --duplicates add cộng cả hai)",
                fix_en="delete the repeated row or merge them into one (replan command: "
                "--duplicates replace keeps the later row, --duplicates add counts both)",
            )
            for (day, team, commune, _), idx in repeated.items()
        )
    keep = sorted(idx[-1] for idx in groups.values())
    return [visits[i] for i in keep], [rows[i] for i in keep]


def find_duplicates(records: Sequence[Visit], log: ActualsLog) -> list[tuple[Visit, ActualEntry]]:
    """New records whose (date, team, commune) is already recorded."""
    by_key = {e.key: e for e in log.effective()}
    return [
        (v, by_key[(v.date, v.team_id, v.commune_code, v.point)])
        for v in records
        if (v.date, v.team_id, v.commune_code, v.point) in by_key
    ]


# --- recording ----------------------------------------------------------------------------------


def record_actuals(
    path: Path,
    scenario: Scenario,
    records: Sequence[Visit],
    today: dt.date,
    *,
    on_duplicate: OnDuplicate = "ask",
    note: str = "",
    source: str = "",
    rows: Sequence[int] | None = None,
    expected_fingerprint: str | None = None,
    seen_entries: int | None = None,
) -> ActualsLog:
    """Validate and append records to the log; return the new log.

    Raises :class:`InputError` (nothing written) on invalid records, :class:`DuplicateActualsError`
    when ``on_duplicate="ask"`` and a record repeats a recorded one, and
    :class:`ActualsChangedError` when the log changed since ``expected_fingerprint`` was taken —
    unless ``seen_entries`` (how many entries the log had then) is given and nothing recorded
    since overlaps the new records (:func:`overlapping_entries`): they are then checked against
    the log as it is now and appended after the others' entries (``merged`` of the result).
    """
    with actuals_log_lock(path):
        return _record_locked(
            path,
            scenario,
            records,
            today,
            on_duplicate,
            note,
            source,
            rows,
            expected_fingerprint,
            seen_entries,
        )


def _record_locked(
    path: Path,
    scenario: Scenario,
    records: Sequence[Visit],
    today: dt.date,
    on_duplicate: OnDuplicate,
    note: str,
    source: str,
    rows: Sequence[int] | None,
    expected_fingerprint: str | None,
    seen_entries: int | None = None,
) -> ActualsLog:
    log = read_actuals_log(path)
    merged: tuple[ActualEntry, ...] = ()
    if expected_fingerprint is not None and log_fingerprint(path) != expected_fingerprint:
        if seen_entries is None or seen_entries > len(log.entries):
            raise ActualsChangedError(str(path))
        keys = [(v.date, v.team_id, v.commune_code) for v in records]
        overlaps = overlapping_entries(log, seen_entries, keys)
        if overlaps:
            raise ActualsChangedError(str(path), overlaps)
        merged = log.entries[seen_entries:]
    duplicates = find_duplicates(records, log)
    if duplicates and on_duplicate == "ask":
        raise DuplicateActualsError(duplicates)
    replacing = {id(v): old.entry for v, old in duplicates} if on_duplicate == "replace" else {}
    problems = validate_actuals(
        records, scenario, today, log, source, rows, replacing=replacing.values()
    )
    if any(p.is_error for p in problems):
        raise InputError(problems)
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    entries = list(log.entries)
    number = log.next_entry()
    for visit in records:
        entries.append(
            ActualEntry(
                number,
                stamp,
                visit.date,
                visit.team_id,
                visit.commune_code,
                visit.applications,
                replacing.get(id(visit)),
                note,
                visit.point if visit.point != visit.commune_code else "",
            )
        )
        number += 1
    new_log = ActualsLog(tuple(entries), tuple(p for p in problems if not p.is_error), merged)
    write_actuals_log(path, new_log)
    return new_log


def correct_entry(
    path: Path,
    scenario: Scenario,
    entry: int,
    applications: int,
    today: dt.date,
    note: str = "",
    *,
    expected_fingerprint: str | None = None,
    seen_entries: int | None = None,
) -> ActualsLog:
    """Record a correction of entry ``entry`` (a new entry that replaces it).

    ``expected_fingerprint`` and ``seen_entries`` work as in :func:`record_actuals` (no lost
    update; a correction of an entry nobody else touched since is merged).
    """
    with actuals_log_lock(path):  # the entry read and the fingerprint of the same log
        seen = log_fingerprint(path)
        log = read_actuals_log(path)
    merged: tuple[ActualEntry, ...] = ()
    if expected_fingerprint is not None and seen != expected_fingerprint:
        target = next((e for e in log.entries if e.entry == entry), None)
        if seen_entries is None or target is None or seen_entries > len(log.entries):
            raise ActualsChangedError(str(path))
        overlaps = overlapping_entries(log, seen_entries, [_commune_key(target)])
        if overlaps:
            raise ActualsChangedError(str(path), overlaps)
        merged = log.entries[seen_entries:]
    old = next((e for e in log.effective() if e.entry == entry), None)
    if old is None:
        raise InputError(
            [
                error(
                    f"không có mục số {entry} (hoặc đã được sửa)",
                    f"no current entry {entry}",
                    file=str(path),
                    field="entry",
                    fix_vi="chọn một mục còn hiệu lực",
                    fix_en="pick a current entry",
                )
            ]
        )
    visit = Visit(old.team_id, old.date, old.commune_code, applications, old.point_id)
    new_log = record_actuals(
        path,
        scenario,
        [visit],
        today,
        on_duplicate="replace",
        note=note or f"sửa mục {entry}",
        expected_fingerprint=seen,
        seen_entries=len(log.entries),
    )
    return replace(new_log, merged=(*merged, *new_log.merged))


# --- importing a reported file ------------------------------------------------------------------


def import_actuals(
    path: Path,
    log_path: Path,
    scenario: Scenario,
    today: dt.date,
    on_duplicate: OnDuplicate = "ask",
    *,
    expected_fingerprint: str | None = None,
    display_name: str = "",
    seen_entries: int | None = None,
) -> ActualsLog:
    """Read a reported file and append it to the scenario's log (all or nothing).

    ``expected_fingerprint`` and ``seen_entries`` work as in :func:`record_actuals`;
    ``display_name`` is the name shown in messages and notes instead of ``path`` (an uploaded
    file's own name).
    """
    visits, rows = parse_actuals_file(path, display_name)
    visits, rows = resolve_repeated_rows(visits, rows, "error", display_name or str(path))
    return record_actuals(
        log_path,
        scenario,
        visits,
        today,
        on_duplicate=on_duplicate,
        note=f"nhập từ {display_name or path.name}",
        source=display_name or str(path),
        rows=rows,
        expected_fingerprint=expected_fingerprint,
        seen_entries=seen_entries,
    )
