"""The ``nqp-report`` command line: thin click commands over the library.

Exit codes: 0 success (built or skipped), 1 input, template or font error,
2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import NqpError


class ReportError(click.ClickException):
    """A known error, printed as its Chinese message with exit code 1."""

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        click.echo(f"错误：{self.format_message()}", err=True)


def default_data_dir() -> Path:
    """Return ``./data`` when it holds a dataset, else the dataset bundled with the package."""
    local = Path("data")
    if (local / "observations.csv").exists() or (local / "observations.csv").is_symlink():
        return local
    from .resources import bundled_data_dir

    return bundled_data_dir()


data_option = click.option(
    "--data", "data_path", type=click.Path(path_type=Path), default=None,
    help="数据：CSV 文件夹或 .xlsx 工作簿（默认 ./data，无则用自带数据）。",
)


def _load(data_path: Path | None):
    from .data import load_dataset

    try:
        return load_dataset(data_path or default_data_dir())
    except NqpError as exc:
        raise ReportError(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nqp-report", message="nqp-report %(version)s")
def cli() -> None:
    """新质生产力对标分析报告工具：数据 + 模板 → DOCX / PDF。

    \b
    示例：
      nqp-report validate --data data/
      nqp-report list indicators
    """


@cli.command()
@data_option
def validate(data_path: Path | None) -> None:
    """检查数据集，列出全部问题（文件、行、列、原因）。

    \b
    示例：nqp-report validate --data data/
    """
    from .summary import dataset_summary

    dataset = _load(data_path)
    click.echo(dataset_summary(dataset))


@cli.command(name="list")
@click.argument("what", type=click.Choice(["regions", "indicators", "sources"]))
@data_option
def list_(what: str, data_path: Path | None) -> None:
    """列出数据集中的地区（regions）、指标（indicators）或来源（sources）。

    \b
    示例：nqp-report list indicators
    """
    from .summary import list_table

    click.echo(list_table(_load(data_path), what))


def main() -> None:
    """Run the CLI (console-script entry point)."""
    cli(prog_name="nqp-report")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
