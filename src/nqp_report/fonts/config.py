"""User font settings: ``--font ROLE=PATH`` options and the YAML config files."""

from __future__ import annotations

import os
import struct
from pathlib import Path

from ..errors import FontError
from .roles import ROLE_LABELS, ROLES

SFNT_TAGS = (b"\x00\x01\x00\x00", b"OTTO", b"true")
OTHER_FORMATS = (
    ((b"\x80\x01", b"%!PS-AdobeFont", b"%!FontType1", b"StartFontMetrics"), "Type 1 字体"),
    ((b"STARTFONT", b"\x01fcp", b"MZ"), "点阵字体"),
    ((b"wOFF", b"wOF2"), "网页字体（WOFF）"),
)

CONFIG_NAME = "nqp-report-fonts.yaml"
def parse_font_setting(role: str, value: str, where: str) -> tuple[Path, int]:
    """Return (path, face index) from a user setting "PATH" or "PATH#N"; FontError when unusable."""
    if role not in ROLES:
        raise FontError(f"{where}：未知的字体角色“{role}”；可选：{'、'.join(ROLES)}")
    text, face = str(value).strip(), 0
    if "#" in text:
        text, _, index = text.rpartition("#")
        if not index.isdigit():
            raise FontError(f"{where}：角色 {role} 的字形集序号“{index}”应为数字，如 simsun.ttc#0")
        face = int(index)
    path = Path(text).expanduser()
    if not path.is_file():
        raise FontError(f"{where}：角色 {role} 指定的字体文件不存在：{path}")
    problem = font_file_problem(path, face)
    if problem:
        raise FontError(f"{where}：角色 {role}（{ROLE_LABELS[role]}）指定的文件 {path} {problem}；"
                        "请改用 TrueType（.ttf/.ttc）或 OpenType（.otf）字体")
    return path, face


def font_file_problem(path: Path, face: int = 0) -> str:
    """Return why ``path`` cannot serve as an outline font ("" when it can), from its first bytes only."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
            start = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if face >= count:
                    return f"只含 {count} 个字形集，没有第 {face} 个"
                f.seek(12 + 4 * face)
                start = struct.unpack(">I", f.read(4))[0]
                f.seek(start)
                head = f.read(16)
            if head[:4] in SFNT_TAGS:
                count = struct.unpack(">H", head[4:6])[0]
                f.seek(start + 12)
                tags = {f.read(16)[:4] for _ in range(count)}
                if tags & {b"glyf", b"CFF ", b"CFF2"}:
                    return ""
                return "是点阵字体（没有轮廓字形）" if tags & {b"EBDT", b"bdat", b"CBDT"} else "不含字形轮廓"
    except (OSError, struct.error) as exc:
        return f"无法读取（{exc.strerror if isinstance(exc, OSError) else '文件已截断'}）"
    for magics, kind in OTHER_FORMATS:
        if head.startswith(magics):
            return f"是{kind}，不受支持"
    return "不是字体文件"


def config_files() -> list[Path]:
    """Return the font config files that exist: ./nqp-report-fonts.yaml, then the user config folder's."""
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "nqp-report"
    return [p for p in (Path.cwd() / CONFIG_NAME, base / "fonts.yaml") if p.is_file()]


def read_config(path: Path) -> dict[str, str]:
    """Return role → font setting from a YAML config file (``body: /path/仿宋_GB2312.ttf``)."""
    import yaml

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FontError(f"字体配置文件 {path} 无法读取：{exc}") from None
    if not isinstance(loaded, dict):
        raise FontError(f"字体配置文件 {path} 应为“角色: 字体文件路径”的列表")
    return {str(k): str(v) for k, v in loaded.items()}


def user_settings(options: dict[str, str] | None = None) -> dict[str, tuple[Path, int, str]]:
    """Return role → (path, face, where) from config files and options (options win)."""
    settings: dict[str, tuple[Path, int, str]] = {}
    for config in reversed(config_files()):
        for role, value in read_config(config).items():
            settings[role] = (*parse_font_setting(role, value, f"字体配置文件 {config}"), str(config))
    for role, value in (options or {}).items():
        settings[role] = (*parse_font_setting(role, value, "命令行 --font"), "命令行 --font")
    return settings
