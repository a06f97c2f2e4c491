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


def _split_list(value: str | None) -> list[str] | None:
    if not value:
        return None
    import re

    return [p for p in re.split(r"[,，、;；\s]+", value) if p]


@cli.command()
@data_option
@click.option("--template", "-t", default="briefing", show_default=True,
              help="模板：自带模板名（briefing 完整报告、brief 要报）或 .md 文件路径。")
@click.option("--target", help="目标地区（覆盖模板中的 target），如 宁波。")
@click.option("--peers", help="对标地区，用逗号分隔（覆盖模板中的 peers），如 深圳,合肥,苏州。")
@click.option("--title", help="报告标题（覆盖模板中的 title）。")
@click.option("--date", help="报告日期 YYYY-MM-DD（默认取 SOURCE_DATE_EPOCH 或数据中最新来源日期）。")
@click.option("--reference-year", type=int, help="参照年份：各地区取该年或此前最近年份的数值。")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="输出文件夹。")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="输出格式，逗号分隔：docx、pdf。")
@click.option("--if-changed", is_flag=True, help="输入（数据、模板、字体、参数、工具版本）未变且输出完好时跳过。")
@click.option("--wait", type=float, default=60.0, show_default=True,
              help="输出文件夹被另一进程占用时最多等待的秒数。")
@font_option
def build(data_path, template, target, peers, title, date, reference_year, out, formats, if_changed, wait,
          font_settings) -> None:
    """由数据和模板生成报告（DOCX、PDF），写入 OUT/<模板>-<目标>.<格式>。

    \b
    示例：
      nqp-report build
      nqp-report build --target 苏州 --peers 深圳,杭州 --template brief
    """
    from .pipeline import FORMATS, BuildRequest
    from .pipeline import build as run_build

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise click.UsageError(f"未知的输出格式：{'、'.join(bad) or '（空）'}；可选：docx、pdf")
    request = BuildRequest(
        data=data_path or default_data_dir(), template=template, target=target, peers=_split_list(peers),
        title=title, date=date, reference_year=reference_year, out=out, formats=chosen,
        fonts=_font_options(font_settings),
    )
    try:
        result = run_build(request, if_changed=if_changed, lock_timeout=wait)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    if result.skipped:
        click.echo(f"输入未变，输出完好，已跳过：{'、'.join(str(p) for p in result.outputs)}")
        return
    click.echo(f"目标：{result.target}；对标：{'、'.join(result.peers) or '（无）'}")
    click.echo(f"报告日期：{result.date}（来自{result.date_origin}）")
    if not result.first_build:
        click.echo(f"数据较上次有 {len(result.changes)} 处变化" + ("：" if result.changes else "。"))
        for change in result.changes:
            click.echo(f"  {change}")
    for path in result.outputs:
        click.echo(f"已生成：{path}")


@cli.command()
@data_option
@click.option("--targets", help="目标地区，逗号分隔，如 宁波,苏州。")
@click.option("--all", "all_targets", is_flag=True, help="数据中所有有数值的城市各生成一份。")
@click.option("--template", "-t", default="briefing", show_default=True, help="模板名或 .md 文件路径。")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="输出文件夹；每个目标写入其下以地区命名的子文件夹。")
@click.option("--format", "formats", default="docx,pdf", show_default=True, help="输出格式：docx、pdf。")
@click.option("--date", help="报告日期 YYYY-MM-DD。")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="并行进程数。")
@click.option("--if-changed", is_flag=True, help="输入未变且输出完好的目标跳过。")
@font_option
def batch(data_path, targets, all_targets, template, out, formats, date, jobs, if_changed, font_settings) -> None:
    """为多个目标地区各生成一份报告；某个目标失败不影响其他目标。

    \b
    示例：
      nqp-report batch --targets 宁波,苏州 --jobs 2
      nqp-report batch --all --template brief
    """
    from .batch import default_targets, run_batch
    from .pipeline import FORMATS, BuildRequest

    if bool(targets) == bool(all_targets):
        raise click.UsageError("请二选一：--targets 地区列表，或 --all")
    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    if not chosen or any(f not in FORMATS for f in chosen):
        raise click.UsageError("输出格式只能是 docx、pdf")
    data = data_path or default_data_dir()
    names = _split_list(targets) if targets else default_targets(_load(data))
    base = BuildRequest(data=data, template=template, out=out, formats=chosen, date=date,
                        fonts=_font_options(font_settings))
    failed = []
    with click.progressbar(length=len(names), label="生成中", file=sys.stderr) as bar:
        def done(outcome) -> None:
            bar.update(1)
            if not outcome.ok:
                failed.append(outcome)

        outcomes = run_batch(base, names, jobs=jobs, if_changed=if_changed, on_done=done)
    for o in outcomes:
        state = "跳过（未变）" if o.skipped else ("成功" if o.ok else "失败")
        click.echo(f"{o.target}：{state}" + (f"，{'、'.join(str(p) for p in o.outputs)}" if o.ok else ""))
        if not o.ok:
            click.echo("  " + o.message.replace("\n", "\n  "))
    click.echo(f"共 {len(outcomes)} 个目标：成功 {len(outcomes) - len(failed)}，失败 {len(failed)}")
    if failed:
        raise SystemExit(1)


@cli.command()
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
    from .inspect import golden_view, inspect_file, to_json, to_text

    try:
        structure = inspect_file(file)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    if golden:
        structure = golden_view(structure)
        as_json = True
    click.echo(to_json(structure) if as_json else to_text(structure), nl=False if as_json else True)


@cli.command()
@font_option
def fonts(font_settings) -> None:
    """显示各角色（标题、一级标题、正文等）使用的字体族、文件、许可及选用原因。

    \b
    查找顺序：--font 选项或字体配置文件（./nqp-report-fonts.yaml、~/.config/nqp-report/fonts.yaml），
    本机已安装的公文字体（按字体族名：方正小标宋简体、黑体、楷体_GB2312、仿宋_GB2312、宋体、Times New Roman），
    本机已安装的开源楷体（霞鹜文楷、文鼎ＰＬ简中楷），最后是随工具安装的开源字体（Fandol、Noto Serif）。
    """
    from .fonts import describe_fonts, resolve_fonts

    try:
        for role, description in describe_fonts(resolve_fonts(_font_options(font_settings) or None)):
            click.echo(f"{role}：{description}")
    except NqpError as exc:
        raise ReportError(str(exc)) from exc


def main() -> None:
    """Run the CLI (console-script entry point)."""
    cli(prog_name="nqp-report")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
