"""Chart labels: balanced Chinese line wrapping (the 避头尾 rules and width estimate of :mod:`nqp_report.cjk`)
and number formatting."""

from __future__ import annotations

import math
from typing import Any

from ..cjk import NO_LINE_END as _NO_LINE_END, NO_LINE_START as _NO_LINE_START, text_em


def wrap(text: str, max_em: float, max_lines: int = 0) -> str:
    """Return ``text`` broken into balanced lines of at most ``max_em`` ems, keeping Chinese line-break rules.

    Closing punctuation never starts a line and opening punctuation never ends
    one; a run of ASCII letters and digits and a short bracketed or quoted group
    ("（2023年）", "“小巨人”") are not split; lines come out about equally long
    rather than leaving one character alone. With ``max_lines`` the remainder is
    kept on the last line (too long rather than lost).
    """
    tokens = _tokens(text)
    lines = _greedy(tokens, max_em)
    k = min(len(lines), max_lines) if max_lines else len(lines)
    if k > 1 or len(lines) > k:
        # the narrowest width that still needs no more than k lines: lines of about equal length
        target = max(sum(text_em(t) for t in tokens) / k, max(text_em(t) for t in tokens))
        while len(lines := _greedy(tokens, target)) > k:
            target += 0.25
    return "\n".join(lines)


_GROUPS = {"（": "）", "(": ")", "“": "”", "《": "》", "【": "】"}


def _tokens(text: str) -> list[str]:
    """Return the unbreakable pieces of ``text``."""
    tokens: list[str] = []
    group = 0  # >0 while inside a short bracketed group kept whole
    for i, ch in enumerate(text):
        if group:
            tokens[-1] += ch
            group -= 1
            continue
        close = text.find(_GROUPS[ch], i + 1) if ch in _GROUPS else -1
        if close > 0 and text_em(text[i:close + 1]) <= 6:
            if tokens and tokens[-1][-1:] in _NO_LINE_END:
                tokens[-1] += ch
            else:
                tokens.append(ch)
            group = close - i
            continue
        if tokens and ch.isascii() and ch.isalnum() and tokens[-1][-1:].isascii() and tokens[-1][-1:].isalnum():
            tokens[-1] += ch
        elif tokens and (ch in _NO_LINE_START or tokens[-1][-1:] in _NO_LINE_END):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _greedy(tokens: list[str], max_em: float) -> list[str]:
    lines: list[str] = []
    line, width = "", 0.0
    for tok in tokens:
        w = text_em(tok)
        if line and width + w > max_em + 1e-9:
            lines.append(line)
            line, width = "", 0.0
        line += tok
        width += w
    if line:
        lines.append(line)
    return lines


def fmt_value(value: float, decimals: int) -> str:
    """Return ``value`` with thousands separators and ``decimals`` decimals; "0", never "-0.0"."""
    text = f"{value:,.{decimals}f}"
    return "0" if text.lstrip("-").strip("0.,") == "" else text


def fewest_decimals(values: list[float]) -> int:
    """Return the fewest decimals (0-2) that print every value without loss."""
    for d in range(3):
        if all(abs(round(v, d) - v) < 1e-9 for v in values):
            return d
    return 2


def with_unit(number: str, unit: str) -> str:
    """Return the printed number with its unit; a rank (位) reads "第3位"."""
    return f"第{number}位" if unit == "位" else number + (unit or "")


def finite_number(value: Any) -> float | None:
    """Return a finite float or None (missing)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None
