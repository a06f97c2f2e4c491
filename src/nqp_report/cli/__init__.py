"""The ``nqp-report`` command line: thin click commands over the library.

Exit codes: 0 success (built or skipped), 1 input, template or font error,
2 usage error.
"""

from __future__ import annotations

import sys

import click

from .analyst import export, gaps, init
from .build import batch, build
from .common import ReportError, default_data_dir
from .data import compare, list_, validate
from .tools import fonts, inspect
from .usage import ChineseGroup

__all__ = ["ReportError", "cli", "default_data_dir", "main"]


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nqp-report", message="nqp-report %(version)s")
def cli() -> None:
    """新质生产力对标分析报告工具：数据 + 模板 → DOCX / PDF。

    \b
    示例：
      nqp-report validate --data data/
      nqp-report list indicators
    """


for _command in (validate, list_, build, batch, inspect, fonts, init, gaps, export, compare):
    cli.add_command(_command)


def main() -> None:
    """Run the CLI (console-script entry point)."""
    cli(prog_name="nqp-report")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
