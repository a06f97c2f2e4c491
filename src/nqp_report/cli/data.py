"""Data commands: validate, list and compare."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import NqpError
from .common import (ReportError, _checked_reference_year, _limits, _load, _split_list, data_option,
                     limit_options, reference_year_option)


@click.command()
@data_option
@limit_options
def validate(data_path: Path | None, max_file_mb, max_rows, max_cell_chars) -> None:
    """检查数据集，列出全部问题（文件、行、列、原因）。

    \b
    示例：nqp-report validate --data data/
    """
    from ..summary import dataset_summary

    dataset = _load(data_path, _limits(max_file_mb, max_rows, max_cell_chars))
    for note in dataset.notes:
        click.echo(f"提示：{note}")
    click.echo(dataset_summary(dataset))


@click.command(name="list")
@click.argument("what", type=click.Choice(["regions", "indicators", "sources"]))
@data_option
def list_(what: str, data_path: Path | None) -> None:
    """列出数据集中的地区（regions）、指标（indicators）或来源（sources）。

    \b
    示例：nqp-report list indicators
    """
    from ..summary import list_table

    click.echo(list_table(_load(data_path), what))


@click.command()
@click.option("--target", required=True, help="目标地区，如 宁波。")
@click.option("--peers", help="对标地区，用逗号分隔，如 深圳,合肥；缺省时自动选取同级地区。")
@data_option
@reference_year_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 数组输出（每个比较的指标一个对象）。")
def compare(target: str, peers: str | None, data_path: Path | None, reference_year: int | None,
            as_json: bool) -> None:
    """比较目标地区与对标地区：数值区间、年份、位次（高低难以判定的位次为空）。

    \b
    示例：nqp-report compare --target 宁波 --peers 深圳,合肥 --json
    """
    import json

    from ..analysis import comparison_records
    from ..summary import comparison_text

    dataset = _load(data_path)
    _checked_reference_year(dataset, reference_year)
    try:
        records = comparison_records(dataset, target, _split_list(peers, "--peers"), reference_year)
    except NqpError as exc:
        raise ReportError(getattr(exc, "detail", str(exc))) from exc
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        click.echo(comparison_text(dataset, records))
