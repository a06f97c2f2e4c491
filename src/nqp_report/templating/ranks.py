"""Rank indicators (unit 位): the field they rank in, read from the indicator's name."""

from __future__ import annotations

import re

from ..data import Indicator

RANK_SCOPE = re.compile(r"(全国副省级城市|副省级城市|全国城市|全国|全球|全省)位次$")


def rank_scope(indicator: Indicator) -> str:
    """Return the field a rank indicator ranks in ("全国城市"), from its name; "" when the name says none."""
    m = RANK_SCOPE.search(indicator.name)
    return m.group(1) if m else ""
