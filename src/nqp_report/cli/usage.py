"""Usage errors (bad options, missing arguments) shown in Chinese instead of click's English."""

from __future__ import annotations

import re

import click

_PATTERNS = (
    (r"Invalid value for (.+?): (.*)", lambda m: f"选项 {_option(m[1])} 的值无效：{translate_usage(m[2])}"),
    (r"(.+?) is not in the range (.+?)<=x<=(.+?)\.?$", lambda m: f"{m[1]} 不在 {m[2]} 至 {m[3]} 之间"),
    (r"(.+?) is not in the range (.+?)<x<=(.+?)\.?$", lambda m: f"{m[1]} 应大于 {m[2]} 且不超过 {m[3]}"),
    (r"(.+?) is not in the range x>=(.+?)\.?$", lambda m: f"{m[1]} 应不小于 {m[2]}"),
    (r"'(.*)' is not a valid integer( range)?\.?$", lambda m: f"“{m[1]}”不是整数"),
    (r"'(.*)' is not a valid float( range)?\.?$", lambda m: f"“{m[1]}”不是数字"),
    (r"'(.*)' is not one of (.+?)\.?$", lambda m: f"“{m[1]}”不是可选值之一：{m[2]}"),
    (r"Missing option (.+?)\.?$", lambda m: f"缺少选项 {_option(m[1])}"),
    (r"Missing argument (.+?)\.?$", lambda m: f"缺少参数 {_option(m[1])}"),
    (r"No such option:? (.+?)\.?( Did you mean (.+?)\?)?$",
     lambda m: f"没有选项 {_option(m[1])}" + (f"；是否想用 {_option(m[3])}？" if m[3] else "")),
    (r"No such command (.+?)\.?$", lambda m: f"没有命令 {_option(m[1])}"),
    (r"Option (.+?) requires an argument\.?$", lambda m: f"选项 {_option(m[1])} 需要一个值"),
    (r"Got unexpected extra arguments? \((.+)\)$", lambda m: f"多余的参数：{m[1]}"),
)


def _option(text: str) -> str:
    return text.strip("'\"")


def translate_usage(message: str) -> str:
    """Return one of click's usage-error messages in Chinese (unchanged when it is not a known form)."""
    for pattern, chinese in _PATTERNS:
        m = re.match(pattern, message.strip(), re.S)
        if m:
            return chinese(m)
    return message


class ChineseUsageError(click.UsageError):
    """A click usage error shown as 用法 / 错误 lines in Chinese (exit code 2)."""

    def __init__(self, original: click.UsageError):
        super().__init__(original.format_message(), original.ctx)

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        lines = []
        if self.ctx is not None:
            usage = self.ctx.get_usage().replace("Usage: ", "用法：", 1)
            lines += [usage, f"运行“{self.ctx.command_path} --help”查看帮助。", ""]
        lines.append(f"错误：{translate_usage(self.format_message())}")
        click.echo("\n".join(lines), err=True)


class ChineseGroup(click.Group):
    """A command group whose usage errors (its own and its commands') are shown in Chinese."""

    def make_context(self, *args, **kwargs):  # noqa: D102 - click's hook
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise exc if isinstance(exc, ChineseUsageError) else ChineseUsageError(exc) from None

    def invoke(self, ctx):  # noqa: D102 - click's hook
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise exc if isinstance(exc, ChineseUsageError) else ChineseUsageError(exc) from None
