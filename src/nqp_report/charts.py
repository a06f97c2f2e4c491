"""Charts: PNG images drawn with matplotlib from the model's :class:`ChartSpec` nodes.

:func:`render_chart` dispatches on ``spec.kind`` to one small function per kind
(``_draw_bar``, ``_draw_concept``, ``_draw_profile``, ``_draw_timeseries``,
``_draw_matrix``); an unknown kind raises :class:`ValueError`. The data schemas
are the ones :mod:`nqp_report.directives` builds.

Every text uses the one font file given (the 黑体 role); a character that font
does not cover raises :class:`FontError` before any pixel is drawn, never a
black box. The palette is print-safe (near-black target, grey and muted-blue
peers, shape and dash differences) so the charts read in greyscale. The image
has exactly the requested pixel size, and the same spec gives the same bytes.

matplotlib is imported lazily inside the functions: importing this module is cheap.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .errors import FontError
from .model import ChartSpec

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure

# ---------------------------------------------------------------- style
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


@dataclass(frozen=True)
class Bar:
    """One bar as it will be drawn: region, value, printed label, year mark and emphasis."""

    region: str
    value: float
    label: str
    year_mark: str = ""
    highlight: bool = False
    qualified: bool = False


# ---------------------------------------------------------------- entry point
def render_chart(spec: ChartSpec, font_path: Path, width_mm: float = 150, height_mm: float = 85,
                 dpi: int = 300) -> bytes:
    """Return the PNG bytes of ``spec`` drawn at ``width_mm`` x ``height_mm`` and ``dpi``.

    Raises :class:`ValueError` for an unknown kind and :class:`FontError` when the
    font cannot draw a character of the chart.
    """
    draw = _KINDS.get(spec.kind)
    if draw is None:
        known = ", ".join(sorted(_KINDS))
        raise ValueError(f"unknown chart kind {spec.kind!r} (known kinds: {known})")
    if width_mm <= 0 or height_mm <= 0 or dpi <= 0:
        raise ValueError(f"chart size must be positive, got {width_mm} x {height_mm} mm at {dpi} dpi")
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font_path = Path(font_path)
    family = _register_font(font_path)
    _check_chars(_strings(spec.data), font_path)  # the data's text, before matplotlib warns of a box
    px = pixel_size(width_mm, height_mm, dpi)
    with rc_context(_rc(family)):
        fig = Figure(figsize=(px[0] / dpi, px[1] / dpi), dpi=dpi, layout="constrained")
        fig.get_layout_engine().set(w_pad=2 / 72, h_pad=2 / 72, wspace=0.04, hspace=0.04)
        FigureCanvasAgg(fig)
        draw(fig, spec.data or {}, width_mm)
        _check_glyphs(fig, font_path)
        return _png_bytes(fig, px, dpi)


def pixel_size(width_mm: float, height_mm: float, dpi: int = 300) -> tuple[int, int]:
    """Return the (width, height) in pixels of a chart of that physical size."""
    return round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi)


# ---------------------------------------------------------------- font and output
_REGISTERED: dict[str, str] = {}


def _register_font(path: Path) -> str:
    """Add the font file to matplotlib's font manager once; return its family name."""
    from matplotlib import font_manager

    key = str(path.resolve())
    if key not in _REGISTERED:
        if not path.is_file():
            raise FontError(f"图表字体文件不存在：{path}")
        font_manager.fontManager.addfont(key)
        _REGISTERED[key] = font_manager.FontProperties(fname=key).get_name()
    return _REGISTERED[key]


def _rc(family: str) -> dict[str, Any]:
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


@lru_cache(maxsize=8)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.font_manager import get_font

    return frozenset(get_font(path).get_charmap())


def _strings(value: Any) -> list[str]:
    """Return every string inside plain JSON-like data."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _check_glyphs(fig: MplFigure, font_path: Path) -> None:
    """Raise FontError when a text of the figure has a character the font lacks."""
    from matplotlib.text import Text

    _check_chars([t.get_text() for t in fig.findobj(Text)], font_path)


def _check_chars(texts: list[str], font_path: Path) -> None:
    covered = _charmap(str(font_path.resolve()))
    missing: list[str] = []
    for text in texts:
        for ch in text:
            if ch not in "\n\t" and ord(ch) not in covered and ch not in missing:
                missing.append(ch)
    if missing:
        chars = "".join(missing)
        raise FontError(f"图表字体 {font_path.name} 不含以下字符：{chars}（请换用覆盖这些字符的字体）")


def _png_bytes(fig: MplFigure, px: tuple[int, int], dpi: int) -> bytes:
    """Draw the figure and return it as a palette PNG of exactly ``px`` pixels, no metadata."""
    from PIL import Image

    canvas = fig.canvas
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (w, h), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1).convert("RGB")
    if image.size != px:  # float rounding of figsize x dpi: pad or crop by a pixel, never rescale
        exact = Image.new("RGB", px, "white")
        exact.paste(image, (0, 0))
        image = exact
    image = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), compress_level=9)
    return out.getvalue()


# ---------------------------------------------------------------- text helpers
def _em(ch: str) -> float:
    """Return the approximate advance of a character in ems (CJK and full-width = 1)."""
    o = ord(ch)
    if o >= 0x2E80 or 0xFF00 <= o <= 0xFFEF:
        return 1.0
    if ch in "ilI.,:;!|'()[] ":
        return 0.3
    if ch.isupper() or ch in "%mwMW":
        return 0.68
    return 0.56


def text_em(text: str) -> float:
    """Return the approximate width of the longest line of ``text`` in ems."""
    return max((sum(_em(c) for c in line) for line in text.split("\n")), default=0.0)


_NO_LINE_START = set("，。、；：？！）》”’」』】〕%％·…—")
_NO_LINE_END = set("（《“‘「『【〔")


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


def _fmt(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return "0" if text.lstrip("-").strip("0.,") == "" else text


def _decimals(values: list[float]) -> int:
    """Return the fewest decimals (0-2) that print every value without loss."""
    for d in range(3):
        if all(abs(round(v, d) - v) < 1e-9 for v in values):
            return d
    return 2


def _with_unit(number: str, unit: str) -> str:
    return f"第{number}位" if unit == "位" else number + (unit or "")


def _number(value: Any) -> float | None:
    """Return a finite float or None (missing)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


# ---------------------------------------------------------------- layout helpers
def _notes(fig: MplFigure, lines: list[str], width_mm: float) -> None:
    """Put note lines, wrapped to the figure width, left-aligned under the plot."""
    lines = [ln for ln in lines if ln]
    if not lines:
        return
    max_em = (width_mm / 25.4 * 72 - 8) / SIZE_SMALL
    text = "\n".join(wrap(ln, max_em) for ln in lines)
    fig.supxlabel(text, x=0.01, ha="left", va="bottom", fontsize=SIZE_SMALL, color=NOTE_INK,
                  multialignment="left", linespacing=1.35)


def _no_data(ax: Axes, text: str = NO_DATA) -> None:
    """Turn ``ax`` into a clean "无可比数据" panel."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=SIZE_LABEL,
            color=NOTE_INK)


def _clean_axes(ax: Axes, value_axis: str = "x") -> None:
    """Remove chart junk from a bar axes: values are labelled, so the value axis goes."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if value_axis == "x":
        ax.spines["bottom"].set_visible(False)
        ax.xaxis.set_visible(False)  # also keeps its ticks out of the layout passes
        ax.tick_params(axis="y", length=0, pad=4)
    ax.set_facecolor("white")


def _fit_x(fig: MplFigure, jobs: list[tuple[Axes, list, float, float]], rounds: int = 3) -> None:
    """Widen each axes' x limits until its texts lie inside it; ``jobs`` are (axes, texts, lo, hi).

    All axes are fitted together, one layout pass a round.
    """
    for ax, _, lo, hi in jobs:
        ax.set_xlim(lo, hi)
    jobs = [j for j in jobs if j[1]]
    if not jobs:
        return
    renderer = fig.canvas.get_renderer()
    margin = 6 / 72 * fig.dpi
    for _ in range(rounds):
        fig.get_layout_engine().execute(fig)
        changed = False
        for ax, texts, _, _ in jobs:
            box = ax.get_window_extent(renderer)
            x0, x1 = ax.get_xlim()
            span = x1 - x0
            need_lo, need_hi = x0, x1
            for t in texts:
                ext = t.get_window_extent(renderer)
                over_r = ext.x1 - box.x1
                over_l = box.x0 + margin - ext.x0  # keep clear of the category labels on the left
                if over_r > 0.5:
                    need_hi = max(need_hi, x1 + (over_r + 2) / box.width * span * 1.05)
                if over_l > 0.5:
                    need_lo = min(need_lo, x0 - (over_l + 2) / box.width * span * 1.05)
            if (need_lo, need_hi) != (x0, x1):
                ax.set_xlim(need_lo, need_hi)
                changed = True
        if not changed:
            return


MAX_ROW_PT = 34.0  # a bar row is never taller than this (12 mm): one or two bars do not become slabs


def _set_rows(fig: MplFigure, rows: list[tuple[Axes, int]]) -> None:
    """Set y limits for (axes, n) rows drawn top-down, padding with space where rows would be too tall."""
    fig.get_layout_engine().execute(fig)
    renderer = fig.canvas.get_renderer()
    for ax, n in rows:
        height_pt = ax.get_window_extent(renderer).height * 72 / fig.dpi
        extra = (max(float(n), height_pt / MAX_ROW_PT) - n) / 2
        ax.set_ylim(n - 0.5 + extra, -0.5 - extra)


def _axes_height_pt(height_mm: float, reserved_mm: float) -> float:
    return max(20.0, (height_mm - reserved_mm) / 25.4 * 72)


# ---------------------------------------------------------------- bar
def prepare_bars(data: dict) -> tuple[list[Bar], list[str]]:
    """Return the bars a bar chart draws (best first) and the regions listed as 无数据.

    A bar whose value is missing is never drawn (not even as zero): its region
    joins the 无数据 list. The year mark is set where the bar's year differs from
    the reference year.
    """
    unit = data.get("unit", "") or ""
    ref = data.get("reference_year")
    target = data.get("target")
    raw = [b for b in data.get("bars") or [] if isinstance(b, dict)]
    values = [v for v in (_number(b.get("value")) for b in raw) if v is not None]
    decimals = _decimals(values)
    bars: list[Bar] = []
    missing = [str(r) for r in data.get("missing") or []]
    for b in raw:
        region = str(b.get("region", ""))
        value = _number(b.get("value"))
        if value is None:
            if region and region not in missing:
                missing.append(region)
            continue
        qualifier = b.get("qualifier") or ""
        label = b.get("label") or qualifier + _with_unit(_fmt(value, decimals), unit)
        year = b.get("year")
        mark = f"（{year}年）" if year is not None and ref is not None and year != ref else ""
        bars.append(Bar(region, value, str(label), mark, highlight=region == target, qualified=bool(qualifier)))
    reverse = data.get("direction", "higher") != "lower"
    bars.sort(key=lambda b: b.value, reverse=reverse)  # stable: ties keep the given (ranking) order
    return bars, missing


def _bar_notes(missing: list[str], direction: str | None, qualified: bool, extra: str = "") -> list[str]:
    lines = []
    if missing:
        lines.append("无数据：" + "、".join(missing))
    if qualified:
        lines.append("斜线填充的数值为约数或界值。")
    if direction == "lower":
        lines.append("注：该指标数值越小越好，自上而下由优到劣排列。")
    if extra:
        lines.append(extra)
    return lines


def _hbars(fig: MplFigure, ax: Axes, bars: list[Bar], label_em: float, label_lines: int,
           value_size: float = SIZE_VALUE, label_size: float = SIZE_LABEL) -> tuple[Axes, list, float, float]:
    """Draw horizontal bars top-down with value labels and year marks; return the job for :func:`_fit_x`.

    The caller sets the rows (:func:`_set_rows`) and fits the x range to the labels.
    """
    n = len(bars)
    ys = list(range(n))
    colours = [TARGET if b.highlight else PEER for b in bars]
    height = 0.62 if n > 1 else 0.45
    rects = ax.barh(ys, [b.value for b in bars], height=height, color=colours, edgecolor="none", linewidth=0,
                    zorder=2)
    for rect, bar in zip(rects, bars):
        if bar.qualified:
            rect.set_hatch("////")
            rect.set_edgecolor("white")
    names = [wrap(b.region, label_em, label_lines) for b in bars]
    ax.set_yticks(ys, names, fontsize=label_size)
    for tick, name in zip(ax.get_yticklabels(), names):
        if "\n" in name:  # a long name wrapped: a little smaller and tighter, so rows stay apart
            tick.set_fontsize(min(label_size, SIZE_SMALL))
            tick.set_linespacing(1.05)
    ax.set_ylim(n - 0.5, -0.5)
    _clean_axes(ax)
    ax.spines["left"].set_bounds(-0.5, n - 0.5)  # the baseline spans the bars, not padded space
    values = [b.value for b in bars]
    lo, hi = min(0.0, min(values)), max(0.0, max(values))
    if lo == hi:
        hi = 1.0
    if lo < 0:
        ax.axvline(0, color="#595959", linewidth=0.6, zorder=3)
        ax.spines["left"].set_visible(False)
    texts = []
    for y, bar in zip(ys, bars):
        neg = bar.value < 0
        label = bar.label + bar.year_mark if neg else bar.label  # left of a negative bar: one text
        t = ax.annotate(label, (bar.value, y), xytext=(-3 if neg else 3, 0), textcoords="offset points",
                        ha="right" if neg else "left", va="center", fontsize=value_size,
                        color=INK, annotation_clip=False)
        texts.append(t)
        if bar.year_mark and not neg:
            m = ax.annotate(bar.year_mark, (1, 0.5), xycoords=t, xytext=(1, 0),
                            textcoords="offset points", ha="left", va="center",
                            fontsize=SIZE_SMALL, color=NOTE_INK, annotation_clip=False)
            texts.append(m)
    return ax, texts, lo, hi


def _draw_bar(fig: MplFigure, data: dict, width_mm: float) -> None:
    bars, missing = prepare_bars(data)
    ax = fig.add_subplot()
    note = data.get("note") or ""
    if not bars:
        _no_data(ax)
        _notes(fig, _bar_notes(missing, data.get("direction"), False, note), width_mm)
        return
    height_mm = fig.get_figheight() * 25.4
    pitch = _axes_height_pt(height_mm, 16 + 4.5 * (len(missing) > 0)) / len(bars)
    lines = max(2, min(3, int(pitch // (SIZE_SMALL * 1.1))))
    _notes(fig, _bar_notes(missing, data.get("direction"), any(b.qualified for b in bars), note), width_mm)
    job = _hbars(fig, ax, bars, label_em=8, label_lines=lines)
    _set_rows(fig, [(ax, len(bars))])
    _fit_x(fig, [job])


# ---------------------------------------------------------------- concept
def _concept_bars(panel: dict, target: str | None) -> list[Bar]:
    unit = panel.get("unit", "") or ""
    raw = [b for b in panel.get("bars") or [] if isinstance(b, dict) and _number(b.get("value")) is not None]
    years = [b.get("year") for b in raw if b.get("year") is not None]
    target_year = next((b.get("year") for b in raw if b.get("region") == target), None)
    ref = target_year if target_year is not None else (max(years) if years else None)
    decimals = _decimals([_number(b.get("value")) for b in raw])  # type: ignore[misc]
    bars = []
    for b in raw:
        value = _number(b.get("value"))
        qualifier = b.get("qualifier") or ""
        label = b.get("label") or qualifier + _with_unit(_fmt(value, decimals), unit)  # type: ignore[arg-type]
        year = b.get("year")
        # each panel states its year in its title; only a bar of another year is marked
        mark = f"（{year}年）" if year is not None and ref is not None and year != ref else ""
        bars.append(Bar(str(b.get("region", "")), value, str(label), mark,  # type: ignore[arg-type]
                        highlight=b.get("region") == target, qualified=bool(qualifier)))
    bars.sort(key=lambda b: b.value, reverse=True)
    return bars


def _draw_concept(fig: MplFigure, data: dict, width_mm: float) -> None:
    panels = [p for p in data.get("panels") or [] if isinstance(p, dict)]
    note = data.get("note") or "口径不同，不可直接比较"
    if "不可直接比较" not in note:
        note += "，不可直接比较"
    target = data.get("target")
    notes = [f"注：{note}。各分图坐标相互独立。"]
    if not panels:
        _no_data(fig.add_subplot())
        _notes(fig, notes, width_mm)
        return
    n = len(panels)
    axes = fig.subplots(1, n, squeeze=False)[0]
    _notes(fig, notes, width_mm)
    panel_em = max(4.0, (width_mm / n / 25.4 * 72 - 40) / SIZE_TITLE)  # less the region labels
    any_qualified = False
    jobs, rows = [], []
    for ax, panel in zip(axes, panels):
        bars = _concept_bars(panel, target)
        years = sorted({b.get("year") for b in panel.get("bars") or [] if isinstance(b, dict)
                        and b.get("year") is not None and _number(b.get("value")) is not None})
        title = str(panel.get("indicator", ""))
        if years:
            title += f"（{years[-1]}年）" if len(years) == 1 else ""
        ax.set_title(wrap(title, panel_em, 4), fontsize=SIZE_TITLE, loc="center", pad=6, linespacing=1.25)
        if not bars:
            _no_data(ax)
            continue
        any_qualified |= any(b.qualified for b in bars)
        jobs.append(_hbars(fig, ax, bars, label_em=4, label_lines=2, value_size=SIZE_SMALL,
                           label_size=SIZE_SMALL + 0.5))
        rows.append((ax, len(bars)))
    if any_qualified:
        _notes(fig, notes + ["斜线填充的数值为约数或界值。"], width_mm)
    if rows:
        _set_rows(fig, rows)
        _fit_x(fig, jobs)


# ---------------------------------------------------------------- profile
def _draw_profile(fig: MplFigure, data: dict, width_mm: float) -> None:
    items = [i for i in data.get("items") or [] if isinstance(i, dict) and _number(i.get("score")) is not None]
    target = str(data.get("target", ""))
    coverage = data.get("coverage") or ""
    notes = [coverage + ("；" if coverage else "") + "深色条为" + (target or "目标地区") +
             "，浅色底条为对标最优（=100）。"]
    ax = fig.add_subplot()
    _notes(fig, notes, width_mm)
    if not items:
        _no_data(ax)
        return
    n = len(items)
    ys = list(range(n))
    scores: list[float] = [_number(i["score"]) for i in items]  # type: ignore[misc]
    ax.barh(ys, [100] * n, height=0.66, color=TRACK, edgecolor="none", zorder=1)
    ax.barh(ys, scores, height=0.42, color=TARGET, edgecolor="none", zorder=2)
    ax.axvline(100, color="#8c8c8c", linewidth=0.7, linestyle=(0, (3, 2)), zorder=3)
    height_mm = fig.get_figheight() * 25.4
    pitch = _axes_height_pt(height_mm, 14) / n
    two_lines = pitch >= SIZE_SMALL * 2.3
    label_size = SIZE_LABEL if pitch >= SIZE_LABEL * 2.5 else SIZE_SMALL + 0.5
    ax.set_yticks(ys, [wrap(str(i.get("indicator", "")), 8, 2 if two_lines else 1) for i in items],
                  fontsize=label_size)
    for tick in ax.get_yticklabels():
        tick.set_linespacing(1.1)
    _clean_axes(ax)
    ax.spines["left"].set_bounds(-0.5, n - 0.5)
    _set_rows(fig, [(ax, n)])
    ax.set_xlim(min(0.0, min(scores)) * 1.1, max(100.0, max(scores)))
    for y, item, score in zip(ys, items, scores):
        inside = score > 84  # no room before the 100 line: print inside the bar
        neg = score < 0
        ax.annotate(_fmt(score, 0 if abs(score) >= 10 else 1), (score, y),
                    xytext=(-3 if inside or neg else 3, 0), textcoords="offset points",
                    ha="right" if inside or neg else "left", va="center", fontsize=SIZE_SMALL,
                    color="white" if inside else INK, annotation_clip=False)
        best = str(item.get("best_region", ""))
        tl, bl = str(item.get("target_label", "")), str(item.get("best_label", ""))
        if best and best == target:
            detail = f"{target} {tl}（最优）"
        elif two_lines:
            detail = f"{target} {tl}\n{best} {bl}（最优）"
        else:
            detail = f"{target} {tl}｜{best} {bl}（最优）"
        # a column of values right of the axes: the 0-100 scale keeps the width it needs
        ax.annotate(detail, (1, y), xycoords=("axes fraction", "data"), xytext=(8, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=SIZE_SMALL, color=NOTE_INK, linespacing=1.15,
                    annotation_clip=False)


# ---------------------------------------------------------------- timeseries
_SERIES_STYLES = [  # (colour, dash, marker, marker face) for peers, distinguishable in greyscale
    (BLUE, (0, (5, 2)), "s", BLUE),
    (PEER, (0, (1.5, 1.5)), "^", PEER),
    ("#5f5f5f", (0, (6, 2, 1.5, 2)), "D", "white"),
    ("#a6a6a6", "-", "v", "#a6a6a6"),
    (BLUE, (0, (1.5, 1.5)), "o", "white"),
    ("#5f5f5f", "-", "P", "#5f5f5f"),
]


def _spread(positions: list[float], min_gap: float) -> list[float]:
    """Return positions pushed apart to at least ``min_gap``, order kept, centred on the originals."""
    if not positions:
        return []
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    placed = [positions[order[0]]]
    for i in order[1:]:
        placed.append(max(positions[i], placed[-1] + min_gap))
    shift = (sum(positions[i] for i in order) - sum(placed)) / len(placed)
    out = [0.0] * len(positions)
    for k, i in enumerate(order):
        out[i] = placed[k] + shift
    return out


def _draw_timeseries(fig: MplFigure, data: dict, width_mm: float) -> None:
    unit = data.get("unit", "") or ""
    series = []
    for s in data.get("series") or []:
        if not isinstance(s, dict):
            continue
        pts = sorted((int(p[0]), _number(p[1])) for p in s.get("points") or [] if len(p) >= 2
                     and _number(p[1]) is not None)
        if pts:
            series.append((str(s.get("region", "")), bool(s.get("highlight")), pts))
    ax = fig.add_subplot()
    _notes(fig, [data.get("note") or "", "注：位次越小越靠前，纵轴自上而下为第1位至末位。" if unit == "位" else ""],
           width_mm)
    if not series:
        _no_data(ax)
        return
    series.sort(key=lambda s: not s[1])  # target first, peers in given order
    values = [v for _, _, pts in series for _, v in pts]
    decimals = _decimals(values)
    years = sorted({y for _, _, pts in series for y, _ in pts})
    label_all = len(series) <= 2
    peer_i = 0
    ends = []
    for region, highlight, pts in series:
        xs, vs = [p[0] for p in pts], [p[1] for p in pts]
        if highlight:
            colour, dash, marker, face, lw, z = TARGET, "-", "o", TARGET, 2.0, 5
        else:
            colour, dash, marker, face = _SERIES_STYLES[peer_i % len(_SERIES_STYLES)]
            lw, z = 1.3, 3
            peer_i += 1
        ax.plot(xs, vs, color=colour, linestyle=dash, linewidth=lw, marker=marker, markersize=4.5 if highlight else 4,
                markerfacecolor=face, markeredgecolor=colour, markeredgewidth=1.0, zorder=z, clip_on=False)
        if highlight or label_all:
            for x, v in zip(xs[:-1], vs[:-1]):
                ax.annotate(_fmt(v, decimals), (x, v), xytext=(0, 5 if highlight else -5),
                            textcoords="offset points", ha="center", va="bottom" if highlight else "top",
                            fontsize=SIZE_SMALL, color=colour if highlight else NOTE_INK, annotation_clip=False)
        ends.append((region, xs[-1], vs[-1], colour, highlight))
    # direct labels at the line ends ("深圳 5.81%"), spread apart vertically; no legend box
    ax.set_xlim(years[0] - 0.3 if len(years) > 1 else years[0] - 1, years[-1] + (0.3 if len(years) > 1 else 1))
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.12 or (abs(hi) * 0.2 or 1.0)
    if unit == "位":  # ranks: 1 at the top, no rank 0
        ax.set_ylim(hi + max(pad, 0.6), max(0.5, lo - max(pad, 0.6)))
        ax.yaxis.get_major_locator().set_params(integer=True)
    elif lo == hi and lo > 0:  # a single value: from zero
        ax.set_ylim(0, hi * 1.25)
    else:
        bottom = 0.0 if 0 <= lo < hi * 0.5 else lo - pad  # start at zero unless that squashes the lines
        ax.set_ylim(bottom, hi + pad)
    fig.get_layout_engine().execute(fig)
    y0, y1 = ax.get_ylim()
    box = ax.get_window_extent(fig.canvas.get_renderer())
    gap = (SIZE_SMALL * 1.3) / 72 * fig.dpi / box.height * (y1 - y0)
    placed = _spread([v for _, _, v, _, _ in ends], gap)
    pt_per_unit = box.height / (y1 - y0) * 72 / fig.dpi
    end_texts = []
    for (region, x, v, colour, highlight), yy in zip(ends, placed):
        end_texts.append(ax.annotate(f"{region} {_with_unit(_fmt(v, decimals), unit)}", (x, v), xytext=(6, (yy - v) * pt_per_unit),
                    textcoords="offset points", ha="left", va="center", fontsize=SIZE_SMALL,
                    color=INK if highlight else NOTE_INK, annotation_clip=False))
    _fit_x(fig, [(ax, end_texts, *ax.get_xlim())])
    ax.set_xticks(years, [f"{y}年" for y in years])
    ax.yaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", labelsize=SIZE_SMALL, length=2.5)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if unit and unit != "位":
        ax.annotate(f"单位：{unit}", (0, 1), xycoords="axes fraction", xytext=(0, 6), textcoords="offset points",
                    ha="right", va="bottom", fontsize=SIZE_SMALL, color=NOTE_INK)


# ---------------------------------------------------------------- matrix
_PRIORITY_MARKERS = {  # level: (marker, face, edge, size, legend text)
    "高": ("o", TARGET, TARGET, 8.0, "优先级高"),
    "中": ("s", PEER, "#5f5f5f", 7.0, "优先级中"),
    "低": ("^", "white", "#404040", 7.5, "优先级低"),
}
_OTHER_MARKER = ("D", "white", "#8c8c8c", 6.0, "待评估")
MARKER_HALF_PT = 5.0   # half the width of a matrix marker
LABEL_GAP_PT = 6.0     # marker centre to label


def place_matrix_points(points: list[dict], categories: list[str], x_per_pt: float,
                        min_dy: float) -> list[tuple[list[dict], float, float, str]]:
    """Return (points, x, y, label side): one marker per group, offset where labels would collide.

    The first category is the top row (y = len - 1). Points of one category at
    (almost) the same x share one marker labelled "R01、R02" (recommendations
    linked to one indicator have one severity). Groups are taken in order of x,
    then id; each gets the first slot (a vertical offset within its band with
    the label on the right, then the same offsets with the label on the left)
    where its marker and label overlap nothing placed before. ``x_per_pt``
    converts points to x units, ``min_dy`` is a label's height in y units.
    Same input, same placement.
    """
    rows = {c: len(categories) - 1 - i for i, c in enumerate(categories)}
    steps = max(0, min(3, int(0.42 // max(min_dy, 1e-6))))
    offsets = [0.0] + [k * sign * min_dy for k in range(1, steps + 1) for sign in (1, -1)]
    slots = [(o, "right") for o in offsets] + [(o, "left") for o in offsets]
    pts = [p for p in points if p.get("y") in rows and _number(p.get("x")) is not None]
    pts.sort(key=lambda p: (categories.index(p["y"]), _number(p["x"]), str(p.get("id", ""))))
    groups: list[list[dict]] = []
    for p in pts:
        last = groups[-1][-1] if groups else None
        if last is not None and last["y"] == p["y"] and \
                abs(_number(p["x"]) - _number(last["x"])) <= x_per_pt * 2:  # type: ignore[operator]
            groups[-1].append(p)
        else:
            groups.append([p])
    placed: list[tuple[list[dict], float, float, str]] = []
    boxes: dict[str, list[tuple[float, float, float]]] = {}  # category -> (x0, x1, offset) taken
    for group in groups:
        x: float = _number(group[0]["x"])  # type: ignore[assignment]
        label_w = (text_em(matrix_label(group)) * SIZE_SMALL + LABEL_GAP_PT) * x_per_pt
        half = MARKER_HALF_PT * x_per_pt
        here = boxes.setdefault(group[0]["y"], [])

        def spans(slot: tuple[float, str]) -> list[tuple[float, float, float]]:
            o, side = slot
            label = (x, x + label_w) if side == "right" else (x - label_w, x)
            return [(x - half, x + half, o), (label[0], label[1], o)]

        def clashes(slot: tuple[float, str]) -> int:
            return sum(1 for a0, a1, ao in spans(slot) for b0, b1, bo in here
                       if abs(ao - bo) < min_dy * 0.99 and a0 < b1 and b0 < a1)

        best = min(slots, key=lambda sl: (clashes(sl), slots.index(sl)))
        here.extend(spans(best))
        placed.append((group, x, rows[group[0]["y"]] + best[0], best[1]))
    return placed


def matrix_label(group: list[dict]) -> str:
    """Return the label of a marker: the ids of its recommendations, "R01、R02"."""
    return "、".join(str(p.get("id", "")) for p in group)


def _draw_matrix(fig: MplFigure, data: dict, width_mm: float) -> None:
    from matplotlib.lines import Line2D

    categories = [str(c) for c in data.get("y_categories") or ["近期", "中期", "长期"]]
    points = [p for p in data.get("points") or [] if isinstance(p, dict)]
    ax = fig.add_subplot()
    _notes(fig, [data.get("note") or ""], width_mm)
    xs = [_number(p.get("x")) for p in points if _number(p.get("x")) is not None and p.get("y") in categories]
    if not xs:
        _no_data(ax)
        return
    lo = min(0.0, min(xs))  # type: ignore[type-var]
    hi = max(100.0, max(xs))  # type: ignore[type-var]
    span = hi - lo
    fig.get_layout_engine().execute(fig)
    box = ax.get_window_extent(fig.canvas.get_renderer())
    axes_w_pt, axes_h_pt = box.width * 72 / fig.dpi - 30, box.height * 72 / fig.dpi - 30
    placed = place_matrix_points(points, categories, span * 1.04 / axes_w_pt,
                                 SIZE_SMALL * 1.3 / (axes_h_pt / len(categories)))
    for i in range(len(categories)):
        if i % 2 == 0:
            ax.axhspan(i - 0.5, i + 0.5, color="#f3f3f3", zorder=0, linewidth=0)
    used_levels = []
    for group, x, y, side in placed:
        level = str(group[0].get("priority", ""))
        marker, face, edge, size, _ = _PRIORITY_MARKERS.get(level, _OTHER_MARKER)
        if level not in used_levels:
            used_levels.append(level)
        ax.plot([x], [y], marker=marker, markersize=size, markerfacecolor=face, markeredgecolor=edge,
                markeredgewidth=1.0, linestyle="none", zorder=3, clip_on=False)
        ax.annotate(matrix_label(group), (x, y), xytext=(LABEL_GAP_PT if side == "right" else -LABEL_GAP_PT, 0),
                    textcoords="offset points", ha="left" if side == "right" else "right",
                    va="center", fontsize=SIZE_SMALL, color=INK, annotation_clip=False, zorder=4)
    ax.set_yticks(range(len(categories)), list(reversed(categories)), fontsize=SIZE_LABEL)
    ax.set_ylim(-0.5, len(categories) - 0.5)
    ax.set_xlim(lo - span * 0.02, hi + span * 0.02)
    ax.set_xlabel(str(data.get("x_label", "")), fontsize=SIZE_SMALL, color=NOTE_INK, labelpad=3)
    ax.tick_params(axis="y", length=0, pad=5)
    ax.spines["left"].set_visible(False)
    ax.xaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    order = [lv for lv in _PRIORITY_MARKERS if lv in used_levels] + \
        ([lv for lv in used_levels if lv not in _PRIORITY_MARKERS][:1])
    handles = []
    for level in order:
        marker, face, edge, size, text = _PRIORITY_MARKERS.get(level, _OTHER_MARKER)
        handles.append(Line2D([], [], marker=marker, markersize=size * 0.85, markerfacecolor=face,
                              markeredgecolor=edge, linestyle="none", label=text))
    fig.legend(handles=handles, loc="outside upper right", ncols=len(handles), frameon=False,
               fontsize=SIZE_SMALL, handletextpad=0.3, columnspacing=1.2, borderaxespad=0.2)


_KINDS: dict[str, Callable[[Any, dict, float], None]] = {
    "bar": _draw_bar,
    "concept": _draw_concept,
    "profile": _draw_profile,
    "timeseries": _draw_timeseries,
    "matrix": _draw_matrix,
}
