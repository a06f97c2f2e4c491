"""The print-safe look of every chart: colours, font sizes and matplotlib rc settings.

Near-black target, grey and muted-blue peers: the charts read in greyscale.
"""

from __future__ import annotations

from typing import Any

TARGET = "#1f1f1f"        # the target region: near-black
PEER = "#8c8c8c"          # peers: mid-grey
BLUE = "#4a6d8c"          # a muted blue, a second peer tone (dark enough in greyscale)
INK = "#1f1f1f"           # text
NOTE_INK = "#404040"      # notes, year marks
TRACK = "#e3e3e3"         # background tracks, bands
GRID = "#e6e6e6"

SIZE_LABEL = 10.5         # category labels (regions, indicators): 5号
SIZE_VALUE = 9.5          # value labels
SIZE_SMALL = 9.0          # year marks, notes, ticks
SIZE_TITLE = 10.0         # panel titles

NO_DATA = "无可比数据"
PALETTE_COLOURS = 64      # PNG quantised to this many colours (greys and one blue need few)


def rc_params(family: str) -> dict[str, Any]:
    """Return the matplotlib rc settings of every chart, its texts in font ``family``."""
    return {
        "font.family": [family],
        "font.size": SIZE_SMALL,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#595959",
        "axes.linewidth": 0.6,
        "axes.labelcolor": INK,
        "axes.titlesize": SIZE_TITLE,
        "axes.titlecolor": INK,
        "xtick.color": "#595959",
        "ytick.color": "#595959",
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": SIZE_SMALL,
        "ytick.labelsize": SIZE_LABEL,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "xtick.major.size": 2.5,
        "ytick.major.size": 0,
        "hatch.linewidth": 0.8,
        "hatch.color": "white",
        "text.color": INK,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "path.simplify": True,
    }
