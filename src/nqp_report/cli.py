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


def limit_options(func):
    """Add --max-file-mb, --max-rows and --max-cell-chars to a command (the bounds on data files)."""
    from .data.limits import DEFAULT_LIMITS as d

    func = click.option("--max-cell-chars", type=click.IntRange(1), default=d.max_cell_chars, show_default=True,
                        help="数据中单个单元格最多的字符数。")(func)
    func = click.option("--max-rows", type=click.IntRange(1), default=d.max_rows, show_default=True,
                        help="每个数据表最多的行数。")(func)
    return click.option("--max-file-mb", type=click.FloatRange(0, 1e6, min_open=True), default=d.max_file_mb,
                        show_default=True, help="单个数据文件（或工作簿解压后）最大的 MB 数。")(func)


def _limits(max_file_mb: float, max_rows: int, max_cell_chars: int):
    from .data.limits import Limits

    return Limits(max_file_mb=max_file_mb, max_rows=max_rows, max_cell_chars=max_cell_chars)


def _load(data_path: Path | None, limits=None):
    from .data import load_dataset

    try:
        return load_dataset(data_path or default_data_dir(), limits)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc


def _wait_seconds(ctx, param, value: float) -> float:
    import math

    if not math.isfinite(value) or value < 0:
        raise click.BadParameter(f"应为不小于 0 的有限秒数，而不是“{value}”")
    return value


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
@limit_options
def validate(data_path: Path | None, max_file_mb, max_rows, max_cell_chars) -> None:
    """检查数据集，列出全部问题（文件、行、列、原因）。

    \b
    示例：nqp-report validate --data data/
    """
    from .summary import dataset_summary

    dataset = _load(data_path, _limits(max_file_mb, max_rows, max_cell_chars))
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
@click.option("--reference-year", type=click.IntRange(1949, 2100),
              help="参照年份：各地区取该年或此前最近年份的数值；早于数据最早年份时报错。")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="输出文件夹。")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="输出格式，逗号分隔：docx、pdf。")
@click.option("--if-changed", is_flag=True, help="输入（数据、模板、字体、参数、工具版本）未变且输出完好时跳过。")
@click.option("--wait", type=float, default=60.0, show_default=True, callback=_wait_seconds,
              help="输出文件夹被另一进程占用时最多等待的秒数。")
@click.option("--model", "show_model", is_flag=True,
              help="不生成文件，只输出文档模型的可读文本（伪 XML），便于检查模板。")
@font_option
@limit_options
def build(data_path, template, target, peers, title, date, reference_year, out, formats, if_changed, wait,
          show_model, font_settings, max_file_mb, max_rows, max_cell_chars) -> None:
    """由数据和模板生成报告（DOCX、PDF），写入 OUT/<模板>-<目标>.<格式>。

    \b
    示例：
      nqp-report build
      nqp-report build --target 苏州 --peers 深圳,杭州 --template brief
      nqp-report build --template brief --model
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
        fonts=_font_options(font_settings), limits=_limits(max_file_mb, max_rows, max_cell_chars),
    )
    try:
        if show_model:
            from .modeldump import dump
            from .pipeline import build_model

            click.echo(dump(build_model(request)[0]), nl=False)
            return
        result = run_build(request, if_changed=if_changed, lock_timeout=wait)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    if result.skipped:
        click.echo(f"输入未变，输出完好，已跳过：{'、'.join(str(p) for p in result.outputs)}")
        return
    for note in result.notes:
        click.echo(f"提示：{note}")
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
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="并行进程数（默认为本机可用的 CPU 核数）。")
@click.option("--if-changed", is_flag=True, help="输入未变且输出完好的目标跳过。")
@font_option
@limit_options
def batch(data_path, targets, all_targets, template, out, formats, date, jobs, if_changed, font_settings,
          max_file_mb, max_rows, max_cell_chars) -> None:
    """为多个目标地区各生成一份报告；某个目标失败不影响其他目标。

    \b
    示例：
      nqp-report batch --targets 宁波,苏州 --jobs 2
      nqp-report batch --all --template brief
    """
    from .batch import default_jobs, default_targets, run_batch, target_folders
    from .pipeline import FORMATS, BuildRequest

    if bool(targets) == bool(all_targets):
        raise click.UsageError("请二选一：--targets 地区列表，或 --all")
    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    if not chosen or any(f not in FORMATS for f in chosen):
        raise click.UsageError("输出格式只能是 docx、pdf")
    data = data_path or default_data_dir()
    limits = _limits(max_file_mb, max_rows, max_cell_chars)
    dataset = _load(data, limits)
    names = _split_list(targets) if targets else default_targets(dataset)
    base = BuildRequest(data=data, template=template, out=out, formats=chosen, date=date,
                        fonts=_font_options(font_settings), limits=limits)
    try:
        folders = target_folders(out, names)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    failed = []
    with click.progressbar(length=len(names), label="生成中", file=sys.stderr) as bar:
        def done(outcome) -> None:
            bar.update(1)
            if not outcome.ok:
                failed.append(outcome)

        outcomes = run_batch(base, names, jobs=jobs or default_jobs(), if_changed=if_changed, on_done=done,
                             known=set(dataset.regions), folders=folders)
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


def _region_options(data_path: Path | None, target: str, peers: str | None):
    from .excel.records import resolve_peers

    dataset = _load(data_path)
    try:
        return dataset, resolve_peers(dataset, target, _split_list(peers))
    except NqpError as exc:
        raise ReportError(str(exc)) from exc


@cli.command()
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
    from .excel.project import init_project

    try:
        written = init_project(folder, from_data)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    for path in written:
        click.echo(f"已生成：{path}")


@cli.command()
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
    from .excel.gaps import find_gaps
    from .excel.gapsheet import gaps_text, gaps_workbook
    from .excel.sheets import save

    if out is not None and out.suffix.lower() != ".xlsx":
        raise click.UsageError(f"--out 应为 .xlsx 文件，而不是“{out.name}”")
    dataset, chosen = _region_options(data_path, target, peers)
    report = find_gaps(dataset, target, chosen, reference_year)
    if out is None:
        click.echo(gaps_text(dataset, report, limit=40))
        return
    save(gaps_workbook(dataset, report), out)
    click.echo(f"待补充数值 {len(report.cells)} 个，涉及指标 {len(report.by_indicator)} 项；已生成：{out}")


@cli.command()
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
    from .excel.export import export_file

    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise click.UsageError(f"--out 应为 .xlsx 或 .csv 文件，而不是“{out.name}”")
    dataset, chosen = _region_options(data_path, target, peers)
    try:
        export_file(dataset, out, target, chosen, reference_year)
    except NqpError as exc:
        raise ReportError(str(exc)) from exc
    click.echo(f"已生成：{out}")


def main() -> None:
    """Run the CLI (console-script entry point)."""
    cli(prog_name="nqp-report")


@cli.command()
@click.option("--target", required=True, help="目标地区，如 宁波。")
@click.option("--peers", help="对标地区，用逗号分隔，如 深圳,合肥；缺省时自动选取同级地区。")
@data_option
@click.option("--reference-year", type=int, default=None, help="参照年份：各地区取该年或此前最近年份的数值。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 数组输出（每个比较的指标一个对象）。")
def compare(target: str, peers: str | None, data_path: Path | None, reference_year: int | None,
            as_json: bool) -> None:
    """比较目标地区与对标地区：数值区间、年份、位次（高低难以判定的位次为空）。

    \b
    示例：nqp-report compare --target 宁波 --peers 深圳,合肥 --json
    """
    import json

    from .analysis import comparison_records
    from .summary import comparison_text

    dataset = _load(data_path)
    try:
        records = comparison_records(dataset, target, _split_list(peers), reference_year)
    except NqpError as exc:
        raise ReportError(getattr(exc, "detail", str(exc))) from exc
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        click.echo(comparison_text(dataset, records))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
