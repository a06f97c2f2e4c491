"""Checks on raw cells and headers: invisible characters, cell length, duplicate and blank column names."""

from __future__ import annotations

import unicodedata

from ..errors import DataProblem

ALLOWED_CONTROLS = "\t\n\r"
_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def visible(text: str) -> str:
    """Return ``text`` with control, format and other invisible characters shown as U+XXXX."""
    return "".join(f"U+{ord(c):04X}" if unicodedata.category(c) in _INVISIBLE and c not in " " else c
                   for c in text)


def invisible_characters(text: str) -> list[str]:
    """Return the distinct control or invisible characters of ``text`` (tab and line breaks allowed), in order."""
    found = [c for c in text if unicodedata.category(c) in _INVISIBLE and c not in ALLOWED_CONTROLS]
    return list(dict.fromkeys(found))


def cell_problem(file: str, row: int, column: str | None, text: str, max_chars: int) -> DataProblem | None:
    """Return the problem of one cell (too long, or holding invisible characters), or None."""
    if len(text) > max_chars:
        return DataProblem(file, row, column, f"单元格有 {len(text)} 个字符，超过上限 {max_chars}"
                           "（可用 --max-cell-chars 调高）")
    bad = invisible_characters(text)
    if bad:
        codes = "、".join(f"U+{ord(c):04X}" for c in bad[:5])
        return DataProblem(file, row, column, f"含不可见或控制字符 {codes}（“{visible(text[:40])}”），请删去")
    return None


def header_problems(file: str, header: list[str]) -> list[DataProblem]:
    """Return the problems of a header row: invisible characters and duplicated column names."""
    problems = []
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        bad = invisible_characters(name)
        if bad:
            problems.append(DataProblem(file, 1, visible(name), f"列名含不可见字符 U+{ord(bad[0]):04X}"))
        if not name:
            continue
        if name in seen:
            problems.append(DataProblem(file, 1, name, f"列名重复（第{seen[name]}列与第{index}列），"
                                        "无法确定用哪一列；请删去或改名其中一列"))
        else:
            seen[name] = index
    return problems


def _is_foreign_digit(ch: str) -> bool:
    """Return True for a digit-like character other than ASCII and full-width 0-9 (¹, ②, 𝟐, ٢)."""
    if ch.isascii() or "\uff10" <= ch <= "\uff19":
        return False
    return unicodedata.category(ch) in ("Nd", "No") or any(c.isdigit() for c in unicodedata.normalize("NFKC", ch))


def foreign_digit_problem(text: str) -> str | None:
    """Return why ``text`` holds a superscript, circled or other non-ASCII digit (a footnote mark), or None."""
    found = [c for c in str(text) if _is_foreign_digit(c)]
    if not found:
        return None
    marks = "、".join(f"“{c}”(U+{ord(c):04X})" for c in dict.fromkeys(found))
    return (f"“{text}”含上标、圈码或其他非常规数字 {marks}，可能是脚注符号，无法确定数值；"
            "请删去脚注符号（说明写在 note 列），数字用 0-9 填写")
