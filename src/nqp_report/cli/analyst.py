"""Analyst workbook commands: init a project, list gaps, export the comparison tables."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import NqpError
from .common import ReportError, _region_options, data_option


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--from-data", "from_data", type=click.Path(path_type=Path),
              help="用已有数据（CSV 文件夹或 .xlsx）填充工作簿；不给则放入一组示例数据。")
def init(folder: Path, from_data: Path | None) -> None:
    """新建项目文件夹：数据工作簿（数据.xlsx，带下拉列表和说明）、模板副本、字体配置、说明文件。

    \b
    示例：
      nqp-report init 宁波对标
      nqp-report init 宁波对标 --from-data data/
    """
    from ..excel.project import init_project

    try:
        written = init_project(folder, from_data)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    for path in written:
        click.echo(f"已生成：{path}")


@click.command()
@data_option
@click.option("--target", required=True, help="目标地区，如 宁波。")
@click.option("--peers", help="对标地区，逗号分隔；不给则与报告一样自动选取。")
@click.option("--reference-year", type=int, help="参照年份。")
@click.option("--out", "-o", type=click.Path(path_type=Path), help="写入工作簿（.xlsx），如 数据补充清单.xlsx；不给则在终端显示。")
def gaps(data_path, target, peers, reference_year, out) -> None:
    """列出缺失的数值：补上哪些地区、指标、年份的数值，目标就能与对标地区多比较几项。

    \b
    示例：
      nqp-report gaps --target 宁波
      nqp-report gaps --target 宁波 --out 数据补充清单.xlsx
    """
    from ..excel.gaps import find_gaps
    from ..excel.gapsheet import gaps_text, gaps_workbook
    from ..excel.sheets import save

    if out is not None and out.suffix.lower() != ".xlsx":
        raise click.UsageError(f"--out 应为 .xlsx 文件，而不是“{out.name}”")
    dataset, chosen = _region_options(data_path, target, peers)
    report = find_gaps(dataset, target, chosen, reference_year)
    if out is None:
        click.echo(gaps_text(dataset, report, limit=40))
        return
    save(gaps_workbook(dataset, report), out)
    click.echo(f"待补充数值 {len(report.cells)} 个，涉及指标 {len(report.by_indicator)} 项；已生成：{out}")


@click.command()
@data_option
@click.option("--target", required=True, help="目标地区，如 宁波。")
@click.option("--peers", help="对标地区，逗号分隔；不给则与报告一样自动选取。")
@click.option("--reference-year", type=int, help="参照年份。")
@click.option("--out", "-o", type=click.Path(path_type=Path), required=True,
              help="输出文件：.xlsx（按维度分表，另附对策建议矩阵）或 .csv（一张表）。")
def export(data_path, target, peers, reference_year, out) -> None:
    """导出报告中的对标表：数值、限定词、年份、位次、与最优的差距、来源。

    \b
    示例：
      nqp-report export --target 宁波 --out 对标表.xlsx
      nqp-report export --target 宁波 --peers 深圳,苏州 --out 对标表.csv
    """
    from ..excel.export import export_file

    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise click.UsageError(f"--out 应为 .xlsx 或 .csv 文件，而不是“{out.name}”")
    dataset, chosen = _region_options(data_path, target, peers)
    try:
        export_file(dataset, out, target, chosen, reference_year)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    click.echo(f"已生成：{out}")
