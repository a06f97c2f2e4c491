"""Types of the template's front-matter parameters, checked with a Chinese message naming the template.

YAML gives whatever the author typed (``peers: 5``, ``max_peers: "lots"``);
these checks run on the merged parameters before anything uses them, and
``load_template_checked`` turns unreadable template files into template errors.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import TemplateError, shorten

TEXT_FIELDS = ("title", "subtitle", "target", "issuer", "date", "issue_no")
MAX_PEERS_LIMIT = 50
MAX_TEXT_CHARS = 200  # a title, subtitle or keyword; the DOCX core properties hold at most 255


def _describe(value: object) -> str:
    kinds = {bool: "真假值", int: "整数", float: "数字", str: "文字", list: "列表", dict: "键值表", type(None): "空值"}
    return f"{kinds.get(type(value), type(value).__name__)}“{shorten(value)}”"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_params(params, template_file: str) -> None:
    """Return None when every front-matter parameter has its type; raise TemplateError naming the first wrong one."""
    def wrong(name: str, expected: str, value: object) -> TemplateError:
        return TemplateError(f"前置参数“{name}”应为{expected}，而不是{_describe(value)}", template_file)

    for name in TEXT_FIELDS:
        value = getattr(params, name)
        if value is not None and not isinstance(value, (str, int, float, dt.date)) or isinstance(value, bool):
            raise wrong(name, "文字", value)
    peers = params.peers
    if not (peers == "auto" or isinstance(peers, list) and all(isinstance(p, str) for p in peers)):
        raise wrong("peers", "地区名称列表（如 [深圳, 合肥]）或 auto", peers)
    if not _is_int(params.max_peers) or not 0 <= params.max_peers <= MAX_PEERS_LIMIT:
        raise wrong("max_peers", f"0 至 {MAX_PEERS_LIMIT} 的整数", params.max_peers)
    if params.reference_year is not None and not _is_int(params.reference_year):
        raise wrong("reference_year", "四位数年份（如 2023）", params.reference_year)
    keywords = params.keywords
    if not isinstance(keywords, list) or not all(isinstance(k, (str, int, float)) for k in keywords):
        raise wrong("keywords", "关键词列表（如 [新质生产力, 对标]）", keywords)
    texts = [(n, getattr(params, n)) for n in TEXT_FIELDS] + [("keywords", "；".join(str(k) for k in keywords))]
    for name, value in texts:
        _check_text(name, value, template_file)


def _check_text(name: str, value: object, template_file: str) -> None:
    """Raise TemplateError for a text parameter (or --title) with control characters or over MAX_TEXT_CHARS."""
    from ..data.cells import invisible_characters, visible

    if not isinstance(value, str):
        return
    where = f"“{name}”（前置参数或命令行 --{name}）" if name in ("title", "target") else f"前置参数“{name}”"
    bad = invisible_characters(value)
    if bad:
        codes = "、".join(f"U+{ord(c):04X}" for c in bad[:5])
        raise TemplateError(f"{where}含不可见或控制字符 {codes}（“{visible(shorten(value))}”），请删去", template_file)
    if len(value) > MAX_TEXT_CHARS:
        raise TemplateError(f"{where}有 {len(value)} 个字符，超过上限 {MAX_TEXT_CHARS}（“{shorten(value, 20)}”）",
                            template_file)


def load_template_checked(name_or_path: str):
    """Return the loaded template; a folder, a non-UTF-8 or binary file is a TemplateError naming the file."""
    from .template import load_template

    try:
        return load_template(name_or_path)
    except UnicodeDecodeError as exc:
        raise TemplateError(
            "模板文件不是 UTF-8 编码的文字（从第 {} 个字节起无法解码）；请另存为 UTF-8".format(exc.start + 1),
            name_or_path, exc.object[: exc.start].count(b"\n") + 1) from None
    except IsADirectoryError:
        raise TemplateError("这是一个文件夹，不是模板文件", name_or_path) from None
    except OSError as exc:
        from .errors import os_error_text

        raise TemplateError(f"无法读取模板：{os_error_text(exc, Path(name_or_path))}", name_or_path) from None
