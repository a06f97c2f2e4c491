"""Resource bounds of the template sandbox: number size, value size, range, steps, call depth, time, output.

Every bound is checked before the costly operation runs (a power, a repetition,
a padded format), so a hostile template is refused quickly instead of taking the
machine's memory or time. Bounds only ever refuse: within them, output is the
same bytes as without them. Each bound can be raised with an environment
variable (see :data:`SETTINGS`), which also reaches ``batch`` worker processes.
"""

from __future__ import annotations

import functools
import os
import re
import time
from dataclasses import dataclass

from ..errors import NqpError, TemplateError


@dataclass(frozen=True)
class TemplateLimits:
    """Bounds on one render: seconds, loop/macro/call steps, output MB, range length, integer digits, depth."""

    max_seconds: float = 60.0
    max_steps: int = 1_000_000
    max_output_mb: float = 20.0
    max_range: int = 100_000
    max_int_digits: int = 4_000
    max_depth: int = 100

    @property
    def max_chars(self) -> int:
        """Return the output bound in characters (also the largest text or list a template may make)."""
        return int(self.max_output_mb * 1024 * 1024)


SETTINGS = {
    "max_seconds": "NQP_TEMPLATE_MAX_SECONDS",
    "max_steps": "NQP_TEMPLATE_MAX_STEPS",
    "max_output_mb": "NQP_TEMPLATE_MAX_OUTPUT_MB",
    "max_range": "NQP_TEMPLATE_MAX_RANGE",
    "max_int_digits": "NQP_TEMPLATE_MAX_INT_DIGITS",
    "max_depth": "NQP_TEMPLATE_MAX_DEPTH",
}


def limits_from_environment(environ=None) -> TemplateLimits:
    """Return the template limits, each default replaced by its environment variable when set."""
    environ = os.environ if environ is None else environ
    values, defaults = {}, TemplateLimits()
    for field, name in SETTINGS.items():
        kind = type(getattr(defaults, field))
        raw = environ.get(name, "").strip()
        if not raw:
            continue
        try:
            value = kind(raw)
        except ValueError:
            value = None
        if value is None or not value > 0 or value != value or value == float("inf"):
            raise NqpError(f"环境变量 {name} 应为正数，而不是“{raw}”")
        values[field] = value
    return TemplateLimits(**values)


_SIZED = (str, bytes, list, tuple, dict, set, frozenset)
_FORMAT_SPEC = re.compile(r"%[#0\- +]*[\d.]+[a-zA-Z]|\{[^{}]*?:[^{}]*\}")
_WIDTH_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}


def _digits(number: int) -> int:
    """Return an upper estimate of the decimal digits of ``number``."""
    return number.bit_length() * 30103 // 100000 + 1


class Budget:
    """The running account of one render against its :class:`TemplateLimits`; methods raise TemplateError."""

    def __init__(self, limits: TemplateLimits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.max_seconds
        self.steps = 0
        self.output = 0
        self.depth = 0

    def step(self, chars: int = 0) -> None:
        """Count one step (a loop pass, a macro or function call) and ``chars`` of output; check the clock."""
        self.steps += 1
        if self.steps > self.limits.max_steps:
            raise TemplateError(f"循环和调用次数超过上限 {self.limits.max_steps:,} 次（可能是多重循环或递归过深），"
                                f"可用环境变量 NQP_TEMPLATE_MAX_STEPS 调高")
        self.count_output(chars)
        if time.monotonic() > self.deadline:
            raise TemplateError(f"模板渲染超过 {self.limits.max_seconds:g} 秒仍未完成，已停止；"
                                f"可用环境变量 NQP_TEMPLATE_MAX_SECONDS 调高")

    def count_output(self, chars: int) -> None:
        """Add ``chars`` to the rendered output; refuse once it exceeds the output bound."""
        self.output += chars
        if self.output > self.limits.max_chars:
            raise TemplateError(f"模板生成的文本超过 {self.limits.max_output_mb:g} MB 上限，已停止；"
                                f"可用环境变量 NQP_TEMPLATE_MAX_OUTPUT_MB 调高")

    def check_value(self, value: object) -> object:
        """Return ``value`` when it is within the bounds on integer digits and text/list length."""
        if isinstance(value, int) and not isinstance(value, bool):
            self.check_digits(_digits(value))
        elif isinstance(value, _SIZED):
            self.check_length(len(value))
        return value

    def check_digits(self, digits: int) -> None:
        """Refuse an integer of more than the allowed number of decimal digits."""
        if digits > self.limits.max_int_digits:
            raise TemplateError(f"整数过大（约 {digits:,} 位，上限 {self.limits.max_int_digits:,} 位），"
                                f"可用环境变量 NQP_TEMPLATE_MAX_INT_DIGITS 调高")

    def check_length(self, length: int) -> None:
        """Refuse a text or list longer than the output bound in characters."""
        if length > self.limits.max_chars:
            raise TemplateError(f"文本或列表过长（{length:,} 个字符或元素，上限 {self.limits.max_chars:,}），"
                                f"可用环境变量 NQP_TEMPLATE_MAX_OUTPUT_MB 调高")

    def check_range(self, length: int) -> None:
        """Refuse a ``range`` of more than the allowed number of items."""
        if length > self.limits.max_range:
            raise TemplateError(f"range 的项数过多（{length:,} 项，上限 {self.limits.max_range:,} 项），"
                                f"可用环境变量 NQP_TEMPLATE_MAX_RANGE 调高")

    def check_binop(self, operator: str, left: object, right: object) -> None:
        """Refuse ``left operator right`` before it runs when its result would exceed a bound."""
        ints = all(isinstance(v, int) for v in (left, right))
        if operator == "**" and ints and right > 0:
            self.check_digits(_digits(left) * right if abs(left) > 1 else 1)
        elif operator == "*" and ints:
            self.check_digits(_digits(left) + _digits(right))
        elif operator == "*":
            seq, count = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(seq, _SIZED) and isinstance(count, int):
                self.check_length(len(seq) * max(count, 0))
        elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
            self.check_length(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            self.check_format(left)

    def check_format(self, pattern: str) -> None:
        """Refuse a format string (``%`` or ``str.format`` style) whose field widths exceed the length bound."""
        for spec in _FORMAT_SPEC.findall(pattern):
            for width in re.findall(r"\d+", spec):
                self.check_length(int(width) if len(width) < 30 else self.limits.max_chars + 1)

    def check_arguments(self, args: tuple, kwargs: dict) -> None:
        """Refuse integer arguments (widths, counts) larger than the length bound."""
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool):
                self.check_length(abs(value))


_INTERNAL_REPR = re.compile(r"<[^<>\n]{0,300}? at 0x[0-9a-fA-F]+>+")


def check_printable(value: object) -> str:
    """Return the text a printed value shows; TemplateError for a function, method or macro itself.

    Printing one (directly, or through ``format``, ``%``, ``join`` or ``string``) would show
    an internal name and a memory address, which also differs from run to run.
    """
    if callable(value) and not isinstance(value, str):
        name = getattr(value, "__name__", None) or getattr(value, "name", None) or "函数"
        raise TemplateError(f"不能直接输出函数或宏“{name}”本身；调用时要加括号，如 {name}()")
    text = value if isinstance(value, str) else str(value)
    if _INTERNAL_REPR.search(text):
        raise TemplateError("输出中含有程序内部对象的名称和内存地址，多半是把函数本身当作了值格式化或拼接；"
                            "调用函数时要加括号")
    return text


def check_method_call(budget: Budget, func: object, args: tuple, kwargs: dict) -> None:
    """Refuse a call of a built-in ``str``/``list`` method whose widths, counts or join would exceed a bound."""
    owner = getattr(func, "__self__", None)
    if not isinstance(owner, _SIZED) or not callable(func):
        return
    name = getattr(func, "__name__", "")
    budget.check_arguments(args, kwargs)
    if name == "join" and args and isinstance(args[0], (list, tuple)):
        budget.check_length(sum(len(str(v)) for v in args[0]) + len(owner) * len(args[0]))
    elif name == "replace" and len(args) >= 2 and isinstance(owner, str):
        old, new = str(args[0]), str(args[1])
        budget.check_length(len(owner) + owner.count(old) * max(len(new) - len(old), 0) + len(new))


def guard_filter(budget: Budget, name: str, func):
    """Return ``func`` (a Jinja filter) wrapped so its arguments and result are checked against the budget."""
    @functools.wraps(func)
    def guarded(*args, **kwargs):
        budget.step()
        plain = [a for a in args if not _is_jinja_internal(a)]
        if name in _WIDTH_FILTERS:
            budget.check_arguments(tuple(plain[1:]), kwargs)
        elif name == "format" and plain and isinstance(plain[0], str):
            budget.check_format(plain[0])
        elif name == "join" and plain and isinstance(plain[0], (list, tuple)):
            budget.check_length(sum(len(str(v)) for v in plain[0]))
        elif name == "replace" and len(plain) >= 3 and isinstance(plain[0], str):
            check_method_call(budget, plain[0].replace, tuple(plain[1:]), kwargs)
        return budget.check_value(func(*args, **kwargs))

    return guarded


def _is_jinja_internal(value: object) -> bool:
    """Return True for the context/environment objects Jinja passes to some filters first."""
    return isinstance(value, _jinja_internal_types())


@functools.lru_cache(maxsize=1)
def _jinja_internal_types() -> tuple[type, ...]:
    """Return the classes of Jinja's environment, evaluation context and render context."""
    from jinja2 import Environment
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    return Environment, EvalContext, Context
