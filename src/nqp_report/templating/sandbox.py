"""The strict Jinja2 sandbox that renders template bodies and front-matter values, with errors by file and line."""

from __future__ import annotations

import re

from ..errors import shorten, NqpError, TemplateError
from .bounds import Budget, check_method_call, check_printable, guard_filter, limits_from_environment
from .codecache import cached_code
from .markers import escape_markdown
from .template import Template, front_matter_line


def _template_line(exc: BaseException, template: Template) -> int | None:
    """Return the template line of an error raised while rendering, from Jinja's rewritten traceback."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno + template.body_line - 1
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(template.path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return None if line is None else line + template.body_line - 1


_UNDEFINED = re.compile(r"'(?:[^']*object' has no attribute )?'?([^']+)'? is undefined")


_STEP = "_nqp_step"
_CONCAT = "_nqp_concat"


def _bounded_environment(markdown: bool, budget: Budget):
    """Return the strict sandbox bounded by ``budget``; for Markdown bodies printed values are escaped."""
    from jinja2 import StrictUndefined, Undefined
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        """Jinja's sandbox with checks on operators, calls, attribute access, range and printed output."""

        intercepted_binops = frozenset({"**", "*", "+", "%"})

        def call_binop(self, context, operator, left, right):
            budget.step()
            budget.check_binop(operator, left, right)
            return budget.check_value(super().call_binop(context, operator, left, right))

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's calling convention
            budget.step()
            check_method_call(budget, __obj, args, kwargs)
            budget.depth += 1
            try:
                if budget.depth > budget.limits.max_depth:
                    raise TemplateError(f"宏或函数调用嵌套超过 {budget.limits.max_depth} 层（可能是宏无止境地递归），"
                                        f"可用环境变量 NQP_TEMPLATE_MAX_DEPTH 调高")
                return budget.check_value(super().call(__context, __obj, *args, **kwargs))
            finally:
                budget.depth -= 1

        def getattr(self, obj, attribute):
            budget.step()
            if isinstance(obj, str) and attribute in ("format", "format_map"):
                budget.check_format(obj)
            return budget.check_value(super().getattr(obj, attribute))

        def getitem(self, obj, argument):
            budget.step()
            return budget.check_value(super().getitem(obj, argument))

    escape = escape_markdown if markdown else None

    def finalize(value: object) -> object:
        if not isinstance(value, Undefined):
            check_printable(budget.check_value(value))
        shown = escape(value) if escape else value
        budget.count_output(len(shown) if isinstance(shown, str) else len(str(budget.check_value(shown))))
        return shown

    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, finalize=finalize)
    env.filters = {name: guard_filter(budget, name, f) for name, f in env.filters.items()}
    env.globals.update({"range": lambda *args: _bounded_range(budget, args), "lipsum": _bounded_lipsum(budget),
                        _STEP: lambda chars: budget.step(chars) or "",
                        _CONCAT: lambda *parts: _bounded_concat(budget, parts)})
    return env


def _bounded_range(budget: Budget, args: tuple) -> range:
    """Return ``range(*args)`` once its length is within the bound."""
    for value in args:
        budget.check_value(value)
    items = range(*args)
    budget.check_range(len(items))
    return items


def _bounded_lipsum(budget: Budget):
    """Return Jinja's ``lipsum`` refusing more paragraphs or words than the length bound allows."""
    from jinja2.utils import generate_lorem_ipsum

    def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
        budget.check_length(abs(int(n)) * abs(int(max)) * 12)
        return generate_lorem_ipsum(n, html, min, max)

    return lipsum


def _bounded_concat(budget: Budget, parts: tuple) -> str:
    """Return the ``~`` concatenation of ``parts`` once its length is within the bound."""
    texts = [str(budget.check_value(p)) for p in parts]
    budget.check_length(sum(map(len, texts)))
    return "".join(texts)


def _literal_chars(body: list) -> int:
    """Return the characters of template text in ``body``, outside nested loops and macros."""
    from jinja2 import nodes

    total = 0
    for node in body:
        if isinstance(node, nodes.TemplateData):
            total += len(node.data)
        elif not isinstance(node, (nodes.For, nodes.Macro, nodes.CallBlock)):
            total += _literal_chars(list(node.iter_child_nodes()))
    return total


def _instrument(tree):
    """Return the parsed template with a budget step at the head of every loop and macro body and ``~`` checked.

    Each pass of a loop or macro body then counts one step and the template
    text it prints, so nested loops and deep or wide recursion stop at the
    step, time or output bound even when their body calls nothing.
    """
    from jinja2 import nodes

    for node in list(tree.find_all((nodes.For, nodes.Macro, nodes.CallBlock))):
        step = nodes.Call(nodes.Name(_STEP, "load"), [nodes.Const(_literal_chars(node.body))], [], None, None)
        node.body.insert(0, nodes.Output([step]).set_lineno(node.lineno))
    for node in list(tree.find_all(nodes.Concat)):
        node.nodes = [nodes.Call(nodes.Name(_CONCAT, "load"), node.nodes, [], None, None).set_lineno(node.lineno)]
    return tree


def _render(template: Template, source: str, context: dict, where: str, line: int | None,
            markdown: bool = True) -> str:
    """Return ``source`` rendered in the strict sandbox; errors name the template file and line."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    budget = Budget(limits_from_environment())
    env = _bounded_environment(markdown, budget)

    def at(exc: BaseException) -> int | None:
        return _template_line(exc, template) if line is None else line

    try:
        def compile_source():
            tree = _instrument(env.parse(source, name=template.name, filename=str(template.path)))
            tree.set_environment(env)
            return env.compile(tree, name=template.name, filename=str(template.path))

        compiled = cached_code(source, template.name, str(template.path), markdown, compile_source)
        jinja_template = env.template_class.from_code(env, compiled, env.make_globals(None), None)
        return jinja_template.render(context)
    except TemplateError as exc:
        if exc.file is None:
            raise TemplateError(where + exc.detail, str(template.path), at(exc)) from exc
        raise
    except NqpError:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{where}模板语法错误：{exc.message}", str(template.path), at(exc)) from exc
    except UndefinedError as exc:
        raise TemplateError(f"{where}{_undefined_message(str(exc))}", str(template.path), at(exc)) from exc
    except SecurityError as exc:
        raise TemplateError(f"{where}模板不允许的操作（访问内部属性或不安全的调用）", str(template.path), at(exc)) from exc
    except RecursionError as exc:
        raise TemplateError(f"{where}宏或函数递归过深，已停止", str(template.path), at(exc)) from exc
    except MemoryError as exc:
        raise TemplateError(f"{where}模板求值所需内存过多，已停止", str(template.path), at(exc)) from exc
    except OverflowError as exc:
        raise TemplateError(f"{where}数值过大，无法计算", str(template.path), at(exc)) from exc
    except (TypeError, ValueError, KeyError, AttributeError, ZeroDivisionError) as exc:
        raise TemplateError(f"{where}模板求值出错：{_evaluation_message(exc)}", str(template.path), at(exc)) from exc


_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_EVALUATION_TEXTS = (
    ("not all arguments converted", "格式字符串中的占位符比给出的值少"),
    ("not enough arguments for format string", "格式字符串中的占位符比给出的值多"),
    ("no loader for this environment", "模板不能引用其他模板文件（include、import、extends 不可用）"),
    ("unsupported operand type", "运算的两边类型不符（如文字与数字相加）"),
    ("can only concatenate", "只能把同类的值连接起来（如文字与文字）；文字与数字连接请用 ~"),
    ("not supported between instances", "这两个值无法比较大小（类型不同）"),
    ("object is not iterable", "该值不是列表，不能逐项循环"),
    ("object is not callable", "该值不是函数，不能调用"),
    ("missing", "调用函数时少给了参数"),
    ("takes", "调用函数时给的参数个数不对"),
    ("unexpected keyword argument", "调用函数时用了它没有的参数名"),
    ("invalid literal", "文字无法转换为数字"),
    ("could not convert", "文字无法转换为数字"),
    ("division", "除数为零"),
    ("modulo", "除数为零"),
)


def _undefined_message(text: str) -> str:
    """Return a Jinja undefined-name error in Chinese: the unknown name, or the missing attribute."""
    if (m := _ATTRIBUTE.search(text)) is not None:
        return f"该值没有名为“{m.group(1)}”的属性或方法"
    if "inline if-expression" in text:
        return "行内 if 表达式的条件不成立，又没有 else 部分；请补上 else"
    m = _UNDEFINED.search(text)
    return f"未知的名称“{m.group(1) if m else shorten(text)}”"


def _evaluation_message(exc: BaseException) -> str:
    """Return a Python evaluation error of a template in Chinese (the usual causes; else its kind)."""
    text = str(exc)
    if isinstance(exc, KeyError):
        return f"键“{shorten(text.strip(chr(39)))}”不存在"
    if isinstance(exc, AttributeError) and (m := _ATTRIBUTE.search(text)) is not None:
        return f"该值没有名为“{m.group(1)}”的属性或方法"
    for fragment, chinese in _EVALUATION_TEXTS:
        if fragment in text:
            return chinese
    kinds = {TypeError: "值的类型不符", ValueError: "值无效", AttributeError: "该值没有这个属性或方法",
             ZeroDivisionError: "除数为零"}
    return next((v for k, v in kinds.items() if isinstance(exc, k)), "计算出错")


def render_markdown(template: Template, context: dict) -> str:
    """Return the template body rendered by the strict sandboxed Jinja2 environment."""
    return _render(template, template.body, context, "", None)


def render_front_matter(template: Template, key: str, value: object, context: dict) -> str:
    """Return one front-matter value (``title: "{{ target }}…"``) rendered in the same strict sandbox."""
    text = "" if value is None else str(value)
    return _render(template, text, context, f"前置参数“{key}”中：", front_matter_line(template, key), markdown=False)
