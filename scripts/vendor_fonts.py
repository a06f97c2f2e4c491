"""Rebuild the open faces shipped in ``src/nqp_report/fonts/faces/`` (run by maintainers, not at build time).

Usage: python scripts/vendor_fonts.py FANDOL_DIR NOTO_SERIF_TTF

FANDOL_DIR holds FandolSong-Bold.otf, FandolSong-Regular.otf, FandolHei-Regular.otf,
FandolKai-Regular.otf and FandolFang-Regular.otf (TeX Live package "fandol",
Debian texlive-lang-chinese); NOTO_SERIF_TTF is the variable NotoSerif[wdth,wght].ttf
(PyPI fontpkg-noto-serif). Each CJK face is subset to GB 2312's symbols and 3755
level-1 hanzi plus ASCII and the characters of the bundled data and templates, its
CFF outlines converted to TrueType; the Latin face is a static Regular instance
holding ASCII, Latin-1 and common punctuation. Each face gets a ``.chars`` file
beside it listing the characters it maps, so a build never opens it with fontTools.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nqp_report.fonts.coverage import gb2312_common  # noqa: E402
from nqp_report.fonts.subset import cff_to_glyf, subset_options, write_chars_file  # noqa: E402

FACES = {
    "FandolSong-Bold.otf": "FandolSong-Bold.ttf",
    "FandolSong-Regular.otf": "FandolSong-Regular.ttf",
    "FandolHei-Regular.otf": "FandolHei-Regular.ttf",
    "FandolKai-Regular.otf": "FandolKai-Regular.ttf",
    "FandolFang-Regular.otf": "FandolFang-Regular.ttf",
}
EXTRA = "−·—–…‰℃±×÷≈≠≤≥～№•‘’“”、。，；：？！（）《》【】〔〕「」『』"
SPACES = "\u00a0\u2009\u3000"


def bundled_text() -> set[str]:
    """Return the characters of the bundled data and templates."""
    text = ""
    for folder in ("data", "templates"):
        for path in sorted((ROOT / folder).rglob("*.*")):
            if path.suffix in (".csv", ".md", ".yaml"):
                text += path.read_text(encoding="utf-8-sig")
    return {c for c in text if not c.isspace() or c == " "}


def options() -> subset.Options:
    """Return the subsetter options of the tool's own subsets, also dropping STAT."""
    return subset_options(("STAT",))


def add_minus_sign(tt: TTFont) -> None:
    """Map U+2212 MINUS SIGN (printed for negative values) to the en dash's glyph where the face lacks it."""
    cmap = tt.getBestCmap()
    if 0x2212 in cmap or 0x2013 not in cmap:
        return
    glyph = cmap[0x2013]
    for table in tt["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x2212] = glyph


def vendor(src: Path, dest: Path, chars: set[str]) -> None:
    """Write a TrueType subset of ``src`` covering ``chars`` (those it has) and its ``.chars`` file."""
    tt = TTFont(str(src), recalcTimestamp=False)
    if "fvar" in tt:
        from fontTools.varLib import instancer

        tt = instancer.instantiateVariableFont(tt, {"wght": 400, "wdth": 100}, inplace=False)
    cmap = tt.getBestCmap()
    keep = {ord(c) for c in chars if ord(c) in cmap}
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=keep)
    subsetter.subset(tt)
    if "CFF " in tt or "CFF2" in tt:
        cff_to_glyf(tt, max_err=2.0)
    add_minus_sign(tt)
    tt.save(str(dest))
    write_chars_file(dest, {chr(c) for c in TTFont(str(dest)).getBestCmap()})
    print(f"{dest.name}: {len(keep)} characters, {dest.stat().st_size // 1024} KiB")


def main(fandol: str, noto_serif: str) -> None:
    out = ROOT / "src" / "nqp_report" / "fonts" / "faces"
    out.mkdir(parents=True, exist_ok=True)
    cjk = gb2312_common() | {chr(c) for c in range(0x20, 0x7F)} | set(EXTRA + SPACES) | bundled_text()
    for name, target in FACES.items():
        vendor(Path(fandol) / name, out / target, cjk)
    latin = {chr(c) for c in range(0x20, 0x7F)} | set(SPACES) | {chr(c) for c in range(0xA1, 0x180)} | set("–—‘’“”•…‰−")
    vendor(Path(noto_serif), out / "NotoSerif-Regular.ttf", latin)


if __name__ == "__main__":
    main(*sys.argv[1:3])
