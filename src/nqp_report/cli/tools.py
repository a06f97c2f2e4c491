"""Tool commands: inspect a written file, show the fonts in use."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import NqpError
from .common import ReportError, _font_options, font_option


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出规范化的 JSON（键排序，适合做黄金文件）。")
@click.option("--golden", is_flag=True, help="只输出与字体版本和排版细节无关的部分（黄金文件所存内容）。")
def inspect(file: Path, as_json: bool, golden: bool) -> None:
    """显示 DOCX 或 PDF 的结构：页面、样式字体、标题、表、图、页脚域、属性等。

    \b
    示例：
      nqp-report inspect out/briefing-宁波.docx
      nqp-report inspect out/briefing-宁波.pdf --json --golden > golden.json
    """
    from ..inspect import golden_view, inspect_file, to_json, to_text

    try:
        structure = inspect_file(file)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    if golden:
        structure = golden_view(structure)
        as_json = True
    click.echo(to_json(structure) if as_json else to_text(structure), nl=False if as_json else True)


@click.command()
@font_option
def fonts(font_settings) -> None:
    """显示各角色（标题、一级标题、正文等）使用的字体族、文件、许可及选用原因。

    \b
    查找顺序：--font 选项或字体配置文件（./nqp-report-fonts.yaml、~/.config/nqp-report/fonts.yaml），
    本机已安装的公文字体（按字体族名：方正小标宋简体、黑体、楷体_GB2312、仿宋_GB2312、宋体、Times New Roman），
    本机已安装的开源楷体（霞鹜文楷、文鼎ＰＬ简中楷），最后是随工具安装的开源字体（Fandol、Noto Serif）。
    """
    from ..fonts import describe_fonts, resolve_fonts

    try:
        for role, description in describe_fonts(resolve_fonts(_font_options(font_settings) or None)):
            click.echo(f"{role}：{description}")
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
