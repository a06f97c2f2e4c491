"""Shared pieces of the command line: the error type, data/font/limit options and small parsers."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import NqpError


class ReportError(click.ClickException):
    """A known error, printed as its Chinese message with exit code 1."""

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        click.echo(f"错误：{self.format_message()}", err=True)


def default_data_dir() -> Path:
    """Return ``./data`` when it holds a dataset, else the dataset bundled with the package."""
    local = Path("data")
    if (local / "observations.csv").exists() or (local / "observations.csv").is_symlink():
        return local
    from ..resources import bundled_data_dir

    return bundled_data_dir()


data_option = click.option(
    "--data", "data_path", type=click.Path(path_type=Path), default=None,
    help="数据：CSV 文件夹或 .xlsx 工作簿（默认 ./data，无则用自带数据）。",
)


font_option = click.option(
    "--font", "font_settings", multiple=True, metavar="角色=文件",
    help="指定某一角色的字体文件，可多次使用，如 --font body=/usr/share/fonts/仿宋_GB2312.ttf；"
         "角色：title heading kai body table latin fallback。",
)


def _font_options(settings) -> dict[str, str]:
    """Return role → font file from repeated ``--font ROLE=PATH`` options."""
    fonts = {}
    for item in settings:
        role, sep, path = item.partition("=")
        if not sep or not role.strip() or not path.strip():
            raise click.UsageError(f"--font 的格式应为 角色=字体文件，而不是“{item}”")
        fonts[role.strip()] = path.strip()
    return fonts


def limit_options(func):
    """Add --max-file-mb, --max-rows and --max-cell-chars to a command (the bounds on data files)."""
    from ..data.limits import DEFAULT_LIMITS as d

    func = click.option("--max-cell-chars", type=click.IntRange(1), default=d.max_cell_chars, show_default=True,
                        help="数据中单个单元格最多的字符数。")(func)
    func = click.option("--max-rows", type=click.IntRange(1), default=d.max_rows, show_default=True,
                        help="每个数据表最多的行数。")(func)
    return click.option("--max-file-mb", type=click.FloatRange(0, 1e6, min_open=True), default=d.max_file_mb,
                        show_default=True, callback=_finite, help="单个数据文件（或工作簿解压后）最大的 MB 数。")(func)


def _finite(ctx, param, value: float) -> float:
    """Return ``value`` when it is a finite number; click.BadParameter for nan and inf (which ranges let through)."""
    import math

    if not math.isfinite(value):
        raise click.BadParameter(f"应为有限的数，而不是“{value}”")
    return value


def _limits(max_file_mb: float, max_rows: int, max_cell_chars: int):
    from ..data.limits import Limits

    return Limits(max_file_mb=max_file_mb, max_rows=max_rows, max_cell_chars=max_cell_chars)


def _load(data_path: Path | None, limits=None):
    from ..data import load_dataset

    try:
        return load_dataset(data_path or default_data_dir(), limits)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc


def _wait_seconds(ctx, param, value: float) -> float:
    import math

    if not math.isfinite(value) or value < 0:
        raise click.BadParameter(f"应为不小于 0 的有限秒数，而不是“{value}”")
    return value


def _split_list(value: str | None, option: str = "") -> list[str] | None:
    """Return the items of a list option split on commas (, ， 、) only, stripped, duplicates dropped.

    A dropped duplicate is reported on stderr as a 提示 line; spaces inside an item
    ("New York") are kept. None for an empty option.
    """
    if not value:
        return None
    from ..templating.template import split_names

    items = split_names(value)
    unique = list(dict.fromkeys(items))
    if len(unique) < len(items):
        repeated = "、".join(dict.fromkeys(p for i, p in enumerate(items) if p in items[:i]))
        click.echo(f"提示：{option or '列表'}中重复的“{repeated}”只计一次", err=True)
    return unique or None


def _region_options(data_path: Path | None, target: str, peers: str | None):
    from ..excel.records import resolve_peers

    dataset = _load(data_path)
    try:
        return dataset, resolve_peers(dataset, target, _split_list(peers, "--peers"))
    except NqpError as exc:
        raise ReportError(str(exc)) from exc


reference_year_option = click.option(
    "--reference-year", type=click.IntRange(1949, 2100), default=None,
    help="参照年份：各地区取该年或此前最近年份的数值（没有则空缺，不用以后年份）；早于数据最早年份时报错。")


def _checked_reference_year(dataset, year: int | None) -> int | None:
    """Return ``year`` when the dataset has values at or before it; ReportError otherwise."""
    from ..analysis.index import reference_year_error

    if (problem := reference_year_error(dataset, year)) is not None:
        raise ReportError(problem)
    return year
