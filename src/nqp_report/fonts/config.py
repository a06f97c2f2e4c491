"""User font settings: ``--font ROLE=PATH`` options and the YAML config files."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import FontError
from .roles import ROLES

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
    return path, face


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
