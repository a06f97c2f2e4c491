"""Chinese line breaking (避头尾) and a text-width estimate, for the PDF writer and the charts.

Pure functions, independent of ReportLab and matplotlib so they can be tested
with any width function:

- :func:`break_opportunities` marks where a line may end: between two Chinese
  characters, after a space, never inside a Latin word or number ("R&D",
  "2.52%", "1,234.5"), never before a closing mark (，。）》” …) and never
  after an opening mark (（《“ …), never inside "——" or "……".
- :func:`break_lines` fills lines greedily, ending each one at the last
  opportunity that fits; a single unbreakable token wider than a line is cut
  by characters (still avoiding forbidden starts where it can).
- :func:`text_em` estimates a label's width in ems where no font metrics are at hand (charts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

NO_LINE_START = frozenset(
    "，。、；：？！）》”’」』】〕〗〉｝］．％‰…·・～々〃—"
    ",.;:?!)]}%"
)
"""Characters that must not begin a line (closing marks, pause marks, percent, dashes and connectors).

A paragraph may still open with "——": only continuation lines are checked."""

NO_LINE_END = frozenset("（《“‘「『【〔〖〈｛［([{")
"""Characters that must not end a line (opening marks)."""

INSEPARABLE_PAIRS = frozenset("—…")
"""Characters that come in pairs ("——", "……") which are never split."""

SPACES = frozenset(" \t\u00a0\u3000")

# A Latin word or number that is one unbreakable unit: letters and digits joined
# by . , % & ' / - _ + : (R&D, 2.52%, 1,234.5, 5G, COVID-19, 3:2); a trailing
# percent or per-mille sign belongs to the number.
_LATIN_WORD = re.compile(r"[A-Za-z0-9\uff10-\uff19](?:[A-Za-z0-9\uff10-\uff19.,&'/_+:\-]*[A-Za-z0-9\uff10-\uff19])?[%‰％]?")


def _is_cjk_context(ch: str) -> bool:
    """Return whether a line may break next to ``ch`` without a space (Chinese text and its punctuation)."""
    o = ord(ch)
    return o >= 0x2E80 or 0x2010 <= o <= 0x206F


def break_opportunities(text: str, nobreak: Iterable[int] = ()) -> list[bool]:
    """Return ``ok`` of length ``len(text) + 1``: ``ok[i]`` says a line may break before ``text[i]``.

    ``ok[0]`` is False and ``ok[len(text)]`` is True. ``nobreak`` lists extra
    positions where no break is allowed (e.g. inside a "表2" reference).
    """
    n = len(text)
    ok = [False] * (n + 1)
    if n == 0:
        ok[0] = True
        return ok
    ok[n] = True
    for i in range(1, n):
        prev, cur = text[i - 1], text[i]
        if cur in SPACES:
            continue  # break after the space run, not before it
        if prev in SPACES:
            ok[i] = True
        elif _is_cjk_context(prev) or _is_cjk_context(cur):
            ok[i] = not (prev == cur and cur in INSEPARABLE_PAIRS)
        if cur in NO_LINE_START or prev in NO_LINE_END:
            ok[i] = False
    for m in _LATIN_WORD.finditer(text):
        for i in range(m.start() + 1, m.end()):
            ok[i] = False
    for i in nobreak:
        if 0 < i < n:
            ok[i] = False
    return ok


def break_lines(
    text: str,
    widths: Sequence[float],
    width: float,
    first_width: float | None = None,
    ok: Sequence[bool] | None = None,
    start: int = 0,
) -> list[tuple[int, int]]:
    """Return the lines of ``text[start:]`` as ``(begin, end)`` index pairs (trailing spaces excluded).

    ``widths[i]`` is the advance of ``text[i]``; the first line may be ``first_width``
    wide (indent), the others ``width``. ``ok`` comes from :func:`break_opportunities`
    (computed when omitted). Spaces at the start of a continuation line are dropped.
    """
    n = len(text)
    if ok is None:
        ok = break_opportunities(text)
    lines: list[tuple[int, int]] = []
    i = start
    eps = 1e-6
    while i < n:
        if lines:
            while i < n and text[i] in SPACES:
                i += 1
            if i >= n:
                break
        avail = first_width if (not lines and first_width is not None) else width
        x = trim = 0.0
        best = None
        j = i
        overflow = False
        while j < n:
            x += widths[j]
            if text[j] not in SPACES:
                trim = x
            if trim > avail + eps:
                overflow = True
                break
            j += 1
            if ok[j]:
                best = j
        if not overflow:
            best = n
        elif best is None or best <= i:
            best = _forced_break(text, i, j, ok)
        end = best
        while end > i and text[end - 1] in SPACES:
            end -= 1
        lines.append((i, end))
        i = best
    return lines


def _forced_break(text: str, begin: int, overflow_at: int, ok: Sequence[bool]) -> int:
    """Return where to end a line whose first unbreakable token does not fit (``begin..overflow_at-1`` fit).

    Closing punctuation (at most two marks) may hang past the line end ("1）。"
    on a very narrow line); otherwise cut inside the token at the last position
    that keeps the rules, else where it overflows.
    """
    n = len(text)
    m = overflow_at + 1
    while m < n and not ok[m]:
        m += 1
    if m - overflow_at <= 2 and all(text[x] in NO_LINE_START for x in range(overflow_at, m)):
        return m  # closing punctuation hangs past the line end
    for k in range(min(overflow_at, n - 1), begin, -1):
        if text[k] not in NO_LINE_START and text[k - 1] not in NO_LINE_END and not (
                text[k] == text[k - 1] and text[k] in INSEPARABLE_PAIRS):
            return k
    return max(begin + 1, overflow_at)


def char_em(ch: str) -> float:
    """Return the estimated advance of a character in ems (CJK and full-width 1), without font metrics."""
    o = ord(ch)
    if o >= 0x2E80 or 0xFF00 <= o <= 0xFFEF:
        return 1.0
    if ch in "ilI.,:;!|'()[] ":
        return 0.3
    if ch.isupper() or ch in "%mwMW":
        return 0.68
    return 0.56


def text_em(text: str) -> float:
    """Return the estimated width in ems of the longest line of ``text``."""
    return max((sum(char_em(c) for c in line) for line in text.split("\n")), default=0.0)


def wrap_text(text: str, width: float, char_width: Callable[[str], float],
              first_width: float | None = None) -> list[str]:
    """Return ``text`` broken into lines no wider than ``width`` (a convenience for tests and measuring)."""
    widths = [char_width(c) for c in text]
    return [text[a:b] for a, b in break_lines(text, widths, width, first_width)]
