"""Problems found in user input, in Vietnamese and English, with where they are and how to fix them.

Every reader (tables, boundaries, scenarios, actuals) reports through :class:`Problem`: the file,
the row (1-based, as a spreadsheet shows it) or key, the field, what is wrong and the fix. Errors
are raised together as one :class:`InputError` so the user sees all of them at once; warnings
travel with the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth knowing (warning) about an input."""

    severity: Severity
    vi: str
    en: str
    file: str = ""
    row: int | None = None
    field: str = ""
    fix_vi: str = ""
    fix_en: str = ""

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"

    def where(self, lang: str = "vi") -> str:
        """'file, dòng 4, cột "Đã được cấp"' — the location part of the message."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"{'dòng' if lang == 'vi' else 'row'} {self.row}")
        if self.field:
            parts.append(f'{"trường" if lang == "vi" else "field"} "{self.field}"')
        return ", ".join(parts)

    def render(self, lang: str = "vi") -> str:
        """The full message in one line, in Vietnamese (``vi``) or English (``en``)."""
        if lang == "vi":
            label = "Lỗi" if self.is_error else "Cảnh báo"
            text, fix, fix_label = self.vi, self.fix_vi, "Cách sửa"
        else:
            label = "Error" if self.is_error else "Warning"
            text, fix, fix_label = self.en, self.fix_en, "Fix"
        where = self.where(lang)
        line = f"{label}: {where}: {text}" if where else f"{label}: {text}"
        return f"{line} — {fix_label}: {fix}" if fix else line


def error(vi: str, en: str, **where: object) -> Problem:
    """Shorthand for an error :class:`Problem` (``file=``, ``row=``, ``field=``, ``fix_vi=``...)."""
    return Problem("error", vi, en, **where)  # type: ignore[arg-type]


def warning(vi: str, en: str, **where: object) -> Problem:
    """Shorthand for a warning :class:`Problem`."""
    return Problem("warning", vi, en, **where)  # type: ignore[arg-type]


class InputError(Exception):
    """Raised with every error found in an input; nothing has been written when it is raised."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(self.render("en"))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity error."""
        return tuple(p for p in self.problems if p.is_error)

    def render(self, lang: str = "vi") -> str:
        """All problems, one per line."""
        return "\n".join(p.render(lang) for p in self.problems)


def raise_if_errors(problems: Iterable[Problem]) -> None:
    """Raise :class:`InputError` with all problems if any of them is an error."""
    problems = tuple(problems)
    if any(p.is_error for p in problems):
        raise InputError(problems)
