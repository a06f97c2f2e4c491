"""The house style every writer follows (GB/T 9704-2012): page geometry, type sizes, line pitch,
and which font role sets each heading level.

Plain numbers only, no writer library: the DOCX writer, the PDF writer and
the template layer read the same values.
"""

from __future__ import annotations

MM = 72 / 25.4
"""Points per millimetre."""

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]  # 225

LINE_PITCH = 28.95
"""Fixed body line spacing in points: 22 lines in the 225 mm text block."""
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 2号: title
SIZE_3 = 16.0  # 3号: body and headings
SIZE_4 = 14.0  # 4号: captions, page numbers
SIZE_SMALL_4 = 12.0  # 小四: notes
SIZE_5 = 10.5  # 5号: dense tables

BODY_SIZE = SIZE_3
GRID_PITCH = (TEXT_WIDTH_MM * MM - 0.05) / CHARS_PER_LINE
"""Advance of one character of 3号 text on the grid: 28 characters fill the 156 mm line."""
GRID_TRACKING = GRID_PITCH - BODY_SIZE
"""Space added after each 3号 character (negative: 16 pt characters on a 15.79 pt pitch)."""
INDENT = 2 * GRID_PITCH
"""First-line indent of two characters."""

PAGE_NUMBER_SIZE = SIZE_4
PAGE_NUMBER_BASELINE_MM = 24
"""Height of the page number's baseline above the paper's bottom edge: the digits' tops sit about 7 mm
below the text block."""


def page_number_label(page: int) -> str:
    """Return the printed page number "— n —"."""
    return f"— {page} —"


HEADING_ROLES = {1: "heading", 2: "kai", 3: "body", 4: "body"}
"""Font role per heading level: 一、 黑体; （一） 楷体; 1. 仿宋 (bold); （1） 仿宋."""
HEADING_BOLD = frozenset({3})
"""Heading levels set in bold (house rule for "1.")."""
