"""Errors the tool reports to users, each with a Chinese message.

Every error a user can cause (bad data, a template mistake, a missing glyph)
is a subclass of :class:`NqpError`. The CLI turns these into a clean message and
exit code 1; anything else is a bug and may show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class NqpError(Exception):
    """Base class of all user-facing errors; ``str(err)`` is the Chinese message."""


@dataclass(frozen=True)
class DataProblem:
    """One problem in one cell (or row, or file) of a dataset."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return "，".join(where) + "：" + self.message


class DataError(NqpError):
    """The dataset has one or more problems; all of them are in ``problems``."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """Return the Chinese message listing every problem, one per line."""
        head = f"数据有 {len(self.problems)} 处问题："
        return "\n".join([head] + [f"  - {p}" for p in self.problems])


class TemplateError(NqpError):
    """A template cannot be rendered; names the template file and line."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        self.file = file
        self.line = line
        self.detail = message
        where = ""
        if file:
            where = file + (f"，第{line}行" if line else "") + "："
        super().__init__(f"模板错误：{where}{message}")


class FontError(NqpError):
    """No usable font for a role, or characters no configured font covers."""


class OutputError(NqpError):
    """Outputs cannot be written (locked folder, disk full, permission)."""
