"""Report commands: build one report, or a batch of them."""

from __future__ import annotations

import sys

from pathlib import Path

import click

from ..errors import NqpError
from .common import (
    ReportError, _font_options, _limits, _load, _split_list, _wait_seconds, data_option, default_data_dir,
    font_option, limit_options, reference_year_option,
)


@click.command()
@data_option
@click.option("--template", "-t", default="briefing", show_default=True,
              help="模板：自带模板名（briefing 完整报告、brief 要报）或 .md 文件路径。")
@click.option("--target", help="目标地区（覆盖模板中的 target），如 宁波。")
@click.option("--peers", help="对标地区，用逗号分隔（覆盖模板中的 peers），如 深圳,合肥,苏州。")
@click.option("--title", help="报告标题（覆盖模板中的 title）。")
@click.option("--date", help="报告日期 YYYY-MM-DD（默认取 SOURCE_DATE_EPOCH 或数据中最新来源日期）。")
@reference_year_option
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
    from ..pipeline import FORMATS, BuildRequest
    from ..pipeline import build as run_build

    chosen = tuple(dict.fromkeys(f.lower() for f in _split_list(formats, "--format") or ()))
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise click.UsageError(f"未知的输出格式：{'、'.join(bad) or '（空）'}；可选：docx、pdf")
    request = BuildRequest(
        data=data_path or default_data_dir(), template=template, target=target, peers=_split_list(peers, "--peers"),
        title=title, date=date, reference_year=reference_year, out=out, formats=chosen,
        fonts=_font_options(font_settings), limits=_limits(max_file_mb, max_rows, max_cell_chars),
    )
    try:
        if show_model:
            from ..modeldump import dump
            from ..pipeline import build_model

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


@click.command()
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
    from ..batch import default_jobs, default_targets, run_batch, target_folders
    from ..pipeline import FORMATS, BuildRequest

    if bool(targets) == bool(all_targets):
        raise click.UsageError("请二选一：--targets 地区列表，或 --all")
    chosen = tuple(dict.fromkeys(f.lower() for f in _split_list(formats, "--format") or ()))
    if not chosen or any(f not in FORMATS for f in chosen):
        raise click.UsageError("输出格式只能是 docx、pdf")
    data = data_path or default_data_dir()
    limits = _limits(max_file_mb, max_rows, max_cell_chars)
    dataset = _load(data, limits)
    names = _split_list(targets, "--targets") if targets else default_targets(dataset)
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
