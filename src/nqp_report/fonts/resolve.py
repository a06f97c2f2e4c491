"""Find the font file serving each role: user setting, installed official font, then the open fonts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import FontError
from .config import user_settings
from .roles import ORIGIN_OFFICIAL, ORIGIN_OPEN, ORIGIN_USER, ROLE_LABELS, ROLES, ResolvedFont

# Official fonts by role, best first: (file name, face index in a collection).
OFFICIAL_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "title": (("FZXBSJW.TTF", 0), ("方正小标宋简体.ttf", 0), ("FZXBSK.TTF", 0), ("方正小标宋_GBK.ttf", 0)),
    "heading": (("simhei.ttf", 0), ("黑体.ttf", 0), ("FZHTJW.TTF", 0), ("FZHTK.TTF", 0)),
    "kai": (("simkai.ttf", 0), ("楷体_GB2312.ttf", 0), ("KaiTi_GB2312.ttf", 0), ("FZKTJW.TTF", 0),
            ("STKAITI.TTF", 0)),
    "body": (("仿宋_GB2312.ttf", 0), ("FangSong_GB2312.ttf", 0), ("simfang.ttf", 0), ("FZFSJW.TTF", 0),
             ("STFANGSO.TTF", 0)),
    "table": (("simsun.ttc", 0), ("SimSun.ttf", 0), ("宋体.ttf", 0), ("FZSSJW.TTF", 0), ("STSONG.TTF", 0)),
    "latin": (("times.ttf", 0), ("Times New Roman.ttf", 0), ("TimesNewRoman.ttf", 0)),
}

# The open fonts shipped by the pylopdf-fonts-zh-cn package, by role.
OPEN_FILES = {
    "title": "NotoSerifSC-Regular.otf",
    "heading": "NotoSansSC-Regular.otf",
    "kai": "NotoSerifSC-Regular.otf",
    "body": "NotoSerifSC-Regular.otf",
    "table": "NotoSerifSC-Regular.otf",
    "latin": "NotoSerifSC-Regular.otf",
}

def font_dirs() -> list[Path]:
    """Return the folders where installed fonts are looked for on this platform."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        if os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [data_home / "fonts", home / ".fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]


def installed_font_files(dirs: list[Path] | None = None) -> dict[str, Path]:
    """Return lower-cased file name → path for every font file under the font folders (first found wins)."""
    found: dict[str, Path] = {}
    for root in dirs if dirs is not None else font_dirs():
        if not root.is_dir():
            continue
        for folder, subdirs, files in os.walk(root):
            subdirs.sort()
            for name in sorted(files):
                if name.lower().endswith((".ttf", ".ttc", ".otf", ".otc")):
                    found.setdefault(name.lower(), Path(folder) / name)
    return found


def open_font_dir() -> Path:
    """Return the folder of the open fonts installed with the tool."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        raise FontError(
            "找不到随工具安装的开源中文字体（Python 包 pylopdf-fonts-zh-cn）；请重新运行 pip install nqp-report"
        ) from None
    return Path(pylopdf_fonts_zh_cn.__file__).parent


def resolve_fonts(options: dict[str, str] | None = None, dirs: list[Path] | None = None) -> dict[str, ResolvedFont]:
    """Return role → the font serving it: user setting, else official installed font, else the open font."""
    settings = user_settings(options)
    installed = installed_font_files(dirs)
    fonts: dict[str, ResolvedFont] = {}
    open_dir = None
    for role in ROLES:
        if role in settings:
            path, face, where = settings[role]
            fonts[role] = ResolvedFont(role, path, face, f"{ORIGIN_USER}：{where}")
            continue
        for name, face in OFFICIAL_FILES[role]:
            if name.lower() in installed:
                fonts[role] = ResolvedFont(role, installed[name.lower()], face, ORIGIN_OFFICIAL)
                break
        else:
            open_dir = open_dir or open_font_dir()
            path = open_dir / OPEN_FILES[role]
            if not path.is_file():
                raise FontError(f"随工具安装的开源字体文件缺失：{path}；请重新安装 pylopdf-fonts-zh-cn")
            fonts[role] = ResolvedFont(role, path, 0, ORIGIN_OPEN)
    return fonts


def describe_fonts(fonts: dict[str, ResolvedFont]) -> list[tuple[str, str]]:
    """Return (role label, "file (origin)") per role, in role order."""
    return [(ROLE_LABELS[role], fonts[role].description) for role in ROLES if role in fonts]
