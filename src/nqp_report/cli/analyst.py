"""Analyst workbook commands: init a project, list gaps, export the comparison tables."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import NqpError, os_error_text
from .common import ReportError, _checked_reference_year, _region_options, data_option, reference_year_option

force_option = click.option("--force", is_flag=True, help="--out 已存在时替换它（数据文件本身永远不会被替换）。")


def comparison_options(command):
    """Return the command with the options gaps and export share: data, target, peers, reference year."""
    for option in reversed((
        data_option,
        click.option("--target", required=True, help="目标地区，如 宁波。"),
        click.option("--peers", help="对标地区，逗号分隔；不给则与报告一样自动选取。"),
        reference_year_option,
    )):
        command = option(command)
    return command


def _prepared(data_path, target: str, peers: str | None, reference_year: int | None, out: Path | None,
              force: bool):
    """Return (dataset, peers, whether --out is replaced) once the output path and the options are checked."""
    replaced = out is not None and _checked_out(out, data_path, force)
    dataset, chosen = _region_options(data_path, target, peers)
    _checked_reference_year(dataset, reference_year)
    return dataset, chosen, replaced


def _checked_out(out: Path, data_path: Path | None, force: bool) -> bool:
    """Return whether ``out`` already exists; refuse the data itself, and an existing file without --force."""
    from .common import default_data_dir

    data = Path(data_path or default_data_dir())
    hits_data = _same_file(out, data) or (
        data.is_dir() and out.suffix.lower() == ".csv" and _same_file(out.parent, data))
    if hits_data:
        raise ReportError(f"--out {out} 是数据（--data {data}）本身或其中的文件，写入会覆盖数据；请换一个文件名")
    if out.is_dir():
        raise ReportError(f"--out {out} 是一个文件夹；请给出文件名")
    exists = out.exists() or out.is_symlink()
    if exists and not force:
        raise ReportError(f"{out} 已存在；为免覆盖，请换一个文件名，或加 --force 替换它")
    return exists


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _write(action, out: Path) -> None:
    """Run ``action`` (which writes ``out``); turn OS errors into a Chinese ReportError."""
    try:
        action()
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    except OSError as exc:
        raise ReportError(f"无法写入 {out}：{os_error_text(exc)}") from None


def _written(out: Path, replaced: bool) -> str:
    return f"已替换：{out}" if replaced else f"已生成：{out}"


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

    written: list[Path] = []
    _write(lambda: written.extend(init_project(folder, from_data)), folder)
    for path in written:
        click.echo(f"已生成：{path}")


@click.command()
@comparison_options
@click.option("--out", "-o", type=click.Path(path_type=Path), help="写入工作簿（.xlsx），如 数据补充清单.xlsx；不给则在终端显示。")
@force_option
def gaps(data_path, target, peers, reference_year, out, force) -> None:
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
    dataset, chosen, replaced = _prepared(data_path, target, peers, reference_year, out, force)
    report = find_gaps(dataset, target, chosen, reference_year)
    if out is None:
        click.echo(gaps_text(dataset, report, limit=40))
        return
    _write(lambda: save(gaps_workbook(dataset, report), out), out)
    click.echo(f"待补充数值 {len(report.cells)} 个，涉及指标 {len(report.by_indicator)} 项；{_written(out, replaced)}")


@click.command()
@comparison_options
@click.option("--out", "-o", type=click.Path(path_type=Path), required=True,
              help="输出文件：.xlsx（按维度分表，另附对策建议矩阵）或 .csv（一张表）。")
@force_option
def export(data_path, target, peers, reference_year, out, force) -> None:
    """导出报告中的对标表：数值、限定词、年份、位次、与最优的差距、来源。

    \b
    示例：
      nqp-report export --target 宁波 --out 对标表.xlsx
      nqp-report export --target 宁波 --peers 深圳,苏州 --out 对标表.csv
    """
    from ..excel.export import export_file

    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise click.UsageError(f"--out 应为 .xlsx 或 .csv 文件，而不是“{out.name}”")
    dataset, chosen, replaced = _prepared(data_path, target, peers, reference_year, out, force)
    _write(lambda: export_file(dataset, out, target, chosen, reference_year), out)
    click.echo(_written(out, replaced))
