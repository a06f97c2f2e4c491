"""Where a character no font covers comes from: the data file, row and column, or the template line.

A font error names the characters and the font; the user needs to know which
cell or template line to change. This module finds, for each character, its
first appearance in the dataset's raw tables (in file and row order) and in the
template, and adds those places to the message.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

from .errors import NqpError

_CODE_POINT = re.compile(r"U\+([0-9A-F]{4,6})\b")
_CHART_LIST = re.compile(r"不含以下字符：(.*?)（")
SHOWN = 10


def missing_characters_in(message: str) -> list[str]:
    """Return the characters a font error message names (as U+XXXX or a chart's list), in first-seen order."""
    chars = [chr(int(code, 16)) for code in _CODE_POINT.findall(message)]
    for listed in _CHART_LIST.findall(message):
        chars.extend(listed)
    return list(dict.fromkeys(c for c in chars if not c.isspace()))


def character_places(chars: list[str], data: Path, template: Path | None, limits=None) -> dict[str, str]:
    """Return character → its first place: "observations.csv 第5行“note”列" or "模板 t.md 第9行"."""
    from .data.limits import DEFAULT_LIMITS
    from .data.tables import read_tables

    places: dict[str, str] = {}
    wanted = set(chars)
    for table in read_tables(Path(data), [], limits or DEFAULT_LIMITS).values():
        for row, cells in table.rows:
            for column, value in cells.items():
                for ch in wanted.intersection(value or ""):
                    places.setdefault(ch, f"数据 {table.file} 第{row}行“{column}”列")
    if template is not None:
        try:
            lines = template.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        for number, line in enumerate(lines, start=1):
            for ch in wanted.intersection(line):
                places.setdefault(ch, f"模板 {template.name} 第{number}行")
    return places


def with_character_places(message: str, data: Path, template: Path | None, limits=None) -> str:
    """Return a font error message followed by where each of its characters appears (when found)."""
    chars = missing_characters_in(message)
    if not chars:
        return message
    places = character_places(chars, data, template, limits)
    lines = [f"  “{c}”(U+{ord(c):04X}) 见{places[c]}" for c in chars if c in places][:SHOWN]
    if not lines:
        return message
    return message + "\n缺字所在位置：\n" + "\n".join(lines)


@contextmanager
def font_errors_located(data: Path, template: str, limits=None):
    """Re-raise a FontError from the block with the data cells and template lines of its characters added."""
    from .errors import FontError
    from .templating.template import find_template

    try:
        yield
    except FontError as exc:
        try:
            template_path = find_template(template)
        except NqpError:
            template_path = None
        raise FontError(with_character_places(str(exc), data, template_path, limits)) from None
